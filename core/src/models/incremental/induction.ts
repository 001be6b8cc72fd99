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
 * of keeping any pair by accident); of two states following each other only the stronger
 * direction stays. A state may have several upstream states (detectInductions).
 *
 * The brought touches are then I = (O − E) / (1 − p̄) (each would have followed A with the
 * average probability p̄ anyway; E unscaled, because brought touches also follow the other states
 * more than chance, which ρ would take away), a share r = I / O of the B touches after the first A. In the
 * Shapley split (counterfactualShapley.ts) a journey's B touches without A are its B touches less
 * the brought ones (each B touch after the first A brought with probability r, their number
 * binomial): B's own features take their expected values without the brought touches, and the
 * difference becomes a term that needs both A and B, shared between them as a synergy is (with
 * several upstream states, one term per set of them: broughtTouches, inducedSplitFeatures). The
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
/** At most this many upstream states per brought state (the split's terms grow as 2^upstreams). */
const MAXIMUM_UPSTREAMS = 3;
/** Brought touches counted per journey at most (the binomial sums stay small). */
const MAXIMUM_TRIALS = 63;
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

/** Order statistics of every ordered pair of states over a set of journeys (see detectInductions). */
interface PairStatistics {
  /** B touches after A's first touch (key a · states + b), what no particular order gives, its variance. */
  readonly observed: Float64Array;
  readonly expected: Float64Array;
  readonly variance: Float64Array;
  /** Σ k · n_A / (n_A + 1): the following each observed touch would have had by chance (for the share). */
  readonly nullWeighted: Float64Array;
  /** Journeys touched by both, and those where A's first touch comes before B's. */
  readonly together: Float64Array;
  readonly firstBefore: Float64Array;
}

