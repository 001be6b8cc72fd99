import { createRandom } from '../../simulation/random';
import type { StateSets } from './stateSets';
import { grownTo } from '../../util/typedArrays';

/** States beyond which the exact subset DP (2^n cells) gives way to sampling. */
export const EXACT_SHAPLEY_MAX_STATES = 20;

/**
 * Exact Shapley values of the simplified game of Zhao et al. (2018, "Shapley Value Methods for
 * Attribution Modeling in Online Advertising", eq. 4): v(S) = conversions of the journeys whose
 * set of states lies inside S. Subset dynamic programming over the `playerCount` players that
 * occur in some set: v is the subset-sum (zeta) transform of the per-set conversions, then
 * phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! × (v(S ∪ {i}) - v(S)).
 * O(2^n · n) time, 2^n doubles per measure (n ≤ 20: 8 MB).
 */
export function exactSimplifiedShapley(sets: StateSets, stateCount: number): { conversions: Float64Array; values: Float64Array } {
  const players = playersOf(sets, stateCount);
  const playerCount = players.length;
  if (playerCount > EXACT_SHAPLEY_MAX_STATES) throw new RangeError(`exact Shapley handles at most ${EXACT_SHAPLEY_MAX_STATES} states, got ${playerCount}`);
  const playerOfState = new Int32Array(stateCount).fill(-1);
  players.forEach((state, player) => (playerOfState[state] = player));
  const size = 1 << playerCount;
  const conversionGame = new Float64Array(size);
  const valueGame = new Float64Array(size);
  for (let set = 0; set < sets.conversions.length; set++) {
    let mask = 0;
    for (let slot = sets.memberOffsets[set]; slot < sets.memberOffsets[set + 1]; slot++) mask |= 1 << playerOfState[sets.members[slot]];
    conversionGame[mask] += sets.conversions[set];
    valueGame[mask] += sets.values[set];
  }
  for (let bit = 1; bit < size; bit <<= 1) {
    for (let mask = 0; mask < size; mask++) {
      if (mask & bit) {
        conversionGame[mask] += conversionGame[mask ^ bit];
        valueGame[mask] += valueGame[mask ^ bit];
      }
    }
  }
  // coalitionWeight[s] = s! (n - s - 1)! / n!, built by ratios to stay finite for any n.
  const coalitionWeight = new Float64Array(Math.max(playerCount, 1));
  if (playerCount > 0) {
    coalitionWeight[0] = 1 / playerCount;
    for (let coalitionSize = 1; coalitionSize < playerCount; coalitionSize++) {
      coalitionWeight[coalitionSize] = (coalitionWeight[coalitionSize - 1] * coalitionSize) / (playerCount - coalitionSize);
    }
  }
  const popcount = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) popcount[mask] = popcount[mask >> 1] + (mask & 1);
  const conversions = new Float64Array(stateCount);
  const values = new Float64Array(stateCount);
  for (let player = 0; player < playerCount; player++) {
    const bit = 1 << player;
    let conversionSum = 0;
    let valueSum = 0;
    for (let mask = 0; mask < size; mask++) {
      if (mask & bit) continue;
      const weight = coalitionWeight[popcount[mask]];
      conversionSum += weight * (conversionGame[mask | bit] - conversionGame[mask]);
      valueSum += weight * (valueGame[mask | bit] - valueGame[mask]);
    }
    conversions[players[player]] = conversionSum;
    values[players[player]] = valueSum;
  }
  return { conversions, values };
}

/**
 * Monte Carlo Shapley (Castro et al. 2009, "Polynomial calculation of the Shapley value based on
 * sampling"): the mean marginal contribution over random orders of the players, with its standard
 * error (sample standard deviation / √permutations). In one order, a set's conversions are the
 * marginal contribution of its member that arrives last, so one permutation costs O(Σ|set|).
 */
