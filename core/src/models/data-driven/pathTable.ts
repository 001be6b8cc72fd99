import { SequenceIndex } from './sequenceIndex';

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
  private readonly paths = new SequenceIndex();
  private conversions = new Float64Array(1024);
  private values = new Float64Array(1024);
  private nulls = new Float64Array(1024);

  stateId(name: string): number {
    let id = this.stateIdByName.get(name);
    if (id === undefined) {
      id = this.stateNames.length;
      this.stateNames.push(name);
      this.stateIdByName.set(name, id);
    }
    return id;
  }

  /** Index of the path with these states (`length` of them from `start`), adding it when new. */
  pathIndex(stateIds: ArrayLike<number>, start = 0, length = stateIds.length - start): number {
    const index = this.paths.intern(stateIds, start, length);
    if (index >= this.conversions.length) {
      const grow = (array: Float64Array): Float64Array<ArrayBuffer> => {
        const larger = new Float64Array(array.length * 2);
        larger.set(array);
        return larger;
      };
      this.conversions = grow(this.conversions);
      this.values = grow(this.values);
      this.nulls = grow(this.nulls);
    }
    return index;
  }

  /** Adds journeys on a path given as state ids. */
  addPath(stateIds: ArrayLike<number>, conversions: number, value: number, nulls: number, start = 0, length = stateIds.length - start): void {
    this.addToPath(this.pathIndex(stateIds, start, length), conversions, value, nulls);
  }

  addToPath(index: number, conversions: number, value: number, nulls: number): void {
    this.conversions[index] += conversions;
    this.values[index] += value;
    this.nulls[index] += nulls;
  }

  build(): PathTable {
    const { offsets, items } = this.paths.layout();
    const count = this.paths.size;
    return {
      stateNames: this.stateNames.slice(),
      pathOffsets: offsets,
      pathStates: items,
      conversions: this.conversions.slice(0, count),
      values: this.values.slice(0, count),
      nulls: this.nulls.slice(0, count),
    };
  }
}

/**
 * Collapses consecutive repeats of a state (A > A > B becomes A > B), ChannelAttribution's
 * default, and re-aggregates paths that become identical.
 */
export function collapseRepeats(table: PathTable): PathTable {
  let hasRepeats = false;
  for (let path = 0; path < pathCount(table) && !hasRepeats; path++) {
    for (let slot = table.pathOffsets[path] + 1; slot < table.pathOffsets[path + 1]; slot++) {
      if (table.pathStates[slot] === table.pathStates[slot - 1]) {
        hasRepeats = true;
        break;
      }
    }
  }
  if (!hasRepeats) return table;
  const builder = new PathTableBuilder();
  for (const name of table.stateNames) builder.stateId(name);
  const collapsed = new Int32Array(table.pathStates.length);
  for (let path = 0; path < pathCount(table); path++) {
    let length = 0;
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) {
      const state = table.pathStates[slot];
      if (length === 0 || collapsed[length - 1] !== state) collapsed[length++] = state;
    }
    builder.addPath(collapsed, table.conversions[path], table.values[path], table.nulls[path], 0, length);
  }
  return builder.build();
}
