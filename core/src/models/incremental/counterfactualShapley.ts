import { createRandom } from '../../simulation/random';
import type { ExposurePatterns } from './exposurePatterns';
import type { ConversionLink } from './conversionLinks';
import type { Coefficients } from './logisticFit';
import { stateOfColumn, type PatternFeatures } from './patternFeatures';

/** Journeys touched by more distinct states than this use sampled orders instead of all 2^m subsets. */
const EXACT_STATES_PER_JOURNEY = 12;
const SAMPLED_ORDERS = 256;

/**
 * The Shapley split of one exposure pattern's lift over its states, for given coefficients (see
 * incrementalConversionsByState). Holds the scratch buffers, so splitting many patterns allocates
 * nothing.
 */
export class CounterfactualSplit {
  private effects = new Float64Array(64);
  private readonly gainOfSubset = new Float64Array(1 << EXACT_STATES_PER_JOURNEY);
  private readonly linearOfSubset = new Float64Array(1 << EXACT_STATES_PER_JOURNEY);
  private readonly combinedOfSubset = new Float64Array(1 << EXACT_STATES_PER_JOURNEY);
  private readonly pairEffects = new Float64Array(EXACT_STATES_PER_JOURNEY * EXACT_STATES_PER_JOURNEY);
  /** Σ_{j ∈ L} b_jh for the subsets L below the highest player h (subsetLinears). */
  private readonly pairSums = new Float64Array(1 << (EXACT_STATES_PER_JOURNEY - 1));
  private readonly coalitionWeights: Float64Array[] = [];
  private readonly popcount = new Uint8Array(1 << EXACT_STATES_PER_JOURNEY);
  private readonly playerOfState: Int32Array;
  private readonly gameShares = new Float64Array(EXACT_STATES_PER_JOURNEY);
  /** Terms needing three or more players (touches brought by several upstream states): masks and η contributions. */
  private higherMasks = new Int32Array(8);
  private higherEffects = new Float64Array(8);

  constructor(
    private readonly patterns: ExposurePatterns,
    private readonly features: PatternFeatures,
    private readonly link: ConversionLink,
    private readonly seed: number,
  ) {
    for (let players = 1; players <= EXACT_STATES_PER_JOURNEY; players++) {
      // weight[s] = s! (m − s − 1)! / m!
      const weights = new Float64Array(players);
      weights[0] = 1 / players;
      for (let size = 1; size < players; size++) weights[size] = (weights[size - 1] * size) / (players - size);
      this.coalitionWeights[players] = weights;
    }
    for (let mask = 1; mask < this.popcount.length; mask++) this.popcount[mask] = this.popcount[mask >> 1] + (mask & 1);
    this.playerOfState = new Int32Array(patterns.stateCount);
  }

