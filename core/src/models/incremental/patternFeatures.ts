import type { ExposurePatterns } from './exposurePatterns';
import { countFeature, defaultCountCurves, type CountCurves } from './countCurves';

/**
 * The conversion model's design: per pattern, the features that are on, with their coefficient
 * and value. Coefficients: 0 = intercept; 1 + 2s = state s touched; 2 + 2s = ln(touches of s);
 * then one per frequent pair of states touched together (synergy: two channels that work better,
 * or worse, together than apart). `playerMasks` says which of the pattern's states (bit i = the
 * pattern's i-th state) a feature needs, for the counterfactual Shapley split.
 */
export interface PatternFeatures {
  readonly coefficientCount: number;
  /** Coefficients that must stay ≥ 0 (single-state effects); pair terms are free. */
  readonly nonNegative: Uint8Array;
  readonly offsets: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
  readonly playerMasks: Int32Array;
  /** The two states of each pair coefficient (pair k is coefficient pairBase + k). */
  readonly pairBase: number;
  readonly pairStates: Int32Array;
  /** How each state's count term is written and its presence term shrunk (countCurves.ts). */
  readonly curves: CountCurves;
}

/**
 * Coefficients per state: touched at all, ln(touches). (A linear term in touches as well was
 * measured worse: it is nearly collinear with the propensity covariates, which grow linearly in
 * the targeted states' counts, so it let targeted states take back the credit of who they reach.)
 */
export const FEATURES_PER_STATE = 2;

/** Coefficient of "state touched at all"; the state's ln(touches) follows it. */
export function presenceColumn(state: number): number {
  return 1 + FEATURES_PER_STATE * state;
}

/** The state a single-state coefficient (1 ≤ column < pairBase) belongs to. */
export function stateOfColumn(column: number): number {
  return Math.floor((column - 1) / FEATURES_PER_STATE);
}

/** The first baseline (propensity) coefficient: they follow the pair terms, last in the design. */
export function firstPropensityColumn(features: PatternFeatures): number {
  return features.pairBase + features.pairStates.length / 2;
}

/** Pairs need this many journeys touched by both, and this share of all journeys, to get a term. */
const MINIMUM_PAIR_JOURNEYS = 200;
const MINIMUM_PAIR_SHARE = 0.005;
const MAXIMUM_PAIRS = 300;
/**
 * Pair terms only with at most this many states: the design grows with the square of the states
 * (campaign-level state spaces would need hundreds of pair terms, each seen in few journeys).
 */
export const MAXIMUM_STATES_FOR_PAIRS = 24;
/** Pair terms only within patterns of at most this many states (the Shapley split's exact range). */
const MAXIMUM_PLAYERS_FOR_PAIRS = 12;

/** Key of the pair of states first < second. */
export function pairKey(stateCount: number, first: number, second: number): number {
  return first * stateCount + second;
}

/**
 * `pairsWanted`: true = a term for every frequent pair, false = none, a set of pair keys = the
 * frequent pairs among those (pairScreening.ts keeps the pairs whose interaction the data show).
 * `propensity` (latentPropensity.ts; each one value ≥ 0 per pattern): baseline covariates for who
 * the buyer is, the last coefficients (≥ 0, mask 0: on in every counterfactual). `curves`: how
 * each state's count term is written (countCurves.ts).
 */
