import { pathCount, type PathTable } from '../data-driven/pathTable';
import { TOUCH_COUNT_CAP, type ExposurePatterns } from './exposurePatterns';
import { upperNormalQuantile } from './pairScreening';
import { presenceColumn, type PatternFeatures } from './patternFeatures';

/**
 * Upstream states: one state's touches bringing later touches of another (a creator video
 * followed by branded searches, an email inviting to a webinar). Switching the upstream state off
 * removes its own touches and the touches it brought, so those touches' effect is partly its.
 *
 * Seen in the order of the touches. Where nothing brings anything, the touches of two states are
 * in no particular order relative to each other: a touch of B follows the first touch of A with
 * probability n_A / (n_A + 1) (it is not first among itself and A's n_A touches). Brought touches
 * always follow a touch of A. Over every journey touched by both, the B touches after the first A
 * (O) are compared with what no particular order gives (E, and its variance from the number K of
 * B touches before the first A: Var K = n_B n_A (n_A + n_B + 1) / ((n_A + 1)² (n_A + 2))). A state
 * that simply comes late in every journey (a search before buying) follows every other state
 * alike: E is scaled by how much B follows the states other than A (ρ ≥ 1, the median over them),
 * so only a following specific to A counts. A pair whose first touches (almost) always come in one
 * order is not tested: B's own touches come in any order, so where B never starts before A the
 * order is the data's convention (paths written in a fixed order of channels). A pair is kept when
 * O − ρE is more than a Bonferroni threshold of standard errors over all ordered pairs (5% chance
 * of keeping any pair by accident); each state keeps at most its strongest upstream state, and of
 * two states following each other only the stronger direction stays.
 *
 * The brought touches are then I = (O − E) / (1 − p̄) (each would have followed A with the
 * average probability p̄ anyway; E unscaled, because brought touches also follow the other states
 * more than chance, which ρ would take away), a share r = I / O of the B touches after the first A. In the
 * Shapley split (counterfactualShapley.ts) a journey's B touches without A are its B touches less
 * the brought ones (each B touch after the first A brought with probability r, their number
 * binomial): B's own features take their expected values without the brought touches, and the
 * difference becomes a term that needs both A and B, shared between them as a synergy is. The
 * fitted conversion model is not changed: brought touches work like any other touch of B.
 */

export interface Induction {
  /** The upstream state and the state whose touches it brings. */
  readonly from: number;
  readonly to: number;
  /** Share of the `to` touches that follow a `from` touch which that touch brought. */
  readonly share: number;
  /** Standard errors by which the following exceeds what no particular order gives. */
  readonly z: number;
}

/** Pairs need this many journeys touched by both to be tested. */
const MINIMUM_JOURNEYS = 200;
/** States beyond this: no upstream detection (the pairs grow with the square of the states). */
export const MAXIMUM_STATES_FOR_INDUCTION = 24;
const FAMILY_ERROR = 0.05;
/** Share of the journeys touched by both in which each state's first touch must come first, at least. */
const MINIMUM_REVERSED_SHARE = 0.05;
/** Only patterns split exactly carry the induced terms (counterfactualShapley's exact range). */
const MAXIMUM_PLAYERS = 12;

/** Variance of the number of B touches before the first A touch when the order is random. */
export function beforeFirstVariance(touchesOfA: number, touchesOfB: number): number {
  const a = touchesOfA;
  return (touchesOfB * a * (a + touchesOfB + 1)) / ((a + 1) * (a + 1) * (a + 2));
}

/** Walks every path with positive weight: its states' counts, first positions, and B-after-first-A counts. */
function forEachPath(table: PathTable, visit: (path: number, weight: number, present: Int32Array, presentCount: number, counts: Int32Array, after: Int32Array) => void): void {
  const stateCount = table.stateNames.length;
  const counts = new Int32Array(stateCount);
  const first = new Int32Array(stateCount).fill(-1);
  const present = new Int32Array(stateCount);
  // after[a * stateCount + b]: touches of b after the first touch of a.
  const after = new Int32Array(stateCount * stateCount);
  const { pathOffsets, pathStates, conversions, nulls } = table;
  for (let path = 0; path < pathCount(table); path++) {
    const weight = conversions[path] + nulls[path];
    if (weight <= 0) continue;
    let presentCount = 0;
    for (let slot = pathOffsets[path]; slot < pathOffsets[path + 1]; slot++) {
      const state = pathStates[slot];
      if (counts[state]++ === 0) {
        first[state] = slot;
        present[presentCount++] = state;
      }
      // Every state whose first touch came before this one.
      for (let index = 0; index < presentCount; index++) {
        const earlier = present[index];
        if (earlier !== state && first[earlier] < slot) after[earlier * stateCount + state]++;
      }
    }
    if (presentCount > 1) visit(path, weight, present, presentCount, counts, after);
    for (let index = 0; index < presentCount; index++) {
      const state = present[index];
      for (let other = 0; other < presentCount; other++) after[state * stateCount + present[other]] = 0;
      counts[state] = 0;
      first[state] = -1;
    }
  }
}