/** The pair statistics over the journeys touched by none of `without` (every journey when empty). */
function pairStatistics(table: PathTable, without: readonly number[] = []): PairStatistics {
  const stateCount = table.stateNames.length;
  const size = stateCount * stateCount;
  const statistics = {
    observed: new Float64Array(size),
    expected: new Float64Array(size),
    variance: new Float64Array(size),
    nullWeighted: new Float64Array(size),
    together: new Float64Array(size),
    firstBefore: new Float64Array(size),
  };
  const { observed, expected, variance, nullWeighted, together, firstBefore } = statistics;
  forEachPath(table, (_path, weight, present, presentCount, counts, after) => {
    for (const excluded of without) if (counts[excluded] > 0) return;
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
  return statistics;
}

/** A (from) bringing B (to) tested on these statistics: the induction when beyond `threshold`, else null. */
function testedInduction(statistics: PairStatistics, stateCount: number, a: number, b: number, threshold: number, ignored: readonly number[] = []): Induction | null {
  const { observed, expected, variance, nullWeighted, together, firstBefore } = statistics;
  const key = a * stateCount + b;
  if (a === b || together[key] < MINIMUM_JOURNEYS || !(variance[key] > 0) || !(observed[key] > 0)) return null;
  // B's own touches come in any order, so B's first touch must often come before A's too:
  // where it (almost) never does, the order is the data's convention (paths written in a
  // fixed order of channels), not a sign of anything.
  if (Math.min(firstBefore[key], firstBefore[b * stateCount + a]) < MINIMUM_REVERSED_SHARE * together[key]) return null;
  // How much B follows the states other than A (the median over them: one other state that
  // brings B, or that B brings, does not move it): a state late in every journey is not
  // brought by A in particular.
  const ratios: number[] = [];
  for (let c = 0; c < stateCount; c++) {
    if (c === a || c === b || ignored.includes(c) || together[c * stateCount + b] < MINIMUM_JOURNEYS || !(expected[c * stateCount + b] > 0)) continue;
    ratios.push(observed[c * stateCount + b] / expected[c * stateCount + b]);
  }
  const lateness = ratios.length > 0 ? Math.max(1, median(ratios)) : 1;
  const z = (observed[key] - lateness * expected[key]) / Math.sqrt(variance[key]);
  if (!(z > threshold)) return null;
  // How many B touches A brought: the following beyond no particular order (brought touches
  // follow every other state more than chance too, which the lateness above would take away).
  const nullShare = nullWeighted[key] / observed[key];
  const brought = (observed[key] - expected[key]) / Math.max(1e-9, 1 - nullShare);
  return { from: a, to: b, share: Math.min(1, brought / observed[key]), z };
}

/**
 * The upstream states (see the module comment). A state may have several: a creator video and a
 * paid-social ad can both send people to search. The strongest is found over all journeys; each
 * further one is tested on the journeys touched by none of the state's upstreams found so far, so
 * touches those brought (which follow every earlier state) cannot make another state look
 * upstream. A state with several upstreams has each one's share re-estimated on the journeys
 * without the others.
 */
export function detectInductions(table: PathTable): Induction[] {
  const stateCount = table.stateNames.length;
  if (stateCount < 2 || stateCount > MAXIMUM_STATES_FOR_INDUCTION) return [];
  // One pass over the paths per set of excluded states: the journeys without the first upstream
  // state, searched for a second one, are also where that second one's share is measured.
  const passes = new Map<string, PairStatistics>();
  const statisticsWithout = (without: readonly number[]): PairStatistics => {
    const key = [...without].sort((left, right) => left - right).join(',');
    let statistics = passes.get(key);
    if (!statistics) passes.set(key, (statistics = pairStatistics(table, without)));
    return statistics;
  };
  const all = statisticsWithout([]);
  const pairs = stateCount * (stateCount - 1);
  const threshold = upperNormalQuantile(FAMILY_ERROR / pairs);
  const candidates: Induction[] = [];
  for (let a = 0; a < stateCount; a++) {
    for (let b = 0; b < stateCount; b++) {
      const found = testedInduction(all, stateCount, a, b, threshold);
      if (found) candidates.push(found);
    }
  }
  // The strongest upstream state per state; of two states following each other, the stronger direction.
  candidates.sort((left, right) => right.z - left.z);
  const kept: Induction[] = [];
  const reversed = (from: number, to: number): boolean => kept.some((other) => other.from === to && other.to === from);
  for (const candidate of candidates) {
    if (kept.some((other) => other.to === candidate.to) || reversed(candidate.from, candidate.to)) continue;
    kept.push(candidate);
  }
  // Further upstream states of each brought state, on the journeys without the ones found.
  for (const target of new Set(kept.map((induction) => induction.to))) {
    for (;;) {
      const upstreams = kept.filter((induction) => induction.to === target).map((induction) => induction.from);
      if (upstreams.length >= MAXIMUM_UPSTREAMS) break;
      const rest = statisticsWithout(upstreams);
      let best: Induction | null = null;
      for (let a = 0; a < stateCount; a++) {
        if (upstreams.includes(a) || reversed(a, target)) continue;
        const found = testedInduction(rest, stateCount, a, target, threshold, upstreams);
        if (found && (!best || found.z > best.z)) best = found;
      }
      if (!best) break;
      kept.push(best);
    }
  }
  // Each share measured where the state's other upstreams are absent.
  return kept.map((induction) => {
    const others = kept.filter((other) => other.to === induction.to && other.from !== induction.from).map((other) => other.from);
    if (others.length === 0) return induction;
    const alone = testedInduction(statisticsWithout(others), stateCount, induction.from, induction.to, -Infinity, others);
    return alone ? { ...induction, share: Math.max(0, alone.share) } : induction;
  });
}

/** One pattern's brought state without the touches of some of its upstream states. */
export interface BroughtTouches {
  readonly pattern: number;
  /** Player (position in the pattern's states) of the brought state. */
  readonly to: number;
  /** Players of its upstream states present in the pattern, in the order of the inductions. */
  readonly upstreams: readonly number[];
  /**
   * Per subset T of `upstreams` (bit i: upstreams[i] kept), over the pattern's journeys: P(the
   * brought state still touched) and E[ln(capped count)] once the touches brought by the upstream
   * states outside T are gone. Entry 2^u − 1 (all kept) is the journey as it is.
   */
  readonly presence: Float64Array;
  readonly logCount: Float64Array;
}

/**
 * Per pattern holding a brought state and any of its upstream states (and split exactly), what the
 * brought state's features are expected to be without the touches each subset of those upstream
 * states brought (see the module comment), in pattern order. A touch of B after the first touches
 * of the upstream states M (its position says which) was brought by j ∈ M with probability
 * q_j = r_j / max(1, Σ_{i ∈ M} r_i), r_j the share of B touches after j's first touch that j
 * brings, each touch independently: the touches left are a sum of binomials. Depends on the
 * journeys, not on the fitted form: computed once, it serves every form's split
 * (inducedSplitFeatures).
 */
export function broughtTouches(table: PathTable, patterns: ExposurePatterns, inductions: readonly Induction[]): BroughtTouches[] {
  const patternOfPath = patterns.patternOfPath;
  if (inductions.length === 0 || !patternOfPath) return [];
  const stateCount = patterns.stateCount;
  // Per brought state, its inductions (in the order given).
  const targets = [...new Set(inductions.map((induction) => induction.to))];
  const rulesOf = targets.map((target) => inductions.filter((induction) => induction.to === target));
  // Per (pattern, target): Σ weight and, per subset of the upstreams present, Σ weight · P(touched),
  // Σ weight · E[ln count] (the form's first touch in slopes is added per form: inducedSplitFeatures).
  const sums = new Map<number, { upstreams: number[]; weight: number; presence: Float64Array; logCount: Float64Array }>();
  const removed = new Float64Array(MAXIMUM_TRIALS + 1);
  const present = new Int32Array(MAXIMUM_UPSTREAMS);
  const firstOrder = new Int32Array(MAXIMUM_UPSTREAMS);
  const followers = new Int32Array(MAXIMUM_UPSTREAMS + 1);
  forEachPath(table, (path, weight, presentStates, presentCount, counts, after) => {
    const pattern = patternOfPath[path];
    if (pattern < 0) return;
    targets.forEach((target, targetIndex) => {
      const touches = counts[target];
      if (touches === 0) return;
      const rules = rulesOf[targetIndex];
      // The upstream states this journey has, by their index among the target's rules.
      let upstreamCount = 0;
      rules.forEach((rule, index) => {
        if (counts[rule.from] > 0) present[upstreamCount++] = index;
      });
      if (upstreamCount === 0) return;
      const key = pattern * targets.length + targetIndex;
      let entry = sums.get(key);
      if (!entry) {
        entry = { upstreams: Array.from(present.subarray(0, upstreamCount)), weight: 0, presence: new Float64Array(1 << upstreamCount), logCount: new Float64Array(1 << upstreamCount) };
        sums.set(key, entry);
      }
      // The upstream states in the order of their first touches (presentStates is in that order),
      // and how many target touches follow the first k of them.
      let ordered = 0;
      for (let slot = 0; slot < presentCount; slot++) {
        for (let index = 0; index < upstreamCount; index++) if (rules[present[index]].from === presentStates[slot]) firstOrder[ordered++] = index;
      }
      for (let k = 0; k < upstreamCount; k++) followers[k] = after[rules[present[firstOrder[k]]].from * stateCount + target];
      followers[upstreamCount] = 0;
      entry.weight += weight;
      for (let kept = 0; kept < 1 << upstreamCount; kept++) {
        // Removed touches: interval k (after the first k + 1 upstream first touches) holds
        // followers[k] − followers[k + 1] touches, each removed with the summed q of its upstreams not kept.
        removed.fill(0);
        removed[0] = 1;
        let trials = 0;
        for (let k = 0; k < upstreamCount && trials < MAXIMUM_TRIALS; k++) {
          let total = 0;
          for (let index = 0; index <= k; index++) total += rules[present[firstOrder[index]]].share;
          const scale = Math.max(1, total);
          let probability = 0;
          for (let index = 0; index <= k; index++) if (!(kept & (1 << firstOrder[index]))) probability += rules[present[firstOrder[index]]].share / scale;
          const interval = Math.min(followers[k] - followers[k + 1], MAXIMUM_TRIALS - trials);
          for (let trial = 0; trial < interval; trial++, trials++) {
            for (let count = trials + 1; count >= 1; count--) removed[count] = removed[count] * (1 - probability) + removed[count - 1] * probability;
            removed[0] *= 1 - probability;
          }
        }
        let presence = 0;
        let logCount = 0;
        for (let count = 0; count <= trials; count++) {
          const left = touches - count;
          if (left <= 0 || removed[count] === 0) continue;
          presence += removed[count];
          logCount += removed[count] * Math.log(Math.min(TOUCH_COUNT_CAP, left));
        }
        entry.presence[kept] += weight * presence;
        entry.logCount[kept] += weight * logCount;
      }
    });
  });
  const brought: BroughtTouches[] = [];
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const first = patterns.stateOffsets[pattern];
    const players = patterns.stateOffsets[pattern + 1] - first;
    if (players > MAXIMUM_PLAYERS) continue;
    const states = patterns.states.subarray(first, first + players);
    const start = brought.length;
    targets.forEach((target, targetIndex) => {
      const entry = sums.get(pattern * targets.length + targetIndex);
      if (!entry || entry.weight <= 0) return;
      const to = states.indexOf(target);
      const upstreams = entry.upstreams.map((index) => states.indexOf(rulesOf[targetIndex][index].from));
      if (to < 0 || upstreams.some((player) => player < 0)) return;
      brought.push({ pattern, to, upstreams, presence: entry.presence.map((sum) => sum / entry.weight), logCount: entry.logCount.map((sum) => sum / entry.weight) });
    });
    // A pattern's entries in the order of its players.
    const entries = brought.splice(start).sort((left, right) => left.to - right.to);
    brought.push(...entries);
  }
  return brought;
}

/**
 * A form's features as the split reads them when states bring others' touches: per entry of
 * `brought`, the brought state's own presence and ln(count) at their values without any brought
 * touches, and for each non-empty set T of its upstream states a term needing the brought state
 * and T, worth the Möbius difference Σ_{S ⊆ T} (−1)^{|T \ S|} f(S) (one upstream state: f(it) −
 * f(none)), so that the terms on in a coalition add up to the features it would see. Patterns
 * without an entry keep their features; without any entry the features are returned as they are.
 */
export function inducedSplitFeatures(patterns: ExposurePatterns, features: PatternFeatures, brought: readonly BroughtTouches[]): PatternFeatures {
  if (brought.length === 0) return features;
  // Two more slots per entry and non-empty set of upstream states: first count them, then write.
  const offsets = new Int32Array(patterns.patternCount + 1);
  let next = 0;
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    let extra = 0;
    for (; next < brought.length && brought[next].pattern === pattern; next++) extra += 2 * ((1 << brought[next].upstreams.length) - 1);
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
      const all = (1 << entry.upstreams.length) - 1;
      // The count feature's expectation: E[ln count] + first touch in slopes × P(touched) (countCurves.ts).
      const firstTouch = features.curves.firstTouchInSlopes[state];
      const countOf = (kept: number): number => entry.logCount[kept] + firstTouch * entry.presence[kept];
      // The brought state's own presence and ln(count) slots, at their values without any brought touches.
      let fullLog = 0;
      for (let slot = offsets[pattern]; slot < write; slot++) {
        if (playerMasks[slot] !== own) continue;
        if (columns[slot] === presenceColumn(state)) values[slot] = entry.presence[0];
        else if (columns[slot] === presenceColumn(state) + 1) {
          fullLog = values[slot];
          values[slot] = countOf(0);
        }
      }
      // f(T) with the journey as it is when every upstream state is kept.
      const presenceWith = (kept: number): number => (kept === all ? 1 : entry.presence[kept]);
      const logWith = (kept: number): number => (kept === all ? fullLog : countOf(kept));
      for (let kept = 1; kept <= all; kept++) {
        let mask = own;
        entry.upstreams.forEach((player, index) => {
          if (kept & (1 << index)) mask |= 1 << player;
        });
        let presence = 0;
        let logCount = 0;
        // Möbius inversion over the subsets of `kept`.
        for (let subset = kept; ; subset = (subset - 1) & kept) {
          const sign = popcount(kept & ~subset) % 2 === 0 ? 1 : -1;
          presence += sign * presenceWith(subset);
          logCount += sign * logWith(subset);
          if (subset === 0) break;
        }
        columns[write] = presenceColumn(state);
        values[write] = presence;
        playerMasks[write++] = mask;
        columns[write] = presenceColumn(state) + 1;
        values[write] = logCount;
        playerMasks[write++] = mask;
      }
    }
  }
  return { ...features, offsets, columns, values, playerMasks };
}

function popcount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest; rest &= rest - 1) count++;
  return count;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
