import type { Command } from 'commander';
import { InputError } from '../../dataset/inputError';
import { simulateDataset } from '../../simulate/simulateDataset';
import { writeSimulation } from '../../simulate/writeSimulation';
import { positiveNumber } from '../dataOptions';

interface SimulateOptions {
  out?: string;
  seed?: string;
  contacts?: string;
}

/** `attribution simulate`: a synthetic data set with ground truth and the Bayes limit on its ambiguous touches. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('write a simulated data set (four CSVs), truth.csv and simulation.json (Bayes-optimal accuracy on ambiguous touches)')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--seed <n>', 'random seed (same seed, same data)', '1')
    .option('--contacts <n>', 'approximate number of contacts', '5000')
    .action((options: SimulateOptions) => {
      const seed = Number(options.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new InputError(`expected a whole number ≥ 0, found ${JSON.stringify(options.seed)}`, { field: '--seed' });
      const contacts = positiveNumber(options.contacts, '--contacts', 5000, true);
      if (!options.out) throw new InputError('name the output folder', { field: '--out' });
      const result = simulateDataset({ seed, contacts });
      writeSimulation(options.out, result, seed);
      const { tables, bayes } = result;
      process.stdout.write(
        `simulated ${tables.campaigns.length} campaigns, ${tables.contacts.length} contacts, ${tables.touchpoints.length} touchpoints, ${tables.deals.length} deals (seed ${seed}) into ${options.out}\n` +
          `ambiguous touches: ${bayes.ambiguousTouches} (${(bayes.campaignShare * 100).toFixed(1)}% truly from a campaign); ` +
          `Bayes-optimal accuracy ${(bayes.accuracy * 100).toFixed(2)}% (expected ${(bayes.expectedAccuracy * 100).toFixed(2)}%)\n`,
      );
    });
}