export function detectInductions(table: PathTable): Induction[] {
  const stateCount = table.stateNames.length;
  if (stateCount < 2 || stateCount > MAXIMUM_STATES_FOR_INDUCTION) return [];
  const size = stateCount * stateCount;
  const observed = new Float64Array(size);
  const expected = new Float64Array(size);
  const variance = new Float64Array(size);
  const nullWeighted = new Float64Array(size);
  const together = new Float64Array(size);
  // Journeys where a's first touch comes before b's (present is in order of first touches).
  const firstBefore = new Float64Array(size);
  forEachPath(table, (_path, weight, present, presentCount, counts, after) => {
    for (let i = 0; i < presentCount; i++) {
      const a = present[i];
      for (let j = i + 1; j < presentCount; j++) firstBefore[a * stateCount + present[j]] += weight;
      const touchesOfA = counts[a];
      const follows = touchesOfA / (touchesOfA + 1);
      for (let j = 0; j < presentCount; j++) {
        if (i === j) continue;
        const b = present[j];
        const key = a * stateCount + b;
        const k = after[key];
        observed[key] += weight * k;
        expected[key] += weight * counts[b] * follows;
        variance[key] += weight * beforeFirstVariance(touchesOfA, counts[b]);
        nullWeighted[key] += weight * k * follows;
        together[key] += weight;
      }
    }
  });
  const pairs = stateCount * (stateCount - 1);
  const threshold = upperNormalQuantile(FAMILY_ERROR / pairs);
  const candidates: Induction[] = [];
  for (let a = 0; a < stateCount; a++) {
    for (let b = 0; b < stateCount; b++) {
      const key = a * stateCount + b;
      if (a === b || together[key] < MINIMUM_JOURNEYS || !(variance[key] > 0) || !(observed[key] > 0)) continue;
      // B's own touches come in any order, so B's first touch must often come before A's too:
      // where it (almost) never does, the order is the data's convention (paths written in a
      // fixed order of channels), not a sign of anything.
      if (Math.min(firstBefore[key], firstBefore[b * stateCount + a]) < MINIMUM_REVERSED_SHARE * together[key]) continue;
      // How much B follows the states other than A (the median over them: one other state that
      // brings B, or that B brings, does not move it): a state late in every journey is not
      // brought by A in particular.
      const ratios: number[] = [];
      for (let c = 0; c < stateCount; c++) {
        if (c === a || c === b || together[c * stateCount + b] < MINIMUM_JOURNEYS || !(expected[c * stateCount + b] > 0)) continue;
        ratios.push(observed[c * stateCount + b] / expected[c * stateCount + b]);
      }
      const lateness = ratios.length > 0 ? Math.max(1, median(ratios)) : 1;
      const z = (observed[key] - lateness * expected[key]) / Math.sqrt(variance[key]);
      if (!(z > threshold)) continue;
      // How many B touches A brought: the following beyond no particular order (brought touches
      // follow every other state more than chance too, which the lateness above would take away).
      const nullShare = nullWeighted[key] / observed[key];
      const brought = (observed[key] - expected[key]) / Math.max(1e-9, 1 - nullShare);
      candidates.push({ from: a, to: b, share: Math.min(1, brought / observed[key]), z });
    }
  }
  // The strongest upstream state per state; of two states following each other, the stronger direction.
  candidates.sort((left, right) => right.z - left.z);
  const kept: Induction[] = [];
  for (const candidate of candidates) {
    if (kept.some((other) => other.to === candidate.to || (other.from === candidate.to && other.to === candidate.from))) continue;
    kept.push(candidate);
  }
  return kept;
}

/** One pattern's brought state without its upstream state: where they are, and B's expected features. */
export interface BroughtTouches {
  readonly pattern: number;
  /** Players (positions in the pattern's states) of the upstream state and of the state it brings. */
  readonly from: number;
  readonly to: number;
  /** Without the brought touches: P(B still touched) and E[ln(capped B count)] over the pattern's journeys. */
  readonly presence: number;
  readonly logCount: number;
}

/**
 * Per pattern holding both states of an induction (and split exactly), what the brought state's
 * features are expected to be without the touches its upstream state brought (see the module
 * comment), in pattern order. Depends on the journeys, not on the fitted form: computed once, it
 * serves every form's split (inducedSplitFeatures).
 */
