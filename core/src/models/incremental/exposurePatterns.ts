import { pathCount, type PathTable } from '../data-driven/pathTable';

/** Touches of one state beyond which more touches count as this many (diminishing returns). */
export const TOUCH_COUNT_CAP = 8;

/**
 * Journeys grouped by exposure: which states touched them and how often (capped at
 * TOUCH_COUNT_CAP). Two features per state s: 2s = touched at all, 2s + 1 = ln(touches), the
 * extra effect of repeated touches with diminishing returns. Order inside a journey plays no part:
 * the model asks how the chance of converting moves with the touches a journey received.
 */
export interface ExposurePatterns {
  readonly stateCount: number;
  readonly patternCount: number;
  /** CSR by pattern: the states present and their feature values. */
  readonly stateOffsets: Int32Array;
  readonly states: Int32Array;
  readonly extraTouchFeature: Float64Array;
  /** Converting journeys and all journeys of each pattern. */
  readonly conversions: Float64Array;
  readonly journeys: Float64Array;
}

export function exposurePatterns(table: PathTable): ExposurePatterns {
  const stateCount = table.stateNames.length;
  const indexByKey = new Map<string, number>();
  const offsets: number[] = [0];
  const states: number[] = [];
  const extra: number[] = [];
  const conversions: number[] = [];
  const journeys: number[] = [];
  const touchCount = new Map<number, number>();
  for (let path = 0; path < pathCount(table); path++) {
    const total = table.conversions[path] + table.nulls[path];
    if (total <= 0) continue;
    touchCount.clear();
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) {
      const state = table.pathStates[slot];
      touchCount.set(state, Math.min(TOUCH_COUNT_CAP, (touchCount.get(state) ?? 0) + 1));
    }
    const present = [...touchCount.keys()].sort((left, right) => left - right);
    let key = '';
    for (const state of present) key += `${state}:${touchCount.get(state)},`;
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = conversions.length;
      indexByKey.set(key, index);
      for (const state of present) {
        states.push(state);
        extra.push(Math.log(touchCount.get(state) as number));
      }
      offsets.push(states.length);
      conversions.push(0);
      journeys.push(0);
    }
    conversions[index] += table.conversions[path];
    journeys[index] += total;
  }
  return {
    stateCount,
    patternCount: conversions.length,
    stateOffsets: Int32Array.from(offsets),
    states: Int32Array.from(states),
    extraTouchFeature: Float64Array.from(extra),
    conversions: Float64Array.from(conversions),
    journeys: Float64Array.from(journeys),
  };
}
