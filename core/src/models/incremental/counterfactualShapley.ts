import { createRandom } from '../../simulation/random';
import type { ExposurePatterns } from './exposurePatterns';
import type { Coefficients } from './logisticFit';

/** Journeys touched by more distinct states than this use sampled orders instead of all 2^m subsets. */
const EXACT_STATES_PER_JOURNEY = 12;
const SAMPLED_ORDERS = 256;

function logistic(linear: number): number {
  return 1 / (1 + Math.exp(-linear));
}

/**
 * Expected incremental conversions of every state: for each exposure pattern, the fitted model's
 * lift P(convert | its touches) − P(convert | no touch) is split over the pattern's states by the
 * Shapley value of the counterfactual game v(S) = P(convert | only the touches of states in S) −
 * P(convert | no touch), then multiplied by the pattern's journeys (`journeys`, which the bootstrap
 * resamples). Converting and non-converting journeys both count: the expectation over everyone
 * touched is what the state caused. O(Σ 2^m · m) over patterns with m states each.
 */
export function incrementalConversionsByState(patterns: ExposurePatterns, coefficients: Coefficients, journeys: Float64Array, seed = 1): Float64Array {
  const totals = new Float64Array(patterns.stateCount);
  const baseline = logistic(coefficients[0]);
  const effect = new Float64Array(64);
  const shapley = new Float64Array(64);
  const linearOfSubset = new Float64Array(1 << EXACT_STATES_PER_JOURNEY);
  const gainOfSubset = new Float64Array(1 << EXACT_STATES_PER_JOURNEY);
  const coalitionWeights: Float64Array[] = [];
  for (let players = 1; players <= EXACT_STATES_PER_JOURNEY; players++) {
    // weight[s] = s! (m − s − 1)! / m!
    const weights = new Float64Array(players);
    weights[0] = 1 / players;
    for (let size = 1; size < players; size++) weights[size] = (weights[size - 1] * size) / (players - size);
    coalitionWeights[players] = weights;
  }
  const popcount = new Uint8Array(1 << EXACT_STATES_PER_JOURNEY);
  for (let mask = 1; mask < popcount.length; mask++) popcount[mask] = popcount[mask >> 1] + (mask & 1);

  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    const from = patterns.stateOffsets[pattern];
    const players = patterns.stateOffsets[pattern + 1] - from;
    let effects = effect;
    if (players > effects.length) effects = new Float64Array(players);
    let shares = shapley;
    if (players > shares.length) shares = new Float64Array(players);
    for (let player = 0; player < players; player++) {
      const state = patterns.states[from + player];
      effects[player] = coefficients[1 + 2 * state] + coefficients[2 + 2 * state] * patterns.extraTouchFeature[from + player];
      shares[player] = 0;
    }
    if (players <= EXACT_STATES_PER_JOURNEY) {
      const size = 1 << players;
      linearOfSubset[0] = coefficients[0];
      gainOfSubset[0] = 0;
      for (let mask = 1; mask < size; mask++) {
        const lowest = 31 - Math.clz32(mask & -mask);
        linearOfSubset[mask] = linearOfSubset[mask & (mask - 1)] + effects[lowest];
        gainOfSubset[mask] = logistic(linearOfSubset[mask]) - baseline;
      }
      const weights = coalitionWeights[players];
      for (let mask = 0; mask < size; mask++) {
        const coalitionWeight = weights[popcount[mask]] ?? 0;
        for (let player = 0; player < players; player++) {
          const bit = 1 << player;
          if (mask & bit) continue;
          shares[player] += coalitionWeight * (gainOfSubset[mask | bit] - gainOfSubset[mask]);
        }
      }
    } else {
      // Castro et al. (2009) permutation sampling; each order's marginals still sum to the lift.
      const random = createRandom(patterns.seeds[pattern] ^ seed);
      const order = Array.from({ length: players }, (_, player) => player);
      for (let sample = 0; sample < SAMPLED_ORDERS; sample++) {
        for (let index = players - 1; index > 0; index--) {
          const swap = Math.floor(random() * (index + 1));
          [order[index], order[swap]] = [order[swap], order[index]];
        }
        let linear = coefficients[0];
        let previousGain = 0;
        for (const player of order) {
          linear += effects[player];
          const gain = logistic(linear) - baseline;
          shares[player] += (gain - previousGain) / SAMPLED_ORDERS;
          previousGain = gain;
        }
      }
    }
    for (let player = 0; player < players; player++) totals[patterns.states[from + player]] += weight * shares[player];
  }
  return totals;
}