export function sampledSimplifiedShapley(
  sets: StateSets,
  stateCount: number,
  permutations: number,
  seed: number,
  /**
   * The order in which states draw their random ranks (default: by index). Given in an order of
   * the data's own (the states' names), the estimate no longer depends on how the states happen to
   * be numbered, which is the order the rows came in.
   */
  drawOrder?: readonly number[],
): { conversions: Float64Array; values: Float64Array; standardErrors: Float64Array; valueStandardErrors: Float64Array } {
  const random = createRandom(seed);
  const order = Int32Array.from(drawOrder ?? Array.from({ length: stateCount }, (_value, state) => state));
  if (order.length !== stateCount) throw new RangeError(`sampledSimplifiedShapley: the draw order has ${order.length} states, not ${stateCount}`);
  const rank = new Float64Array(stateCount);
  const marginalConversions = new Float64Array(stateCount);
  const marginalValues = new Float64Array(stateCount);
  const sum = new Float64Array(stateCount);
  const sumOfSquares = new Float64Array(stateCount);
  const valueSum = new Float64Array(stateCount);
  const valueSumOfSquares = new Float64Array(stateCount);
  for (let permutation = 0; permutation < permutations; permutation++) {
    // A uniformly random order is the order of i.i.d. uniform ranks.
    for (let position = 0; position < stateCount; position++) rank[order[position]] = random();
    marginalConversions.fill(0);
    marginalValues.fill(0);
    for (let set = 0; set < sets.conversions.length; set++) {
      let lastState = -1;
      let lastRank = -1;
      for (let slot = sets.memberOffsets[set]; slot < sets.memberOffsets[set + 1]; slot++) {
        const state = sets.members[slot];
        if (rank[state] > lastRank) {
          lastRank = rank[state];
          lastState = state;
        }
      }
      marginalConversions[lastState] += sets.conversions[set];
      marginalValues[lastState] += sets.values[set];
    }
    for (let state = 0; state < stateCount; state++) {
      sum[state] += marginalConversions[state];
      sumOfSquares[state] += marginalConversions[state] * marginalConversions[state];
      valueSum[state] += marginalValues[state];
      valueSumOfSquares[state] += marginalValues[state] * marginalValues[state];
    }
  }
  const standardError = (total: number, totalOfSquares: number): number => {
    if (permutations < 2) return Infinity;
    const mean = total / permutations;
    const variance = Math.max(0, (totalOfSquares - permutations * mean * mean) / (permutations - 1));
    return Math.sqrt(variance / permutations);
  };
  return {
    conversions: sum.map((total) => total / permutations),
    values: valueSum.map((total) => total / permutations),
    standardErrors: sum.map((total, state) => standardError(total, sumOfSquares[state])),
    valueStandardErrors: valueSum.map((total, state) => standardError(total, valueSumOfSquares[state])),
  };
}

/** The states that occur in at least one set, ascending. */
export function playersOf(sets: StateSets, stateCount: number): number[] {
  const present = new Uint8Array(stateCount);
  for (const state of sets.members) present[state] = 1;
  const players: number[] = [];
  for (let state = 0; state < stateCount; state++) if (present[state]) players.push(state);
  return players;
}

/**
 * The ordered variant (Zhao et al. 2018, section 3.2): a set's conversions split equally over its
 * states, each part credited at the position (1-based, among distinct states) where the state
 * first occurs in the path. Summed over positions it equals the simplified Shapley value.
 * Returns rows [state][position - 1].
 */
export function orderedShapley(
  pathOffsets: Int32Array,
  pathStates: Int32Array,
  pathConversions: Float64Array,
  pathValues: Float64Array,
  stateCount: number,
): { conversions: Float64Array[]; values: Float64Array[] } {
  const conversions: Float64Array[] = Array.from({ length: stateCount }, () => new Float64Array(0));
  const values: Float64Array[] = Array.from({ length: stateCount }, () => new Float64Array(0));
  const firstPosition = new Map<number, number>();
  const grow = (rows: Float64Array[], state: number, length: number): Float64Array => {
    if (rows[state].length < length) rows[state] = grownTo(rows[state], length);
    return rows[state];
  };
  for (let path = 0; path + 1 < pathOffsets.length; path++) {
    if (pathConversions[path] === 0 && pathValues[path] === 0) continue;
    firstPosition.clear();
    for (let slot = pathOffsets[path]; slot < pathOffsets[path + 1]; slot++) {
      if (!firstPosition.has(pathStates[slot])) firstPosition.set(pathStates[slot], firstPosition.size);
    }
    const distinct = firstPosition.size;
    for (const [state, position] of firstPosition) {
      grow(conversions, state, position + 1)[position] += pathConversions[path] / distinct;
      grow(values, state, position + 1)[position] += pathValues[path] / distinct;
    }
  }
  return { conversions, values };
}