  /** Writes the share of each of the pattern's states (in pattern order) into `shares`. */
  split(pattern: number, coefficients: Coefficients, shares: Float64Array): void {
    const { patterns, features, link, seed, gainOfSubset, linearOfSubset, combinedOfSubset, coalitionWeights, popcount, playerOfState } = this;
    const from = patterns.stateOffsets[pattern];
    const players = patterns.stateOffsets[pattern + 1] - from;
    shares.fill(0, 0, players);
    let effects = this.effects;
    if (players > effects.length) effects = this.effects = new Float64Array(players);
    const featureFrom = features.offsets[pattern];
    const featureTo = features.offsets[pattern + 1];
    // The intercept (mask 0) is the no-touch baseline.
    let baselineLinear = 0;
    for (let slot = featureFrom; slot < featureTo; slot++) if (features.playerMasks[slot] === 0) baselineLinear += coefficients[features.columns[slot]] * features.values[slot];
    const baseline = link.probability(baselineLinear);
    if (players <= EXACT_STATES_PER_JOURNEY) {
      const size = 1 << players;
      // linearOfSubset holds e^(−η_S) here.
      this.subsetLinears(pattern, coefficients, true);
      const subsetBaseline = link.probabilityFromExponential(linearOfSubset[0]);
      gainOfSubset[0] = 0;
      for (let mask = 1; mask < size; mask++) gainOfSubset[mask] = link.probabilityFromExponential(linearOfSubset[mask]) - subsetBaseline;
      // φ_i = Σ_{S∌i} w(|S|) (v(S ∪ i) − v(S)) = Σ_{S∋i} (w(|S|−1) + w(|S|)) v(S) − Σ_S w(|S|) v(S),
      // with w(m) = 0: one weighted value per subset, then per player a sum over the subsets
      // holding it (half the subsets, no branch), instead of every (subset, player) difference.
      const weights = coalitionWeights[players];
      let withoutAny = 0;
      for (let mask = 1; mask < size; mask++) {
        const members = popcount[mask];
        const without = members < players ? weights[members] * gainOfSubset[mask] : 0;
        withoutAny += without;
        combinedOfSubset[mask] = weights[members - 1] * gainOfSubset[mask] + without;
      }
      combinedOfSubset[0] = 0;
      sumsOverHolders(combinedOfSubset, players, withoutAny, shares);
    } else {
      // Many states: no pair terms here (patternFeatures), so each state adds its own effect.
      for (let player = 0; player < players; player++) playerOfState[patterns.states[from + player]] = player;
      effects.fill(0, 0, players);
      for (let slot = featureFrom; slot < featureTo; slot++) {
        const column = features.columns[slot];
        if (column === 0 || column >= features.pairBase) continue;
        effects[playerOfState[stateOfColumn(column)]] += coefficients[column] * features.values[slot];
      }
      // Castro et al. (2009) permutation sampling; each order's marginals still sum to the lift.
      const random = createRandom(patterns.seeds[pattern] ^ seed);
      const order = Array.from({ length: players }, (_, player) => player);
      for (let sample = 0; sample < SAMPLED_ORDERS; sample++) {
        for (let index = players - 1; index > 0; index--) {
          const swap = Math.floor(random() * (index + 1));
          [order[index], order[swap]] = [order[swap], order[index]];
        }
        let linear = baselineLinear;
        let previousGain = 0;
        for (const player of order) {
          linear += effects[player];
          const gain = link.probability(linear) - baseline;
          shares[player] += (gain - previousGain) / SAMPLED_ORDERS;
          previousGain = gain;
        }
      }
    }
  }

  /**
   * η_S of every subset S of an exact pattern's states into linearOfSubset, in O(1) per subset:
   * S = {h} ∪ L with h its highest player, η_S = η_L + a_h + Σ_{j ∈ L} b_jh (a: each player's own
   * effect, b: the pair terms between players), the last sum itself grown from L without its
   * lowest player. The rare terms needing three or more players (touches that several upstream
   * states bring, induction.ts) are then added to every superset of their mask.
   */
  private subsetLinears(pattern: number, coefficients: Coefficients, exponential = false): void {
    const { patterns, features, linearOfSubset, pairEffects, pairSums } = this;
    const players = patterns.stateOffsets[pattern + 1] - patterns.stateOffsets[pattern];
    let effects = this.effects;
    if (players > effects.length) effects = this.effects = new Float64Array(players);
    effects.fill(0, 0, players);
    pairEffects.fill(0, 0, players * players);
    let baselineLinear = 0;
    let withPairs = false;
    let higherCount = 0;
    for (let slot = features.offsets[pattern]; slot < features.offsets[pattern + 1]; slot++) {
      const mask = features.playerMasks[slot];
      const contribution = coefficients[features.columns[slot]] * features.values[slot];
      if (mask === 0) {
        baselineLinear += contribution;
        continue;
      }
      const lowest = 31 - Math.clz32(mask & -mask);
      const rest = mask & (mask - 1);
      if (rest === 0) effects[lowest] += contribution;
      else if ((rest & (rest - 1)) === 0) {
        pairEffects[lowest * players + (31 - Math.clz32(rest))] += contribution;
        withPairs = true;
      } else {
        if (higherCount === this.higherMasks.length) {
          this.higherMasks = growInt32(this.higherMasks);
          this.higherEffects = growFloat64(this.higherEffects);
        }
        this.higherMasks[higherCount] = mask;
        this.higherEffects[higherCount++] = contribution;
      }
    }
    if (exponential) {
      this.subsetExponentials(players, baselineLinear, withPairs);
      // A term needing three or more players is on in every superset of its mask.
      for (let term = 0; term < higherCount; term++) {
        const needs = this.higherMasks[term];
        const factor = Math.exp(-this.higherEffects[term]);
        for (let subset = needs; subset < 1 << players; subset = (subset + 1) | needs) linearOfSubset[subset] *= factor;
      }
      return;
    }
    linearOfSubset[0] = baselineLinear;
    for (let highest = 0; highest < players; highest++) {
      const bit = 1 << highest;
      const effect = effects[highest];
      linearOfSubset[bit] = baselineLinear + effect;
      if (!withPairs) {
        for (let lower = 1; lower < bit; lower++) linearOfSubset[bit | lower] = linearOfSubset[lower] + effect;
        continue;
      }
      pairSums[0] = 0;
      for (let lower = 1; lower < bit; lower++) {
        const lowest = 31 - Math.clz32(lower & -lower);
        const pairSum = (pairSums[lower] = pairSums[lower & (lower - 1)] + pairEffects[lowest * players + highest]);
        linearOfSubset[bit | lower] = linearOfSubset[lower] + effect + pairSum;
      }
    }
    for (let term = 0; term < higherCount; term++) {
      const needs = this.higherMasks[term];
      const contribution = this.higherEffects[term];
      for (let subset = needs; subset < 1 << players; subset = (subset + 1) | needs) linearOfSubset[subset] += contribution;
    }
  }

