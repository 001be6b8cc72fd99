/**
 * The input every data-driven model fits on: unique journeys (paths of integer-encoded states)
 * with how many of them converted, their conversion value and how many did not convert.
 * Identical paths are aggregated first, so the models' cost follows the number of distinct paths,
 * not the number of journeys (a million journeys over 8 channels hold a few ten thousand paths).
 */
export interface PathTable {
  /** State names, indexed by state id. */
  readonly stateNames: readonly string[];
  /** CSR layout: the states of path p are pathStates[pathOffsets[p] .. pathOffsets[p + 1]). */
  readonly pathOffsets: Int32Array;
  readonly pathStates: Int32Array;
  /** Converting journeys of each path (ChannelAttribution's total_conversions). */
  readonly conversions: Float64Array;
  /** Conversion value of each path (total_conversion_value). */
  readonly values: Float64Array;
  /** Non-converting journeys of each path (total_null). */
  readonly nulls: Float64Array;
}

export function pathCount(table: PathTable): number {
  return table.pathOffsets.length - 1;
}

export function totalConversions(table: PathTable): number {
  let sum = 0;
  for (const count of table.conversions) sum += count;
  return sum;
}

export function totalValue(table: PathTable): number {
  let sum = 0;
  for (const value of table.values) sum += value;
  return sum;
}

/** Builds a PathTable, interning state names and aggregating identical paths. */
export class PathTableBuilder {
  private readonly stateIdByName = new Map<string, number>();
  private readonly stateNames: string[] = [];
  private readonly pathIndexByKey = new Map<string, number>();
  private offsets: number[] = [0];
  private states: number[] = [];
  private conversions: number[] = [];
  private values: number[] = [];
  private nulls: number[] = [];

  stateId(name: string): number {
    let id = this.stateIdByName.get(name);
    if (id === undefined) {
      id = this.stateNames.length;
      this.stateNames.push(name);
      this.stateIdByName.set(name, id);
    }
    return id;
  }

  /** Index of the path with these states, adding it when new. `key` is any string unique per state sequence. */
  pathIndex(key: string, stateIds: () => ArrayLike<number>): number {
    let index = this.pathIndexByKey.get(key);
    if (index === undefined) {
      index = this.conversions.length;
      this.pathIndexByKey.set(key, index);
      const ids = stateIds();
      for (let position = 0; position < ids.length; position++) this.states.push(ids[position]);
      this.offsets.push(this.states.length);
      this.conversions.push(0);
      this.values.push(0);
      this.nulls.push(0);
    }
    return index;
  }

  /** Adds journeys on a path given as state ids. */
  addPath(stateIds: ArrayLike<number>, conversions: number, value: number, nulls: number): void {
    let key = '';
    for (let position = 0; position < stateIds.length; position++) key += (position === 0 ? '' : ',') + stateIds[position];
    this.addToPath(this.pathIndex(key, () => stateIds), conversions, value, nulls);
  }

  addToPath(index: number, conversions: number, value: number, nulls: number): void {
    this.conversions[index] += conversions;
    this.values[index] += value;
    this.nulls[index] += nulls;
  }

  build(): PathTable {
    return {
      stateNames: this.stateNames.slice(),
      pathOffsets: Int32Array.from(this.offsets),
      pathStates: Int32Array.from(this.states),
      conversions: Float64Array.from(this.conversions),
      values: Float64Array.from(this.values),
      nulls: Float64Array.from(this.nulls),
    };
  }
}

/**
 * Collapses consecutive repeats of a state (A > A > B becomes A > B), ChannelAttribution's
 * default, and re-aggregates paths that become identical.
 */
export function collapseRepeats(table: PathTable): PathTable {
  const builder = new PathTableBuilder();
  for (const name of table.stateNames) builder.stateId(name);
  const collapsed: number[] = [];
  for (let path = 0; path < pathCount(table); path++) {
    collapsed.length = 0;
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) {
      const state = table.pathStates[slot];
      if (collapsed.length === 0 || collapsed[collapsed.length - 1] !== state) collapsed.push(state);
    }
    builder.addPath(collapsed, table.conversions[path], table.values[path], table.nulls[path]);
  }
  return builder.build();
}
