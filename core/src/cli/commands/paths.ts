import type { Command } from 'commander';
import type { PathTable } from '../../models/data-driven/pathTable';
import { dataDrivenSettings } from '../../models/data-driven/settings';
import { standardJourneyOptions } from '../../models/model';
import { attributePaths, PATH_MODELS, type PathCreditRow } from '../../paths/pathAttribution';
import { readPathsFile } from '../../paths/readPathsFile';
import { InputError } from '../../dataset/inputError';
import { addDataOptions, addModelOptions, loadDataset, modelSettings, oneOf, resolveTouchpoints, type DataOptions, type ModelOptions } from '../dataOptions';
import { csvLine, roundTo, writeOutput } from '../output';

interface PathsOptions extends DataOptions, ModelOptions {
  input?: string;
  model: string;
  by?: string;
  ordered?: boolean;
  permutations?: string;
  format?: string;
  out?: string;
}

/**
 * `attribution paths`: credits per state from a ChannelAttribution-format paths file (--input) or
 * from the data set's journeys (--data): one row per state, state,conversions,value (plus
 * ci_low,ci_high for incremental, standard_error for sampled Shapley, position for --ordered).
 */
export function registerPathsCommand(program: Command): void {
  const command = program
    .command('paths')
    .description('credit per state from a ChannelAttribution paths file (path,total_conversions[,total_conversion_value][,total_null]) or from --data')
    .option('--input <file>', 'paths file, comma or semicolon separated (- for standard input)')
    .requiredOption('--model <name>', PATH_MODELS.join(', '))
    .option('--by <dimension>', 'with --data: campaign, influencer or channel', 'campaign')
    .option('--ordered', 'shapley: the ordered variant, one row per state and position')
    .option('--permutations <n>', 'shapley above 20 states: sampled permutations (default 2000)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write here (atomically) instead of stdout');
  addModelOptions(addDataOptions(command)).action((options: PathsOptions) => {
    const model = oneOf(options.model, PATH_MODELS, '--model', 'markov');
    const format = oneOf(options.format, ['csv', 'json'] as const, '--format', 'csv');
    const by = oneOf(options.by, ['campaign', 'influencer', 'channel'] as const, '--by', 'campaign');
    const settings = { ...modelSettings(options), by };
    const knobs = { ...(settings.dataDriven ?? {}) };
    if (options.permutations !== undefined) knobs.shapleyPermutations = Number(options.permutations);
    const dataDriven = dataDrivenSettings({ dataDriven: knobs });
    if (options.ordered && model !== 'shapley') throw new InputError('--ordered applies to --model shapley only', { field: '--ordered' });
    let table: PathTable;
    if (options.input) {
      if (options.data) throw new InputError('give either --input FILE or --data DIR, not both', { field: '--input' });
      table = readPathsFile(options.input).table;
    } else {
      const dataset = loadDataset(options);
      const resolutions = resolveTouchpoints(dataset);
      // Loaded for --data only: a paths file needs neither (some 7-17 ms of module loading).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildJourneys } = require('../../journeys/buildJourneys') as typeof import('../../journeys/buildJourneys');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { journeyPaths } = require('../../models/data-driven/journeyPaths') as typeof import('../../models/data-driven/journeyPaths');
      const journeys = buildJourneys(dataset, standardJourneyOptions(settings));
      table = journeyPaths(dataset, resolutions, journeys, settings, dataDriven.outcome).table;
    }
    const rows = attributePaths(table, model, dataDriven, options.ordered === true);
    writeOutput(options.out, (write) => write(renderPathCredits(rows, format)));
  });
}

export function renderPathCredits(rows: readonly PathCreditRow[], format: 'csv' | 'json'): string {
  const hasPosition = rows.some((row) => row.position !== undefined);
  const hasInterval = rows.some((row) => row.ciLow !== undefined);
  const hasError = rows.some((row) => row.standardError !== undefined);
  const columns = ['state', ...(hasPosition ? ['position'] : []), 'conversions', 'value', ...(hasInterval ? ['ci_low', 'ci_high'] : []), ...(hasError ? ['standard_error'] : [])];
  const records = rows.map((row) => {
    const record: Record<string, string | number> = { state: row.state };
    if (hasPosition) record.position = row.position ?? 0;
    record.conversions = roundTo(row.conversions, 6);
    record.value = roundTo(row.value, 6);
    if (hasInterval) {
      record.ci_low = roundTo(row.ciLow ?? 0, 6);
      record.ci_high = roundTo(row.ciHigh ?? 0, 6);
    }
    if (hasError) record.standard_error = roundTo(row.standardError ?? 0, 6);
    return record;
  });
  if (format === 'json') return JSON.stringify(records, null, 2) + '\n';
  return csvLine(columns) + records.map((record) => csvLine(columns.map((column) => record[column]))).join('');
}
