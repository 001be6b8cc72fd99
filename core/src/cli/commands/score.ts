import type { Command } from 'commander';
import { readResolvedFile, readTruthFile } from '../../scoring/readScoringFiles';
import { readSimulationSummary, type SimulationBayesLimit } from '../../scoring/readSimulationSummary';
import { scoreResolution, type ResolutionScore } from '../../scoring/scoreResolution';
import { InputError } from '../../dataset/inputError';
import { oneOf } from '../dataOptions';
import { renderTable, writeOutput } from '../output';

interface ScoreOptions {
  truth?: string;
  resolved?: string;
  format?: string;
  out?: string;
}

const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;

/**
 * Against a simulation's Bayes limit (simulation.json beside the truth file): the ambiguous
 * touches' accuracy gap to it, and the true posteriors' calibration error on the same touches,
 * which is what a ten-bin ECE shows on that many touches even for perfect probabilities.
 */
export function renderBayesComparison(score: ResolutionScore, bayes: SimulationBayesLimit): string {
  const ambiguous = score.byClass.ambiguous;
  if (!ambiguous) return '';
  const gap = 100 * (bayes.accuracy - ambiguous.accuracy);
  const floor = bayes.calibrationError === undefined ? '' : `; the true posteriors' ECE on them ${bayes.calibrationError.toFixed(4)} (the metric's noise at this size) against ${ambiguous.calibrationError.toFixed(4)}`;
  return `Ambiguous touches against the Bayes limit (simulation.json): ${percent(ambiguous.accuracy)} against ${percent(bayes.accuracy)}, gap ${gap.toFixed(2)} points${floor}\n`;
}

export function renderScore(score: ResolutionScore): string {
  const rows = (groups: ResolutionScore['byClass']): string[][] =>
    Object.entries(groups).map(([name, group]) => [
      name,
      String(group.touches),
      percent(group.accuracy),
      percent(group.attributedShare),
      group.meanConfidence.toFixed(3),
      group.calibrationError.toFixed(4),
    ]);
  const headers = ['', 'touches', 'accuracy', 'attributed', 'mean conf.', 'ECE'];
  const numeric = new Set([1, 2, 3, 4, 5]);
  return (
    `Accuracy by truth class (${score.touches} touchpoints; attributed = share credited to some campaign)\n` +
    renderTable(['class', ...headers.slice(1)], [...rows(score.byClass), ['ALL', ...rows({ all: score.overall })[0].slice(1)]], numeric) +
    `\nBy match kind\n` +
    renderTable(['match', ...headers.slice(1)], rows(score.byMatch), numeric) +
    `\nExpected calibration error of confidence (10 bins): ${score.calibrationError.toFixed(4)}\n`
  );
}

/** `attribution score`: a resolution against ground truth. */
export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('score resolved touchpoints against truth.csv: accuracy by class (carried, ambiguous, organic) and calibration error')
    .requiredOption('--truth <file>', 'truth.csv: touchpoint_id,campaign_id[,class]')
    .requiredOption('--resolved <file>', 'the CSV written by attribution resolve')
    .option('--format <format>', 'table or json', 'table')
    .option('--out <file>', 'write here (atomically) instead of stdout')
    .action((options: ScoreOptions) => {
      const format = oneOf(options.format, ['table', 'json'] as const, '--format', 'table');
      if (!options.truth || !options.resolved) throw new InputError('name both files', { field: '--truth' });
      const score = scoreResolution(readTruthFile(options.truth), readResolvedFile(options.resolved), { truth: options.truth, resolved: options.resolved });
      const bayes = readSimulationSummary(options.truth);
      const ambiguous = score.byClass.ambiguous;
      const json = bayes && ambiguous ? { ...score, bayesLimit: bayes, gapToBayesPoints: 100 * (bayes.accuracy - ambiguous.accuracy) } : score;
      writeOutput(options.out, (write) => write(format === 'json' ? JSON.stringify(json, null, 2) + '\n' : renderScore(score) + (bayes ? renderBayesComparison(score, bayes) : '')));
    });
}
