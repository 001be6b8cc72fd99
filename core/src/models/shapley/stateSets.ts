import { pathCount, type PathTable } from '../data-driven/pathTable';

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
  const indexByKey = new Map<string, number>();
  const offsets: number[] = [0];
  const members: number[] = [];
  const conversions: number[] = [];
  const values: number[] = [];
  const seen = new Set<number>();
  for (let path = 0; path < pathCount(table); path++) {
    if (table.conversions[path] === 0 && table.values[path] === 0) continue;
    seen.clear();
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) seen.add(table.pathStates[slot]);
    if (seen.size === 0) continue;
    const sorted = [...seen].sort((left, right) => left - right);
    const key = sorted.join(',');
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = conversions.length;
      indexByKey.set(key, index);
      members.push(...sorted);
      offsets.push(members.length);
      conversions.push(0);
      values.push(0);
    }
    conversions[index] += table.conversions[path];
    values[index] += table.values[path];
  }
  return {
    memberOffsets: Int32Array.from(offsets),
    members: Int32Array.from(members),
    conversions: Float64Array.from(conversions),
    values: Float64Array.from(values),
  };
}
