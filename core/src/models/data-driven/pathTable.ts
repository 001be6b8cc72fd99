import { SequenceIndex } from './sequenceIndex';
import { grownTo } from '../../util/typedArrays';

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
  private readonly paths: SequenceIndex;
  /**
   * Per path, side by side: conversions, value, non-converting journeys (3 per path). One cache
   * line per row added instead of three: with hundreds of thousands of paths these arrays do
   * not fit in the cache, and a million-row file adds to them in random order.
   */
  private totals: Float64Array;

  /** `expectedPaths` sizes the tables (they grow past it). */
  constructor(expectedPaths = 1024) {
    this.paths = new SequenceIndex(expectedPaths);
    this.totals = new Float64Array(3 * Math.max(1024, expectedPaths));
  }

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
    if (3 * index >= this.totals.length) {
      this.totals = grownTo(this.totals, this.totals.length * 2);
    }
    return index;
  }

  /** Adds journeys on a path given as state ids. */
  addPath(stateIds: ArrayLike<number>, conversions: number, value: number, nulls: number, start = 0, length = stateIds.length - start): void {
    this.addToPath(this.pathIndex(stateIds, start, length), conversions, value, nulls);
  }

  addToPath(index: number, conversions: number, value: number, nulls: number): void {
    const at = 3 * index;
    this.totals[at] += conversions;
    this.totals[at + 1] += value;
    this.totals[at + 2] += nulls;
  }

  build(): PathTable {
    const { offsets, items } = this.paths.layout();
    const count = this.paths.size;
    const conversions = new Float64Array(count);
    const values = new Float64Array(count);
    const nulls = new Float64Array(count);
    for (let path = 0; path < count; path++) {
      conversions[path] = this.totals[3 * path];
      values[path] = this.totals[3 * path + 1];
      nulls[path] = this.totals[3 * path + 2];
    }
    return { stateNames: this.stateNames.slice(), pathOffsets: offsets, pathStates: items, conversions, values, nulls };
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
