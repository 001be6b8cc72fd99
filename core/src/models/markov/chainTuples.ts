import { collapseRepeats, pathCount, type PathTable } from '../data-driven/pathTable';
import { SequenceIndex } from '../data-driven/sequenceIndex';
import { grownTo } from '../../util/typedArrays';

/**
 * The order-k tuple (chain state) of every touch of every path that enters the chain, numbered in
 * order of first appearance. A touch's tuple is the states of the last k touches (fewer at the
 * start of a path); with repeats collapsed, a touch repeating the one before it is skipped.
 */
export interface ChainTuples {
  /** The table the chain is built on: the input, or its collapsed form when collapsing must re-aggregate. */
  readonly table: PathTable;
  /** Tuple of each kept touch, path after path; paths with no journeys contribute nothing. */
  readonly slotTuples: Int32Array;
  /** Kept touches of each path: slotTuples[slotOffsets[p] .. slotOffsets[p + 1]). */
  readonly slotOffsets: Int32Array;
  readonly tupleCount: number;
  /** The path states of each tuple, CSR: tupleStates[tupleStateOffsets[t] .. [t + 1]). */
  readonly tupleStateOffsets: Int32Array;
  readonly tupleStates: Int32Array;
}

/** Tuple codes below this are looked up in a dense array (16 MB at most); larger code spaces use a Map. */
const DENSE_CODES = 1 << 22;

/**
 * The tuples of the chain of `order` over `input`. O(total touches).
 *
 * A tuple is coded as a number in base (states + 1): each touch drops the oldest digit (modulus
 * base^(order - 1)) and shifts in its state + 1. A leading 0 digit is "no touch", so a short tuple
 * at the start of a path never equals a full one. With up to 9,740 states the code
 * of an order-4 tuple stays below 2^53 and is exact; past that, tuples are interned as sequences.
 *
 * Collapsing repeats: the chain's numbering (and so every floating-point sum) follows the order of
 * first appearance of the collapsed paths, with journeys summed over the paths that collapse to
 * the same one. When every path has journeys and every count is a whole number, skipping repeats
 * on the fly visits tuples and edges in that same order and the sums are exact, so the collapsed
 * table is not built; otherwise it is (collapseRepeats), so the chain is the one it always was.
 */
export function chainTuples(input: PathTable, order: number, keepRepeats: boolean): ChainTuples {
  const table = keepRepeats || collapsesOnTheFly(input) ? input : collapseRepeats(input);
  const skipRepeats = !keepRepeats && table === input;
  const paths = pathCount(table);
  const { pathOffsets, pathStates, conversions, nulls } = table;
  const base = table.stateNames.length + 1;
  const codeSpace = base ** order;
  /** code % dropOldest keeps the newest order - 1 touches (every intermediate value stays below codeSpace). */
  const dropOldest = base ** (order - 1);
  const denseDropOldest = dropOldest | 0;
  const exactCodes = codeSpace <= Number.MAX_SAFE_INTEGER;
  const denseTuples = codeSpace <= DENSE_CODES ? new Int32Array(codeSpace).fill(-1) : undefined;
  const tupleOfCode = exactCodes && !denseTuples ? new Map<number, number>() : undefined;
  const sequences = exactCodes ? undefined : new SequenceIndex();
  const window = new Int32Array(order);

  const slotTuples = new Int32Array(pathStates.length);
  const slotOffsets = new Int32Array(paths + 1);
  let tupleStates = new Int32Array(1024);
  let tupleStateOffsets = new Int32Array(257);
  let tupleCount = 0;
  let tupleStateCount = 0;
  let slots = 0;
  for (let path = 0; path < paths; path++) {
    const start = pathOffsets[path];
    const end = pathOffsets[path + 1];
    if (end > start && conversions[path] + nulls[path] !== 0) {
      let code = 0;
      let length = 0;
      for (let slot = start; slot < end; slot++) {
        const state = pathStates[slot];
        if (skipRepeats && slot > start && state === pathStates[slot - 1]) continue;
        let tuple: number;
        if (sequences) {
          // The window of the last `order` states, oldest first.
          if (length < order) window[length++] = state;
          else {
            for (let index = 1; index < order; index++) window[index - 1] = window[index];
            window[order - 1] = state;
          }
          tuple = sequences.intern(window, 0, length);
        } else {
          if (length < order) length++;
          if (denseTuples) {
            // Below 2^22: int32 arithmetic (a double modulus is a library call).
            code = (((code | 0) % denseDropOldest) * base + state + 1) | 0;
            tuple = denseTuples[code];
          } else {
            code = (code % dropOldest) * base + state + 1;
            tuple = tupleOfCode!.get(code) ?? -1;
          }
          if (tuple < 0) {
            tuple = tupleCount;
            if (denseTuples) denseTuples[code] = tuple;
            else tupleOfCode!.set(code, tuple);
            // The tuple's states are its code's digits (most significant first) less one.
            for (let index = length - 1, rest = code; index >= 0; index--, rest = Math.floor(rest / base)) window[index] = (rest % base) - 1;
          }
        }
        if (tuple === tupleCount) {
          // A new tuple: keep its states.
          tupleCount++;
          if (tupleCount + 1 > tupleStateOffsets.length) tupleStateOffsets = grownTo(tupleStateOffsets, tupleStateOffsets.length * 2);
          if (tupleStateCount + length > tupleStates.length) tupleStates = grownTo(tupleStates, tupleStates.length * 2);
          for (let index = 0; index < length; index++) tupleStates[tupleStateCount + index] = window[index];
          tupleStateCount += length;
          tupleStateOffsets[tupleCount] = tupleStateCount;
        }
        slotTuples[slots++] = tuple;
      }
    }
    slotOffsets[path + 1] = slots;
  }
  return {
    table,
    slotTuples,
    slotOffsets,
    tupleCount,
    tupleStateOffsets: tupleStateOffsets.slice(0, tupleCount + 1),
    tupleStates: tupleStates.slice(0, tupleStateCount),
  };
}

/**
 * Whether skipping repeats while reading `table` gives the chain collapseRepeats gives: every path
 * has journeys (so a collapsed path first appears where its first original path does) and every
 * count is a non-negative whole number, below 2^53 in total (so sums do not depend on their order).
 */
function collapsesOnTheFly(table: PathTable): boolean {
  let total = 0;
  for (let path = 0; path < table.conversions.length; path++) {
    const conversions = table.conversions[path];
    const nulls = table.nulls[path];
    if (!(conversions >= 0 && nulls >= 0) || conversions + nulls === 0 || !Number.isInteger(conversions) || !Number.isInteger(nulls)) return false;
    total += conversions + nulls;
  }
  return total <= Number.MAX_SAFE_INTEGER;
}
