import type { Command } from 'commander';
import { readResolvedFile, readTruthFile } from '../../scoring/readScoringFiles';
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
      writeOutput(options.out, (write) => write(format === 'json' ? JSON.stringify(score, null, 2) + '\n' : renderScore(score)));
    });
}