  /**
   * e^(−η_S) of every subset into linearOfSubset, as subsetLinears grows η_S but by products:
   * one exponential per player and per pair instead of one per subset (both links' probabilities
   * are simple in e^(−η): ConversionLink.probabilityFromExponential).
   */
  private subsetExponentials(players: number, baselineLinear: number, withPairs: boolean): void {
    const { linearOfSubset: exponentialOfSubset, pairEffects, pairSums: pairProducts } = this;
    const effects = this.effects;
    exponentialOfSubset[0] = Math.exp(-baselineLinear);
    if (withPairs) for (let index = 0; index < players * players; index++) pairEffects[index] = Math.exp(-pairEffects[index]);
    for (let highest = 0; highest < players; highest++) {
      const bit = 1 << highest;
      const factor = Math.exp(-effects[highest]);
      exponentialOfSubset[bit] = exponentialOfSubset[0] * factor;
      if (!withPairs) {
        for (let lower = 1; lower < bit; lower++) exponentialOfSubset[bit | lower] = exponentialOfSubset[lower] * factor;
        continue;
      }
      pairProducts[0] = 1;
      for (let lower = 1; lower < bit; lower++) {
        const lowest = 31 - Math.clz32(lower & -lower);
        const pairProduct = (pairProducts[lower] = pairProducts[lower & (lower - 1)] * pairEffects[lowest * players + highest]);
        exponentialOfSubset[bit | lower] = exponentialOfSubset[lower] * factor * pairProduct;
      }
    }
  }

  /** Whether split() enumerates this pattern's subsets exactly (else it samples orders). */
  isExact(pattern: number): boolean {
    return this.patterns.stateOffsets[pattern + 1] - this.patterns.stateOffsets[pattern] <= EXACT_STATES_PER_JOURNEY;
  }

