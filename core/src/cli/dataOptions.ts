import type { Command } from 'commander';
import type { Dataset } from '../dataset/dataset';
import { InputError } from '../dataset/inputError';
import { DEFAULT_LOOKBACK_DAYS } from '../journeys/journey';
import type { ModelSettings } from '../models/model';
import { DEFAULT_HALF_LIFE_DAYS } from '../models/time-decay';
import type { TouchpointResolution } from '../resolution/resolution';
import { formatIsoTimestamp, parseIsoTimestamp } from '../time/isoTimestamp';

// The dataset reader, the resolver and the rules reader load when a command uses them, not when
// it is declared: `attribution paths --input FILE` needs none of them (nor zod, which they load).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <Module>(path: string): Module => require(path) as Module;

/** The options every data-reading command shares. */
export interface DataOptions {
  data?: string;
  campaigns?: string;
  contacts?: string;
  touchpoints?: string;
  deals?: string;
}

export interface ModelOptions {
  asOf?: string;
  lookbackDays?: string;
  halfLifeDays?: string;
  rules?: string;
  order?: string;
  keepRepeats?: boolean;
  outcome?: string;
  bootstrap?: string;
  seed?: string;
}

export function addDataOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'folder holding campaigns.csv, contacts.csv, touchpoints.csv and deals.csv')
    .option('--campaigns <file>', 'campaigns CSV (overrides the one in --data)')
    .option('--contacts <file>', 'contacts CSV (overrides the one in --data)')
    .option('--touchpoints <file>', 'touchpoints CSV (overrides the one in --data)')
    .option('--deals <file>', 'deals CSV (overrides the one in --data)');
}

export function addModelOptions(command: Command): Command {
  return command
    .option('--as-of <time>', 'conversion point of open deals: ISO 8601 with Z or an offset, or YYYY-MM-DD (default: now)')
    .option('--lookback-days <n>', `journey window before the conversion point (default ${DEFAULT_LOOKBACK_DAYS})`)
    .option('--half-life-days <n>', `time-decay half-life (default ${DEFAULT_HALF_LIFE_DAYS})`)
    .option('--rules <file>', 'custom model rules (JSON)')
    .option('--order <k>', 'markov: chain order 1-4 (default 1)')
    .option('--keep-repeats', 'markov: keep consecutive repeats of a state instead of collapsing them')
    .option('--outcome <outcome>', 'data-driven models: pipeline (every deal converts) or revenue (won deals convert, lost do not)')
    .option('--bootstrap <n>', 'incremental: bootstrap replicates for confidence intervals (default 100)')
    .option('--seed <n>', 'data-driven models: random seed (default 1)');
}

export function loadDataset(options: DataOptions): Dataset {
  if (!options.data && !(options.campaigns && options.contacts && options.touchpoints && options.deals)) {
    throw new InputError('name a data folder with --data DIR (or all four of --campaigns, --contacts, --touchpoints, --deals)', { field: '--data' });
  }
  const { readDataset, datasetFiles } = load<typeof import('../dataset/readDataset')>('../dataset/readDataset');
  const dataset = readDataset(
    datasetFiles(options.data, { campaigns: options.campaigns, contacts: options.contacts, touchpoints: options.touchpoints, deals: options.deals }),
  );
  for (const line of absentColumnNotes(dataset)) process.stderr.write(`attribution: note: ${line}\n`);
  return dataset;
}

/**
 * For commands that credit deals: a note on stderr when open deals lost every touch to the
 * lookback window before the as-of time (`openDealsBeforeWindow`), saying what happened and the
 * option that sets it.
 */
export function noteAsOf(dataset: Dataset, settings: { asOf: number; lookbackDays: number }): void {
  const { openDealsBeforeWindow } = load<typeof import('../journeys/openDealsBeforeWindow')>('../journeys/openDealsBeforeWindow');
  const count = openDealsBeforeWindow(dataset, settings.asOf, settings.lookbackDays);
  if (count === 0) return;
  process.stderr.write(
    `attribution: note: ${count} open deal${count === 1 ? ' has' : 's have'} touches only before the lookback window (${settings.lookbackDays} days before the as-of time ` +
      `${formatIsoTimestamp(settings.asOf)}), so ${count === 1 ? 'its' : 'their'} pipeline falls under (no touchpoints); ` +
      '--as-of sets the conversion point of open deals (default now): give the time the data was exported\n',
  );
}

/** One line per data file whose header left out optional columns, naming them (they read as empty). */
export function absentColumnNotes(dataset: Dataset): string[] {
  return (['campaigns', 'contacts', 'touchpoints', 'deals'] as const).flatMap((table) => {
    const source = dataset.sources[table];
    const absent = source?.absentColumns ?? [];
    return source && absent.length > 0 ? [`${source.file} has no column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}: read as empty`] : [];
  });
}

export function resolveTouchpoints(dataset: Dataset): TouchpointResolution[] {
  return load<typeof import('../resolution')>('../resolution').defaultResolver().resolve(dataset);
}

/** A positive number parameter, with an error naming the parameter. */
export function positiveNumber(raw: string | undefined, parameter: string, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InputError(`expected a positive ${integer ? 'whole ' : ''}number, found ${JSON.stringify(raw)}`, { field: parameter });
  }
  return value;
}

export function parseAsOf(raw: string | undefined): number {
  if (raw === undefined) return Date.now();
  const value = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseIsoTimestamp(`${raw}T00:00:00Z`) : parseIsoTimestamp(raw);
  if (value === undefined) throw new InputError(`expected an ISO 8601 time with Z or an offset (or YYYY-MM-DD), found ${JSON.stringify(raw)}`, { field: '--as-of' });
  return value;
}

export function modelSettings(options: ModelOptions): ModelSettings {
  return {
    asOf: parseAsOf(options.asOf),
    lookbackDays: positiveNumber(options.lookbackDays, '--lookback-days', DEFAULT_LOOKBACK_DAYS),
    halfLifeDays: positiveNumber(options.halfLifeDays, '--half-life-days', DEFAULT_HALF_LIFE_DAYS),
    customRules: options.rules ? load<typeof import('../models/custom/customRules')>('../models/custom/customRules').readCustomRules(options.rules) : undefined,
    dataDriven: dataDrivenOptions(options),
  };
}

/** The data-driven models' knobs (models/data-driven/settings.ts validates them again). */
export function dataDrivenOptions(options: ModelOptions): Record<string, unknown> {
  const knobs: Record<string, unknown> = {};
  if (options.order !== undefined) {
    const order = positiveNumber(options.order, '--order', 1, true);
    if (order > 4) throw new InputError(`expected a Markov order from 1 to 4, found ${JSON.stringify(options.order)}`, { field: '--order' });
    knobs.order = order;
  }
  if (options.keepRepeats) knobs.keepRepeats = true;
  if (options.outcome !== undefined) knobs.outcome = oneOf(options.outcome, ['pipeline', 'revenue'] as const, '--outcome', 'pipeline');
  if (options.bootstrap !== undefined) knobs.bootstrapSamples = options.bootstrap.trim() === '0' ? 0 : positiveNumber(options.bootstrap, '--bootstrap', 100, true);
  if (options.seed !== undefined) knobs.seed = options.seed.trim() === '0' ? 0 : positiveNumber(options.seed, '--seed', 1, true);
  return knobs;
}

/** Checks an enumerated parameter. */
export function oneOf<Value extends string>(raw: string | undefined, allowed: readonly Value[], parameter: string, fallback: Value): Value {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new InputError(`expected one of ${allowed.join(', ')}, found ${JSON.stringify(raw)}`, { field: parameter });
  return raw as Value;
}