export function patternFeatures(
  patterns: ExposurePatterns,
  pairsWanted: boolean | ReadonlySet<number> = true,
  propensity: readonly Float64Array[] = [],
  baselineScale?: Float64Array,
  curves: CountCurves = defaultCountCurves(patterns),
): PatternFeatures {
  const { stateCount, patternCount, stateOffsets, states } = patterns;
  const withPairs = pairsWanted !== false && (typeof pairsWanted === 'boolean' || pairsWanted.size > 0) && stateCount <= MAXIMUM_STATES_FOR_PAIRS;
  const pairBase = 1 + FEATURES_PER_STATE * stateCount;
  // Journeys touched by each pair of states (dense: pairs only with few states).
  const pairJourneys = new Float64Array(withPairs ? stateCount * stateCount : 0);
  // The wanted pairs as a dense flag per pair key (a Set lookup per pair of every pattern costs more).
  const wanted = new Uint8Array(withPairs ? stateCount * stateCount : 0);
  if (withPairs) {
    if (typeof pairsWanted === 'boolean') wanted.fill(1);
    else for (const key of pairsWanted) if (key >= 0 && key < wanted.length) wanted[key] = 1;
  }
  let allJourneys = 0;
  for (let pattern = 0; pattern < patternCount; pattern++) {
    allJourneys += patterns.journeys[pattern];
    const from = stateOffsets[pattern];
    const players = stateOffsets[pattern + 1] - from;
    if (!withPairs || players > MAXIMUM_PLAYERS_FOR_PAIRS) continue;
    for (let first = 0; first < players; first++) {
      for (let second = first + 1; second < players; second++) {
        const key = pairKey(stateCount, states[from + first], states[from + second]);
        if (wanted[key] === 1) pairJourneys[key] += patterns.journeys[pattern];
      }
    }
  }
  const threshold = Math.max(MINIMUM_PAIR_JOURNEYS, MINIMUM_PAIR_SHARE * allJourneys);
  const chosen = [...pairJourneys.entries()]
    .filter(([, journeys]) => journeys > 0 && journeys >= threshold)
    .sort((left, right) => right[1] - left[1] || left[0] - right[0])
    .slice(0, MAXIMUM_PAIRS)
    .map(([key]) => key)
    .sort((left, right) => left - right);
  const pairIndex = new Int32Array(withPairs ? stateCount * stateCount : 0).fill(-1);
  chosen.forEach((key, index) => (pairIndex[key] = index));
  const pairStates = new Int32Array(chosen.length * 2);
  chosen.forEach((key, index) => {
    pairStates[2 * index] = Math.floor(key / stateCount);
    pairStates[2 * index + 1] = key % stateCount;
  });

  // Two passes over the patterns: the first counts each pattern's features (its offsets), the
  // second writes them into arrays of the exact size (a million slots and more: no growing, no
  // copying at the end).
  const offsets = new Int32Array(patternCount + 1);
  let columns = new Int32Array(0);
  let values = new Float64Array(0);
  let masks = new Int32Array(0);
  const withPairTerms = chosen.length > 0;
  const propensityBase = pairBase + chosen.length;
  const { extraTouchFeature } = patterns;
  for (let pass = 0; pass < 2; pass++) {
    const writing = pass === 1;
    if (writing) {
      const slots = offsets[patternCount];
      columns = new Int32Array(slots);
      values = new Float64Array(slots);
      masks = new Int32Array(slots);
    }
    let slot = 0;
    const put = (column: number, value: number, mask: number): void => {
      if (writing) {
        columns[slot] = column;
        values[slot] = value;
        masks[slot] = mask;
      }
      slot++;
    };
    for (let pattern = 0; pattern < patternCount; pattern++) {
      const from = stateOffsets[pattern];
      const players = stateOffsets[pattern + 1] - from;
      put(0, baselineScale ? baselineScale[pattern] : 1, 0);
      for (let player = 0; player < players; player++) {
        const state = states[from + player];
        const mask = player < 31 ? 1 << player : 0;
        put(presenceColumn(state), 1, mask);
        const count = countFeature(extraTouchFeature[from + player], curves.firstTouchInSlopes[state]);
        if (count !== 0) put(presenceColumn(state) + 1, count, mask);
      }
      if (withPairTerms && players <= MAXIMUM_PLAYERS_FOR_PAIRS) {
        for (let first = 0; first < players; first++) {
          for (let second = first + 1; second < players; second++) {
            const index = pairIndex[pairKey(stateCount, states[from + first], states[from + second])];
            if (index >= 0) put(pairBase + index, 1, (1 << first) | (1 << second));
          }
        }
      }
      for (let index = 0; index < propensity.length; index++) {
        const value = propensity[index][pattern];
        if (value !== 0) put(propensityBase + index, value, 0);
      }
      if (!writing) offsets[pattern + 1] = slot;
    }
  }
  const coefficientCount = pairBase + chosen.length + propensity.length;
  const nonNegative = new Uint8Array(coefficientCount);
  nonNegative.fill(1, 1, pairBase);
  nonNegative.fill(1, pairBase + chosen.length);
  return {
    coefficientCount,
    nonNegative,
    offsets,
    columns,
    values,
    playerMasks: masks,
    pairBase,
    pairStates,
    curves,
  };
}