  /**
   * Derivatives of the pattern's shares in the coefficient of each of its feature slots, for an
   * exact pattern (isExact): out[(slot − first slot) × players + player]. The share is linear in
   * the game, so ∂φ/∂β_f is the Shapley value of the game ∂v(S)/∂β_f = x_f F'(η_S) [f on in S]
   * − x_f F'(η_∅) [f in the baseline]: one game per distinct player mask (the baseline, each
   * state, each pair), scaled by x_f, from one F'(η_S) per subset.
   */
  derivatives(pattern: number, coefficients: Coefficients, out: Float64Array): void {
    const { patterns, features, link, gainOfSubset, linearOfSubset, combinedOfSubset, coalitionWeights, popcount } = this;
    const players = patterns.stateOffsets[pattern + 1] - patterns.stateOffsets[pattern];
    const size = 1 << players;
    const featureFrom = features.offsets[pattern];
    const featureTo = features.offsets[pattern + 1];
    this.subsetLinears(pattern, coefficients);
    // gainOfSubset now holds F'(η_S) (the game values are built from it below).
    for (let mask = 0; mask < size; mask++) gainOfSubset[mask] = link.derivative(linearOfSubset[mask]);
    const weights = coalitionWeights[players];
    const shares = this.gameShares;
    let lastMask = -1;
    for (let slot = featureFrom; slot < featureTo; slot++) {
      const needs = features.playerMasks[slot];
      if (needs !== lastMask) {
        // Shapley of u(S) = F'(η_S) − F'(η_∅) (baseline) or F'(η_S) [needs ⊆ S].
        let withoutAny = 0;
        combinedOfSubset[0] = 0;
        for (let mask = 1; mask < size; mask++) {
          const value = needs === 0 ? gainOfSubset[mask] - gainOfSubset[0] : (mask & needs) === needs ? gainOfSubset[mask] : 0;
          const members = popcount[mask];
          const without = members < players ? weights[members] * value : 0;
          withoutAny += without;
          combinedOfSubset[mask] = weights[members - 1] * value + without;
        }
        sumsOverHolders(combinedOfSubset, players, withoutAny, shares);
        lastMask = needs;
      }
      const value = features.values[slot];
      const base = (slot - featureFrom) * players;
      for (let player = 0; player < players; player++) out[base + player] = value * shares[player];
    }
  }
}

function growInt32(values: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(values.length * 2);
  grown.set(values);
  return grown;
}

function growFloat64(values: Float64Array): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(values.length * 2);
  grown.set(values);
  return grown;
}

/**
 * shares[i] = Σ_{S ∋ i} combined[S] − withoutAny for every player i, in O(2^m) instead of
 * O(m 2^m): the sum over subsets holding the highest player is the upper half of the array; folding
 * that half onto the lower one (S and S without the highest player added) leaves the same problem
 * for the players below, on half the array. Overwrites `combined` (combined[0] must be 0).
 */
function sumsOverHolders(combined: Float64Array, players: number, withoutAny: number, shares: Float64Array): void {
  for (let player = players - 1; player >= 0; player--) {
    const bit = 1 << player;
    let holding = 0;
    for (let lower = 0; lower < bit; lower++) {
      const value = combined[bit | lower];
      holding += value;
      combined[lower] += value;
    }
    shares[player] = holding - withoutAny;
  }
}

/**
 * Expected incremental conversions of every state: for each exposure pattern, the fitted model's
 * lift P(convert | its touches) − P(convert | no touch) is split over the pattern's states by the
 * Shapley value of the counterfactual game v(S) = P(convert | only the touches of states in S) −
 * P(convert | no touch) (a pair term is on only when both its states are), then multiplied by the
 * pattern's journeys (`journeys`, which the bootstrap resamples). Converting and non-converting
 * journeys both count: the expectation over everyone touched is what each state caused.
 * O(Σ 2^m · features) over patterns with m states each (m ≤ 12; sampled orders above).
 */
export function incrementalConversionsByState(
  patterns: ExposurePatterns,
  features: PatternFeatures,
  link: ConversionLink,
  coefficients: Coefficients,
  journeys: Float64Array,
  seed = 1,
): Float64Array {
  const totals = new Float64Array(patterns.stateCount);
  const splitter = new CounterfactualSplit(patterns, features, link, seed);
  let shares = new Float64Array(64);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    const from = patterns.stateOffsets[pattern];
    const players = patterns.stateOffsets[pattern + 1] - from;
    if (players > shares.length) shares = new Float64Array(players);
    splitter.split(pattern, coefficients, shares);
    for (let player = 0; player < players; player++) totals[patterns.states[from + player]] += weight * shares[player];
  }
  return totals;
}
