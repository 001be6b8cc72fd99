import { isMainThread } from 'node:worker_threads';
import { pathCount, PathTableBuilder, type PathTable } from '../data-driven/pathTable';

/**
 * Overlap (positivity): an effect can only be estimated from journeys that could have gone either
 * way. A state that touched no journey that did not convert has nothing to compare against: the
 * fit reads it as a near-certain cause and credits it with whole conversions, whatever it did.
 * In CRM data such states are mostly touches that exist because a deal does (a discovery meeting
 * logged as the deal is opened, a form that creates the deal). The incremental model leaves them
 * out of its fit and gives them no credit, and says so (Rosenbaum & Rubin 1983: estimating an
 * effect from observational data needs a positive chance of every exposure in both outcomes).
 */

/**
 * The states (ids) that reach converting journeys and no non-converting one. None when the table
 * has no non-converting journeys at all (a paths file without total_null): there no state has
 * overlap, and the model fits what it is given.
 */
export function statesWithoutOverlap(table: PathTable): number[] {
  const stateCount = table.stateNames.length;
  const nullJourneys = new Float64Array(stateCount);
  const convertingJourneys = new Float64Array(stateCount);
  // The last path each state was counted for: a state repeated within a path counts once.
  const countedInPath = new Int32Array(stateCount).fill(-1);
  let anyNull = false;
  for (let path = 0; path < pathCount(table); path++) {
    if (table.nulls[path] > 0) anyNull = true;
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) {
      const state = table.pathStates[slot];
      if (countedInPath[state] === path) continue;
      countedInPath[state] = path;
      nullJourneys[state] += table.nulls[path];
      convertingJourneys[state] += table.conversions[path];
    }
  }
  if (!anyNull) return [];
  const without: number[] = [];
  for (let state = 0; state < stateCount; state++) if (convertingJourneys[state] > 0 && nullJourneys[state] === 0) without.push(state);
  return without;
}

/** A path table without some states: their touches dropped, paths left empty dropped with their journeys. */
export interface ReducedPathTable {
  readonly table: PathTable;
  /** The original state id of each state of `table`. */
  readonly originalStates: Int32Array;
}

export function withoutStates(table: PathTable, excluded: readonly number[]): ReducedPathTable {
  const stateCount = table.stateNames.length;
  const newId = new Int32Array(stateCount).fill(-1);
  const builder = new PathTableBuilder(pathCount(table));
  const isExcluded = new Uint8Array(stateCount);
  for (const state of excluded) isExcluded[state] = 1;
  const originalStates: number[] = [];
  for (let state = 0; state < stateCount; state++) {
    if (isExcluded[state]) continue;
    newId[state] = builder.stateId(table.stateNames[state]);
    originalStates.push(state);
  }
  let kept = new Int32Array(64);
  for (let path = 0; path < pathCount(table); path++) {
    const from = table.pathOffsets[path];
    const to = table.pathOffsets[path + 1];
    if (to - from > kept.length) kept = new Int32Array(2 * (to - from));
    let length = 0;
    for (let slot = from; slot < to; slot++) {
      const state = newId[table.pathStates[slot]];
      if (state >= 0) kept[length++] = state;
    }
    if (length > 0) builder.addPath(kept, table.conversions[path], table.values[path], table.nulls[path], 0, length);
  }
  return { table: builder.build(), originalStates: Int32Array.from(originalStates) };
}

/** Says which states the incremental model left out, on the main thread (a worker's warning could be lost). */
export function warnStatesWithoutOverlap(names: readonly string[]): void {
  if (names.length === 0 || !isMainThread) return;
  const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  process.emitWarning(
    `incremental model: ${listed} reached only journeys that converted; with no journey that did not convert to compare against, ` +
      'their effect cannot be estimated, and they get no credit (often sales touches that exist because a deal does)',
  );
}
