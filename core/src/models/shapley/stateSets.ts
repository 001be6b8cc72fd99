import { pathCount, type PathTable } from '../data-driven/pathTable';
import { SequenceIndex } from '../data-driven/sequenceIndex';
import { grownTo } from '../../util/typedArrays';

/**
 * Converting journeys grouped by their set of distinct states: the coalitions of the simplified
 * Shapley game. `members` is CSR by set, each set sorted.
 */
export interface StateSets {
  readonly memberOffsets: Int32Array;
  readonly members: Int32Array;
  readonly conversions: Float64Array;
  readonly values: Float64Array;
}

export function convertingStateSets(table: PathTable): StateSets {
  const index = new SequenceIndex();
  const offsets: number[] = [0];
  const members: number[] = [];
  const conversions: number[] = [];
  const values: number[] = [];
  // A path's distinct states, sorted (insertion sort: paths touch few states), mark-reset per path.
  const seen = new Uint8Array(table.stateNames.length);
  let sorted = new Int32Array(64);
  for (let path = 0; path < pathCount(table); path++) {
    if (table.conversions[path] === 0 && table.values[path] === 0) continue;
    let size = 0;
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) {
      const state = table.pathStates[slot];
      if (seen[state]) continue;
      seen[state] = 1;
      if (size === sorted.length) sorted = grownTo(sorted, size * 2);
      let position = size++;
      while (position > 0 && sorted[position - 1] > state) {
        sorted[position] = sorted[position - 1];
        position--;
      }
      sorted[position] = state;
    }
    for (let position = 0; position < size; position++) seen[sorted[position]] = 0;
    if (size === 0) continue;
    const set = index.intern(sorted, 0, size);
    if (set === conversions.length) {
      for (let position = 0; position < size; position++) members.push(sorted[position]);
      offsets.push(members.length);
      conversions.push(0);
      values.push(0);
    }
    conversions[set] += table.conversions[path];
    values[set] += table.values[path];
  }
  return {
    memberOffsets: Int32Array.from(offsets),
    members: Int32Array.from(members),
    conversions: Float64Array.from(conversions),
    values: Float64Array.from(values),
  };
}
