import type { ConversionLink } from './conversionLinks';
import type { ExposurePatterns } from './exposurePatterns';
import { linearOf, type Coefficients } from './logisticFit';
import { MAXIMUM_STATES_FOR_PAIRS, pairKey, type PatternFeatures } from './patternFeatures';

/** Pairs are looked for only within patterns of at most this many states (patternFeatures' limit). */
const MAXIMUM_PLAYERS_FOR_PAIRS = 12;
/** Family-wise false-positive rate of the screen over all candidate pairs (Bonferroni). */
const FAMILY_ERROR_RATE = 0.05;

/**
 * Upper-tail standard normal quantile: z with P(Z > z) = probability (Abramowitz & Stegun 26.2.23,
 * absolute error < 4.5e-4, for 0 < probability ≤ 0.5).
 */
export function upperNormalQuantile(probability: number): number {
  const t = Math.sqrt(-2 * Math.log(probability));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
}

/**
 * Which pairs of states interact: Rao's score test of each candidate pair term at the fit without
 * pair terms (the gradient of the log-likelihood along the pair's feature over its standard
 * error, U / √I), kept when |z| passes a Bonferroni threshold over all candidates (one-sided,
 * positive only, under noisy-or where pair terms cannot be negative). Synergy the data show gets a
 * term; the rest of the O(states²) candidates, which would only add variance and cost, do not.
 * One pass over the patterns: O(Σ m²) for patterns with m states.
 */
export function interactingPairs(patterns: ExposurePatterns, features: PatternFeatures, link: ConversionLink, coefficients: Coefficients): Set<number> {
  const { stateCount, patternCount, stateOffsets, states, journeys, conversions } = patterns;
  const kept = new Set<number>();
  if (stateCount > MAXIMUM_STATES_FOR_PAIRS) return kept;
  const score = new Float64Array(stateCount * stateCount);
  const information = new Float64Array(stateCount * stateCount);
  const seen = new Uint8Array(stateCount * stateCount);
  for (let pattern = 0; pattern < patternCount; pattern++) {
    const from = stateOffsets[pattern];
    const players = stateOffsets[pattern + 1] - from;
    const weight = journeys[pattern];
    if (players < 2 || players > MAXIMUM_PLAYERS_FOR_PAIRS || weight === 0) continue;
    const linear = linearOf(features, coefficients, pattern);
    const gradient = link.gradient(linear, conversions[pattern], weight);
    // Expected information (at the fitted rate), not the observed one: steadier for small cells.
    const curvature = link.curvature(linear, weight * link.probability(linear), weight);
    for (let first = 0; first < players; first++) {
      for (let second = first + 1; second < players; second++) {
        const key = pairKey(stateCount, states[from + first], states[from + second]);
        score[key] += gradient;
        information[key] += curvature;
        seen[key] = 1;
      }
    }
  }
  let candidates = 0;
  for (const flag of seen) candidates += flag;
  if (candidates === 0) return kept;
  const oneSided = !link.negativePairs;
  const threshold = upperNormalQuantile(FAMILY_ERROR_RATE / (oneSided ? candidates : 2 * candidates));
  for (let key = 0; key < seen.length; key++) {
    const deviation = Math.sqrt(information[key]);
    if (seen[key] === 0 || deviation <= 0) continue;
    const z = score[key] / deviation;
    if (oneSided ? z > threshold : Math.abs(z) > threshold) kept.add(key);
  }
  return kept;
}
