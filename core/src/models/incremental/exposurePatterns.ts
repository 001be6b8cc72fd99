import { pathCount, type PathTable } from '../data-driven/pathTable';
import { SequenceIndex } from '../data-driven/sequenceIndex';
import { grownTo } from '../../util/typedArrays';

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
  /**
   * A hash of each pattern's state names and touch counts: seeds the pattern's own random draws
   * (cross-validation folds, bootstrap), so results do not depend on the order of the input rows.
   */
  readonly seeds: Int32Array;
  /** Second moments of the touch counts before capping (propensityLoadings.ts); absent above MAXIMUM_STATES_FOR_MOMENTS. */
  readonly countMoments?: CountMoments;
  /** The pattern of each path of the table the patterns came from (-1: a path without journeys); induction.ts reads it. */
  readonly patternOfPath?: Int32Array;
}

/**
 * Sums over journeys of the touch counts before capping (capping would bend the moments the
 * propensity estimate reads). Square arrays are row-major, filled at [larger state × stateCount +
 * smaller state]: x = n_s n_r between two states, x = n_s (n_s − 1) for one state.
 */
export interface CountMoments {
  readonly journeys: number;
  /** Σ n_s per state. */
  readonly sums: Float64Array;
  /** Σ x, Σ x², and the journeys that touched both states (or the one). */
  readonly products: Float64Array;
  readonly productSquares: Float64Array;
  readonly together: Float64Array;
}

/** Above this many states the count moments (states² numbers each) are not gathered. */
export const MAXIMUM_STATES_FOR_MOMENTS = 1000;

/** FNV-1a of a text. */
function hashText(text: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash;
}

/** A 32-bit finaliser (murmur3 fmix32): spreads every input bit over the output. */
function mix(value: number): number {
  let hash = value | 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

export function exposurePatterns(table: PathTable): ExposurePatterns {
  const stateCount = table.stateNames.length;
  // At most one pattern per path: sized for that, so nothing is regrown (a pattern's states are at
  // most all of a path's touches; they still grow past the first guess).
  const paths = pathCount(table);
  const index = new SequenceIndex(paths);
  const offsets = new Int32Array(paths + 1);
  let states = new Int32Array(Math.max(1024, table.pathStates.length >> 1));
  let extra = new Float64Array(states.length);
  const seeds = new Int32Array(paths);
  let stateSlots = 0;
  const conversions = new Float64Array(paths);
  const journeys = new Float64Array(paths);
  const withMoments = stateCount <= MAXIMUM_STATES_FOR_MOMENTS;
  const squareSize = withMoments ? stateCount * stateCount : 0;
  const moments = {
    journeys: 0,
    sums: new Float64Array(withMoments ? stateCount : 0),
    products: new Float64Array(squareSize),
    productSquares: new Float64Array(squareSize),
    together: new Float64Array(squareSize),
  };
  const { sums: momentSums, products: momentProducts, productSquares: momentProductSquares, together: momentTogether } = moments;
  const touchCount = new Int32Array(stateCount);
  const present = new Int32Array(Math.max(1, stateCount));
  // A pattern's key: (state × (cap + 1) + capped count) for its states in ascending order.
  const key = new Int32Array(Math.max(1, stateCount));
  // Seeds from state names, not ids (ids follow the input's row order): each (state, count) is
  // mixed, and the pattern's seed is their sum, which no order of the states changes.
  const nameHashes = table.stateNames.map(hashText);
  // Natural logarithms of the capped counts, once.
  const logOfCount = Float64Array.from({ length: TOUCH_COUNT_CAP + 1 }, (_, count) => (count > 0 ? Math.log(count) : 0));
  const { pathOffsets, pathStates, conversions: pathConversions, nulls: pathNulls } = table;
  let patternCount = 0;
  const patternOfPath = new Int32Array(paths).fill(-1);
  for (let path = 0; path < paths; path++) {
    const total = pathConversions[path] + pathNulls[path];
    if (total <= 0) continue;
    let presentCount = 0;
    for (let slot = pathOffsets[path]; slot < pathOffsets[path + 1]; slot++) {
      const state = pathStates[slot];
      if (touchCount[state]++ > 0) continue;
      // Insertion sort: a journey touches few states.
      let position = presentCount++;
      while (position > 0 && present[position - 1] > state) {
        present[position] = present[position - 1];
        position--;
      }
      present[position] = state;
    }
    for (let position = 0; position < presentCount; position++) {
      const state = present[position];
      key[position] = state * (TOUCH_COUNT_CAP + 1) + Math.min(TOUCH_COUNT_CAP, touchCount[state]);
    }
    const pattern = index.intern(key, 0, presentCount);
    patternOfPath[path] = pattern;
    if (pattern === patternCount) {
      patternCount++;
      if (stateSlots + presentCount > states.length) {
        states = grownTo(states, Math.max(states.length * 2, stateSlots + presentCount));
        extra = grownTo(extra, states.length);
      }
      let seed = 0;
      for (let position = 0; position < presentCount; position++) {
        const state = present[position];
        const count = Math.min(TOUCH_COUNT_CAP, touchCount[state]);
        states[stateSlots] = state;
        extra[stateSlots++] = logOfCount[count];
        seed = (seed + mix(nameHashes[state] ^ mix(count))) | 0;
      }
      offsets[pattern + 1] = stateSlots;
      seeds[pattern] = mix(seed);
    }
    if (withMoments) {
      moments.journeys += total;
      for (let first = 0; first < presentCount; first++) {
        const firstState = present[first];
        const firstCount = touchCount[firstState];
        momentSums[firstState] += total * firstCount;
        // `present` is ascending: firstState is the larger of each pair.
        const row = firstState * stateCount;
        for (let second = 0; second <= first; second++) {
          const value = second === first ? firstCount * (firstCount - 1) : firstCount * touchCount[present[second]];
          const key = row + present[second];
          const weighted = total * value;
          momentProducts[key] += weighted;
          momentProductSquares[key] += weighted * value;
          momentTogether[key] += total;
        }
      }
    }
    for (let position = 0; position < presentCount; position++) touchCount[present[position]] = 0;
    conversions[pattern] += pathConversions[path];
    journeys[pattern] += total;
  }
  return {
    stateCount,
    patternCount,
    stateOffsets: offsets.slice(0, patternCount + 1),
    states: states.slice(0, stateSlots),
    extraTouchFeature: extra.slice(0, stateSlots),
    conversions: conversions.slice(0, patternCount),
    journeys: journeys.slice(0, patternCount),
    seeds: seeds.slice(0, patternCount),
    countMoments: withMoments ? moments : undefined,
    patternOfPath,
  };
}

const reachOfPatterns = new WeakMap<ExposurePatterns, Float64Array>();

/** Per state, the journeys it touched (computed once per patterns). */
export function stateReach(patterns: ExposurePatterns): Float64Array {
  const cached = reachOfPatterns.get(patterns);
  if (cached) return cached;
  const reach = new Float64Array(patterns.stateCount);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    for (let slot = patterns.stateOffsets[pattern]; slot < patterns.stateOffsets[pattern + 1]; slot++)
      reach[patterns.states[slot]] += patterns.journeys[pattern];
  }
  reachOfPatterns.set(patterns, reach);
  return reach;
}
