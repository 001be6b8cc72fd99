import type { PathTable } from '../models/data-driven/pathTable';
import type { DataDrivenSettings } from '../models/data-driven/settings';
import { markovAttribution } from '../models/markov/markovAttribution';
import { pathTableCredits } from './ruleBasedPathCredits';
import { compareText } from '../util/compareText';

// Runtime requires on purpose: a paths run loads only the model it fits. The incremental model
// is about 20 modules (some 16 ms to load) that `paths --model markov` on a million journeys
// should not pay.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <Module>(path: string): Module => require(path) as Module;

export const PATH_MODELS = ['first-touch', 'last-touch', 'linear', 'markov', 'shapley', 'incremental'] as const;
export type PathModel = (typeof PATH_MODELS)[number];

/** One output row of `attribution paths`. */
export interface PathCreditRow {
  readonly state: string;
  /** 1-based position among a path's distinct states (ordered Shapley only). */
  readonly position?: number;
  readonly conversions: number;
  readonly value: number;
  readonly ciLow?: number;
  readonly ciHigh?: number;
  readonly standardError?: number;
}

/**
 * Credits of every state under one model, largest first (ties by state name), so the output
 * never depends on the order of the input rows. States that never occur in a path are left out.
 */
export function attributePaths(table: PathTable, model: PathModel, settings: DataDrivenSettings, ordered = false): PathCreditRow[] {
  const occurs = new Uint8Array(table.stateNames.length);
  for (const state of table.pathStates) occurs[state] = 1;
  let rows: PathCreditRow[] = [];
  if (model === 'shapley' && ordered) {
    const { orderedShapley } = load<typeof import('../models/shapley/simplifiedShapley')>('../models/shapley/simplifiedShapley');
    const credits = orderedShapley(table.pathOffsets, table.pathStates, table.conversions, table.values, table.stateNames.length);
    table.stateNames.forEach((state, id) => {
      credits.conversions[id].forEach((conversions, position) =>
        rows.push({ state, position: position + 1, conversions, value: credits.values[id][position] }),
      );
    });
    return rows.sort((left, right) => compareStates(left, right) || (left.position ?? 0) - (right.position ?? 0));
  }
  if (model === 'first-touch' || model === 'last-touch' || model === 'linear') {
    const credits = pathTableCredits(table, model);
    rows = table.stateNames.map((state, id) => ({ state, conversions: credits.conversions[id], value: credits.values[id] }));
  } else {
    const attribution =
      model === 'markov'
        ? markovAttribution(table, settings)
        : model === 'shapley'
          ? load<typeof import('../models/shapley')>('../models/shapley').shapleyAttribution(table, settings)
          : load<typeof import('../models/incremental')>('../models/incremental').incrementalAttribution(table, settings);
    rows = table.stateNames.map((state, id) => ({
      state,
      conversions: attribution.conversions[id],
      value: attribution.values[id],
      ciLow: attribution.conversionsLow?.[id],
      ciHigh: attribution.conversionsHigh?.[id],
      standardError: attribution.standardErrors?.[id],
    }));
  }
  return rows.filter((row, id) => occurs[id]).sort((left, right) => right.conversions - left.conversions || compareStates(left, right));
}

function compareStates(left: PathCreditRow, right: PathCreditRow): number {
  return compareText(left.state, right.state);
}
