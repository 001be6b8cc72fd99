import { defineDataDrivenModel } from '../data-driven/defineDataDrivenModel';
import type { PathTable } from '../data-driven/pathTable';
import type { StateAttribution } from '../data-driven/stateAttribution';
import { EXACT_SHAPLEY_MAX_STATES, exactSimplifiedShapley, playersOf, sampledSimplifiedShapley } from './simplifiedShapley';
import { convertingStateSets } from './stateSets';
import { compareText } from '../../util/compareText';

export interface ShapleyOptions {
  readonly shapleyPermutations: number;
  readonly seed: number;
}

/**
 * Simplified Shapley attribution (Zhao et al. 2018): exact by subset DP up to 20 states, a
 * permutation-sampled estimate with its standard error above. Shapley values are efficient, so
 * exact credits sum to the total conversions and value.
 */
export function shapleyAttribution(table: PathTable, options: ShapleyOptions): StateAttribution {
  const stateCount = table.stateNames.length;
  const sets = convertingStateSets(table);
  if (playersOf(sets, stateCount).length <= EXACT_SHAPLEY_MAX_STATES) {
    const exact = exactSimplifiedShapley(sets, stateCount);
    return { stateNames: table.stateNames, conversions: exact.conversions, values: exact.values, weights: exact.conversions };
  }
  // States draw their ranks in the order of their names: the estimate is the same whatever order the rows came in.
  const byName = Array.from({ length: stateCount }, (_value, state) => state).sort(
    (left, right) => compareText(table.stateNames[left], table.stateNames[right]) || left - right,
  );
  const sampled = sampledSimplifiedShapley(sets, stateCount, options.shapleyPermutations, options.seed, byName);
  return {
    stateNames: table.stateNames,
    conversions: sampled.conversions,
    values: sampled.values,
    weights: sampled.conversions,
    standardErrors: sampled.standardErrors,
  };
}

export const shapleyModel = defineDataDrivenModel(
  'shapley',
  'data-driven: simplified Shapley value of conversions (exact up to 20 states)',
  (table, settings) => shapleyAttribution(table, settings),
);