export function broughtTouches(table: PathTable, patterns: ExposurePatterns, inductions: readonly Induction[]): BroughtTouches[] {
  const patternOfPath = patterns.patternOfPath;
  if (inductions.length === 0 || !patternOfPath) return [];
  const stateCount = patterns.stateCount;
  const inductionOfTarget = new Int32Array(stateCount).fill(-1);
  inductions.forEach((induction, index) => (inductionOfTarget[induction.to] = index));
  // Per pattern and induction: Σ weight, Σ weight · P(B still touched), Σ weight · E[ln(capped B count)].
  const key = (pattern: number, induction: number): number => pattern * inductions.length + induction;
  const weightSums = new Float64Array(patterns.patternCount * inductions.length);
  const presenceSums = new Float64Array(weightSums.length);
  const logSums = new Float64Array(weightSums.length);
  const probabilities = new Float64Array(64);
  forEachPath(table, (path, weight, _present, _presentCount, counts, after) => {
    const pattern = patternOfPath[path];
    if (pattern < 0) return;
    inductions.forEach((induction, index) => {
      const touches = counts[induction.to];
      if (counts[induction.from] === 0 || touches === 0) return;
      const following = after[induction.from * stateCount + induction.to];
      // X ~ Binomial(following, share) brought touches; B keeps touches − X.
      let presence = 0;
      let logCount = 0;
      const trials = Math.min(following, probabilities.length - 1);
      binomial(trials, induction.share, probabilities);
      for (let brought = 0; brought <= trials; brought++) {
        const left = touches - brought;
        if (left <= 0) continue;
        presence += probabilities[brought];
        logCount += probabilities[brought] * Math.log(Math.min(TOUCH_COUNT_CAP, left));
      }
      const slot = key(pattern, index);
      weightSums[slot] += weight;
      presenceSums[slot] += weight * presence;
      logSums[slot] += weight * logCount;
    });
  });
  const brought: BroughtTouches[] = [];
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const first = patterns.stateOffsets[pattern];
    const players = patterns.stateOffsets[pattern + 1] - first;
    if (players > MAXIMUM_PLAYERS) continue;
    const states = patterns.states.subarray(first, first + players);
    for (let player = 0; player < players; player++) {
      const index = inductionOfTarget[states[player]];
      if (index < 0) continue;
      const slot = key(pattern, index);
      if (weightSums[slot] <= 0) continue;
      const upstream = states.indexOf(inductions[index].from);
      if (upstream < 0) continue;
      brought.push({ pattern, from: upstream, to: player, presence: presenceSums[slot] / weightSums[slot], logCount: logSums[slot] / weightSums[slot] });
    }
  }
  return brought;
}

/**
 * A form's features as the split reads them when states bring others' touches: per entry of
 * `brought`, the brought state's own presence and ln(count) at their values without the brought
 * touches, and the differences on terms needing both states. Patterns without an entry keep their
 * features; without any entry the features are returned as they are.
 */
export function inducedSplitFeatures(patterns: ExposurePatterns, features: PatternFeatures, brought: readonly BroughtTouches[]): PatternFeatures {
  if (brought.length === 0) return features;
  // Two more slots per entry: first count them, then write.
  const offsets = new Int32Array(patterns.patternCount + 1);
  let next = 0;
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    let extra = 0;
    for (; next < brought.length && brought[next].pattern === pattern; next++) extra += 2;
    offsets[pattern + 1] = offsets[pattern] + (features.offsets[pattern + 1] - features.offsets[pattern]) + extra;
  }
  const columns = new Int32Array(offsets[patterns.patternCount]);
  const values = new Float64Array(columns.length);
  const playerMasks = new Int32Array(columns.length);
  next = 0;
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    let write = offsets[pattern];
    for (let slot = features.offsets[pattern]; slot < features.offsets[pattern + 1]; slot++, write++) {
      columns[write] = features.columns[slot];
      values[write] = features.values[slot];
      playerMasks[write] = features.playerMasks[slot];
    }
    for (; next < brought.length && brought[next].pattern === pattern; next++) {
      const entry = brought[next];
      const state = patterns.states[patterns.stateOffsets[pattern] + entry.to];
      const own = 1 << entry.to;
      const both = own | (1 << entry.from);
      // The brought state's own presence and ln(count) slots, at their values without the brought touches.
      let fullLog = 0;
      for (let slot = offsets[pattern]; slot < write; slot++) {
        if (playerMasks[slot] !== own) continue;
        if (columns[slot] === presenceColumn(state)) values[slot] = entry.presence;
        else if (columns[slot] === presenceColumn(state) + 1) {
          fullLog = values[slot];
          values[slot] = entry.logCount;
        }
      }
      columns[write] = presenceColumn(state);
      values[write] = 1 - entry.presence;
      playerMasks[write++] = both;
      columns[write] = presenceColumn(state) + 1;
      values[write] = fullLog - entry.logCount;
      playerMasks[write++] = both;
    }
  }
  return { ...features, offsets, columns, values, playerMasks };
}

function median(values: number[]): number {
  const sorted = values.slice().sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** P(X = x) for X ~ Binomial(trials, probability), x = 0..trials, into `into`. */
function binomial(trials: number, probability: number, into: Float64Array): void {
  into.fill(0, 0, trials + 1);
  into[0] = 1;
  for (let trial = 1; trial <= trials; trial++) {
    for (let count = trial; count >= 1; count--) into[count] = into[count] * (1 - probability) + into[count - 1] * probability;
    into[0] *= 1 - probability;
  }
}
