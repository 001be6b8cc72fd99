import { delayKernelMasses } from './delayKernel';
import { groupInclusion } from './groupInclusion';
import { weekdayFactors } from './weeklyBaseline';
import { hierarchicalLift, type CampaignHierarchy } from './hierarchicalPrior';
import { candidatePairs, DELAY_BIN_EDGES, expectationStep, groupIntensitiesOf, type ExpectationState } from './mixtureTerms';

export { DELAY_BIN_EDGES } from './mixtureTerms';

/**
 * Inferred attribution of untagged first touches (branded searches, direct visits) by a Poisson
 * mixture fitted with expectation-maximisation.
 *
 * Model (per evidence kind k: branded search, direct visit). New contacts arriving by kind k form a
 * Poisson process whose intensity is an organic baseline λ₀ₖ plus one response per campaign:
 *
 *   λ(t) = λ₀ₖ + Σ_c [ A_ck · p_c(t) + D_ck · u_c(t) ],  p_c(t) = (1/m_c) Σ_{anchors a ≤ t} hₖ(t − a)
 *
 * - Anchors are the times of a campaign's tagged, landing-page or referrer first touches: they
 *   trace when its posts went out and how much attention each got, without needing post dates.
 *   hₖ is the delay density over log-spaced bins, fitted by EM: a histogram under a prior centred
 *   on a log-normal, the prior's weight set by the data (delayKernel.ts).
 *   This is the superposition view of self-exciting processes (Hawkes, 1971) with the excitation
 *   driven by observed tagged activity.
 * - u_c is uniform over the campaign's [start_at, end_at + 14 days]: responses to posts that drew
 *   no tagged click (a podcast read). D_ck is its expected number of responses.
 * - λ₀ₖ starts from the days outside every campaign's window (first anchor − 1 day to last anchor
 *   + tail, start_at to end_at + tail) when at least 14 such days exist, otherwise it is fitted by
 *   EM; the fit runs twice, with a 30-day tail and then with the fitted kernel's 99th percentile as
 *   the tail. Then λ₀ₖ is re-estimated from every day, as the leave-one-out organic posteriors'
 *   sum per day, and everything else refitted under it (fitWithCrossValidatedBaseline, one round).
 * - Only creator campaigns have a diffuse component u_c (posts without a tagged click); a group of
 *   campaigns (creators, or one channel's) keeps its lifts in proportion to its posterior
 *   probability of driving untagged responses at all (a Bayes factor, groupInclusion.ts).
 * - A_ck is the posterior mean under a hierarchical Gamma prior around ρ · n_c, where n_c counts
 *   c's evidenced new contacts and the ratio ρ is pooled by group (creator campaigns, or one
 *   channel's campaigns), then platform, then creator, with spreads estimated from the data
 *   (hierarchicalPrior.ts): a small campaign does not claim every nearby visit, a podcast is not
 *   held to the response mix of video creators, a large campaign follows its own data. D_ck gets a
 *   Gamma prior (shape 2) with mean its group's pooled diffuse ratio × n_c.
 * - The posterior of each component at an event's time is its share of the intensity, with the
 *   event's own weight in its campaign's estimate taken out (leave-one-out, the collapsed Gibbs
 *   conditional); the decision is the component with the highest posterior (Bayes rule under 0-1
 *   loss) and that posterior is the reported confidence.
 *
 * Events are grouped by hour and kind (same posterior), so the cost does not grow with the number
 * of touches: O(groups · campaigns · bins) once to count anchors per delay bin (forward sweep),
 * then O(pairs · bins) per iteration; iterations stop when the log-likelihood gain per event
 * falls under 1e-5 (at most 60).
 */

/** Prior weight (in responses) keeping the kernel smooth where data are thin. */
const KERNEL_PSEUDO_COUNT = 5;
/** Events are grouped by hour: far finer than the first delay bin (3 hours). */
const TIME_RESOLUTION_DAYS = 1 / 24;
const WINDOW_TAIL_DAYS = 30;
const MIN_OUTSIDE_DAYS = 14;
const MAX_ITERATIONS = 60;
/** Largest relative change of any parameter at which the fit stops. */
const CONVERGENCE = 1e-4;
/** The fit also stops when an iteration improves the log-likelihood by less than this per event. */
const LOG_LIKELIHOOD_TOLERANCE = 1e-5;
/**
 * Re-estimations of the baseline from all days (fitWithCrossValidatedBaseline). Each moves it part
 * of the way to its fixed point. Measured on the simulator's worlds (docs/utm-and-resolution.md):
 * one round takes the worst gaps of slower and exponential delays from 3.45 and 3.96 points to 2.57
 * and 2.66; further rounds moved them by noise either way and cost a refit each.
 */
const BASELINE_ROUNDS = 1;
/** The re-estimation stops earlier when the baseline moves by less than this share. */
const BASELINE_TOLERANCE = 0.01;
/** Shape of the Gamma prior on a campaign's diffuse responses (2: weak, mode at half the prior mean). */
const PRIOR_SHAPE = 2;

/**
 * Posterior mean of a campaign's expected diffuse responses given `observed` ones (the E-step sum;
 * the window density integrates to 1, so the exposure is 1) under a Gamma prior with mean
 * `priorMean` (its group's ratio × its evidenced reach) and shape PRIOR_SHAPE: a campaign with
 * much data follows its data, a campaign with little is pulled toward its group.
 */
function shrink(observed: number, priorMean: number): number {
  if (priorMean <= 0) return observed / (1 + PRIOR_SHAPE);
  return (observed + PRIOR_SHAPE) / (1 + PRIOR_SHAPE / priorMean);
}

export interface InferenceInput {
  /** Event times in days, and kind index per event (0 .. kindCount-1). */
  readonly eventTimes: Float64Array;
  readonly eventKinds: Uint8Array;
  /** How many events each entry stands for (events grouped by time bucket and kind); 1 when absent. */
  readonly eventWeights?: Float64Array;
  readonly kindCount: number;
  /** Sorted anchor times (days) per campaign; empty when the campaign has none. */
  readonly anchors: readonly Float64Array[];
  /** Evidenced new contacts per campaign (n_c). */
  readonly reach: Float64Array;
  /** Group index per campaign, for pooling. */
  readonly groups: Int32Array;
  /**
   * Nested pooling of the response ratios (hierarchicalPrior.ts), coarsest level first; level 0
   * must be `groups`. Absent: pooled by group only.
   */
  readonly hierarchy?: CampaignHierarchy;
  /** Extra campaign windows [start, end] in days (from start_at/end_at). */
  readonly windows: ReadonlyArray<readonly [number, number]>;
  /**
   * Per campaign, its [start, end] in days when known, or null. Responses to posts that drew no
   * tagged click (a podcast read, a video without a link) follow no anchor: a second, diffuse
   * component spreads them evenly over the campaign's window plus DIFFUSE_TAIL_DAYS.
   */
  readonly diffuseWindows?: ReadonlyArray<readonly [number, number] | null>;
  readonly observationStart: number;
  readonly observationEnd: number;
  /**
   * UTC weekday (0 = Sunday) of each event and the days of each weekday in the observation period:
   * with them the baseline gets a weekly shape (weeklyBaseline.ts); without, it is flat.
   */
  readonly eventWeekdays?: Uint8Array;
  readonly weekdayDays?: Float64Array;
}

export interface InferenceResult {
  /** Chosen campaign per event, -1 for organic. */
  readonly campaignOfEvent: Int32Array;
  /** Posterior of the chosen component. */
  readonly posteriorOfEvent: Float64Array;
  /** Organic posterior per event. */
  readonly organicPosteriorOfEvent: Float64Array;
  /** Fitted parameters, for reports. */
  readonly baselinePerDay: Float64Array;
  /** Whether the baseline's starting estimate came from quiet days (it is then re-estimated over all days). */
  readonly baselineLearnedOutsideWindows: boolean;
  readonly meanDelayDays: Float64Array;
  /** Expected responses per campaign and kind: lift[c * kindCount + k]. */
  readonly lift: Float64Array;
  /** Delay kernel: probability mass per DELAY_BIN_EDGES bin, kernel[kind * bins + bin]. */
  readonly kernel: Float64Array;
  /** Expected responses spread over each campaign's window (posts without tagged clicks). */
  readonly diffuseLift: Float64Array;
  readonly iterations: number;
  /** Estimated Gamma shapes of the hierarchy's levels below the groups (the campaign level last). */
  readonly levelShapes: Float64Array;
  /** Baseline multiplier per UTC weekday (0 = Sunday), mean 1 over the period; all 1 without weekdays. */
  readonly weekdayFactors: Float64Array;
}

function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function mergedCoverage(windows: Array<[number, number]>, start: number, end: number): Array<[number, number]> {
  const clipped = windows.map(([from, to]) => [Math.max(from, start), Math.min(to, end)] as [number, number]).filter(([from, to]) => to > from);
  clipped.sort((left, right) => left[0] - right[0]);
  const merged: Array<[number, number]> = [];
  for (const window of clipped) {
    const last = merged[merged.length - 1];
    if (last && window[0] <= last[1]) last[1] = Math.max(last[1], window[1]);
    else merged.push([window[0], window[1]]);
  }
  return merged;
}

/**
 * Fits the model twice: first with 30-day window tails, then with tails as long as the fitted
 * kernel's 99th percentile, so the baseline is learned from every quiet day the data allow.
 */
export function inferCampaigns(input: InferenceInput): InferenceResult {
  // Events in the same hour and of the same kind have the same posterior: fit on the groups
  // (a year has at most 8,760 hours per kind, however many events), then expand.
  const groupOf = new Int32Array(input.eventTimes.length);
  const groupIndex = new Map<number, number>();
  const groupTimes: number[] = [];
  const groupKinds: number[] = [];
  const groupWeights: number[] = [];
  const groupWeekdays: number[] = [];
  for (let event = 0; event < input.eventTimes.length; event++) {
    const bucket = Math.floor(input.eventTimes[event] / TIME_RESOLUTION_DAYS);
    // An hour can straddle midnight UTC: the weekday is part of the key.
    const weekday = input.eventWeekdays?.[event] ?? 0;
    const key = (bucket * 7 + weekday) * input.kindCount + input.eventKinds[event];
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = groupTimes.length;
      groupIndex.set(key, group);
      groupTimes.push((bucket + 0.5) * TIME_RESOLUTION_DAYS);
      groupKinds.push(input.eventKinds[event]);
      groupWeights.push(0);
      groupWeekdays.push(weekday);
    }
    groupWeights[group]++;
    groupOf[event] = group;
  }
  // Time order lets the anchor counting sweep forward (see fitMixture).
  const order = Array.from(groupTimes.keys()).sort((left, right) => groupTimes[left] - groupTimes[right]);
  const rank = new Int32Array(order.length);
  order.forEach((group, position) => (rank[group] = position));
  for (let event = 0; event < groupOf.length; event++) groupOf[event] = rank[groupOf[event]];
  const grouped: InferenceInput = {
    ...input,
    eventTimes: Float64Array.from(order, (group) => groupTimes[group]),
    eventKinds: Uint8Array.from(order, (group) => groupKinds[group]),
    eventWeights: Float64Array.from(order, (group) => groupWeights[group]),
    eventWeekdays: input.eventWeekdays ? Uint8Array.from(order, (group) => groupWeekdays[group]) : undefined,
  };
  const fitted = fitWithCrossValidatedBaseline(grouped);
  return {
    ...fitted,
    campaignOfEvent: Int32Array.from(groupOf, (group) => fitted.campaignOfEvent[group]),
    posteriorOfEvent: Float64Array.from(groupOf, (group) => fitted.posteriorOfEvent[group]),
    organicPosteriorOfEvent: Float64Array.from(groupOf, (group) => fitted.organicPosteriorOfEvent[group]),
  };
}

/**
 * The organic baseline re-estimated jointly with the responses from every day of the period:
 * Σ over events of the event's organic posterior, per day, where each posterior is the
 * leave-one-out one the fit reports (the event's own weight taken out of the campaigns'
 * estimates); then the responses, kernel and group inclusion are refitted under it.
 *
 * Why not the alternatives: the quiet days outside every campaign window are unbiased but few
 * (about 45 of 365 days on the simulator: ±13% per kind, and −17% on one seed, which made every
 * campaign keep a share of organic visits); the plain EM estimate over all days (organic share of
 * the fit) is biased low, because each of the many non-negative campaign components picks up the
 * positive noise near it (measured −5% on average over 16 seeds). The leave-one-out share removes
 * that self-attraction: measured −2% to +2% on average with about half the quiet-day spread.
 */
function fitWithCrossValidatedBaseline(input: InferenceInput): InferenceResult {
  let fitted = fitInTwoPasses(input);
  const duration = Math.max(1, input.observationEnd - input.observationStart);
  for (let round = 0; round < BASELINE_ROUNDS; round++) {
    const baseline = new Float64Array(input.kindCount);
    for (let event = 0; event < input.eventTimes.length; event++)
      baseline[input.eventKinds[event]] += (input.eventWeights?.[event] ?? 1) * fitted.organicPosteriorOfEvent[event];
    let change = 0;
    for (let kind = 0; kind < input.kindCount; kind++) {
      baseline[kind] = Math.max(1e-6, baseline[kind] / duration);
      change = Math.max(change, Math.abs(baseline[kind] - fitted.baselinePerDay[kind]) / fitted.baselinePerDay[kind]);
    }
    const refitted = fitMixture(input, WINDOW_TAIL_DAYS, fitted, baseline);
    fitted = { ...refitted, baselineLearnedOutsideWindows: fitted.baselineLearnedOutsideWindows, iterations: fitted.iterations + refitted.iterations };
    if (change < BASELINE_TOLERANCE) break;
  }
  return fitted;
}

function fitInTwoPasses(input: InferenceInput): InferenceResult {
  const first = fitMixture(input, WINDOW_TAIL_DAYS);
  if (!first.baselineLearnedOutsideWindows) return first;
  const binCount = DELAY_BIN_EDGES.length - 1;
  let tail = 1;
  for (let kind = 0; kind < input.kindCount; kind++) {
    let cumulative = 0;
    for (let bin = 0; bin < binCount; bin++) {
      cumulative += first.kernel[kind * binCount + bin];
      if (cumulative >= 0.99) {
        tail = Math.max(tail, DELAY_BIN_EDGES[bin + 1]);
        break;
      }
    }
  }
  if (tail >= WINDOW_TAIL_DAYS) return first;
  const second = fitMixture(input, tail, first);
  return { ...second, iterations: first.iterations + second.iterations };
}

function fitMixture(input: InferenceInput, tailDays: number, warmStart?: InferenceResult, givenBaseline?: Float64Array): InferenceResult {
  const { eventTimes, eventKinds, kindCount, anchors, reach, groups } = input;
  const eventCount = eventTimes.length;
  const weights = input.eventWeights ?? new Float64Array(eventCount).fill(1);
  const campaignCount = anchors.length;
  const duration = Math.max(1, input.observationEnd - input.observationStart);

  // Baseline outside campaign windows.
  const windows: Array<[number, number]> = input.windows.map(([from, to]) => [from, to + tailDays]);
  for (const list of anchors) if (list.length > 0) windows.push([list[0] - 1, list[list.length - 1] + tailDays]);
  const covered = mergedCoverage(windows, input.observationStart, input.observationEnd);
  const coveredDays = covered.reduce((sum, [from, to]) => sum + (to - from), 0);
  const outsideDays = duration - coveredDays;
  const learnedOutside = outsideDays >= MIN_OUTSIDE_DAYS;
  const baselineFixed = learnedOutside || givenBaseline !== undefined;
  const baseline = new Float64Array(kindCount);
  const eventsOfKind = new Float64Array(kindCount);
  for (let event = 0; event < eventCount; event++) eventsOfKind[eventKinds[event]] += weights[event];
  if (givenBaseline) baseline.set(givenBaseline);
  else if (learnedOutside) {
    const outsideCounts = new Float64Array(kindCount);
    const coverStarts = Float64Array.from(covered, ([from]) => from);
    for (let event = 0; event < eventCount; event++) {
      const time = eventTimes[event];
      const slot = upperBound(coverStarts, time) - 1;
      if (slot < 0 || time > covered[slot][1]) outsideCounts[eventKinds[event]] += weights[event];
    }
    for (let kind = 0; kind < kindCount; kind++) baseline[kind] = (outsideCounts[kind] + 0.5) / outsideDays;
  } else {
    for (let kind = 0; kind < kindCount; kind++) baseline[kind] = (0.5 * eventsOfKind[kind] + 0.5) / duration;
  }

  const { pairOffsets, pairCampaigns, pairBinCounts, pairDiffuse } = candidatePairs(input);
  const binCount = DELAY_BIN_EDGES.length - 1;

  const groupCount = groups.reduce((max, group) => Math.max(max, group + 1), 0);
  const lift = new Float64Array(campaignCount * kindCount);
  for (let campaign = 0; campaign < campaignCount; campaign++) {
    for (let kind = 0; kind < kindCount; kind++) lift[campaign * kindCount + kind] = 0.1 * reach[campaign] + 0.1;
  }
  const diffuseLift = new Float64Array(campaignCount * kindCount).fill(0.1);
  // Delay kernel per kind: probability mass of each bin (starts as an exponential with a 2-day mean).
  const kernel = new Float64Array(kindCount * binCount);
  for (let kind = 0; kind < kindCount; kind++) {
    for (let bin = 0; bin < binCount; bin++) kernel[kind * binCount + bin] = Math.exp(-DELAY_BIN_EDGES[bin] / 2) - Math.exp(-DELAY_BIN_EDGES[bin + 1] / 2);
  }
  if (warmStart) {
    lift.set(warmStart.lift);
    diffuseLift.set(warmStart.diffuseLift);
    kernel.set(warmStart.kernel);
  }

  const responseSums = new Float64Array(campaignCount * kindCount);
  const diffuseSums = new Float64Array(campaignCount * kindCount);
  const binSums = new Float64Array(kindCount * binCount);
  const organicSums = new Float64Array(kindCount);
  const campaignOfEvent = new Int32Array(eventCount).fill(-1);
  const posteriorOfEvent = new Float64Array(eventCount);
  const organicPosteriorOfEvent = new Float64Array(eventCount);
  // Weekly shape of the baseline (weeklyBaseline.ts), when the events' weekdays are known.
  const weekdaysOfEvents = input.eventWeekdays && input.weekdayDays ? input.eventWeekdays : null;
  const weekdayFactor = Float64Array.from(warmStart?.weekdayFactors ?? new Float64Array(7).fill(1));
  const baselineScale = new Float64Array(eventCount).fill(1);
  const refreshBaselineScale = (): void => {
    if (weekdaysOfEvents) for (let event = 0; event < eventCount; event++) baselineScale[event] = weekdayFactor[weekdaysOfEvents[event]];
  };
  refreshBaselineScale();

  const state: ExpectationState = {
    eventKinds,
    weights,
    pairOffsets,
    pairCampaigns,
    pairBinCounts,
    pairDiffuse,
    kindCount,
    binCount,
    baseline,
    lift,
    diffuseLift,
    kernel,
    responseSums,
    diffuseSums,
    binSums,
    organicSums,
    baselineScale,
    eventWeekdays: weekdaysOfEvents,
    organicByWeekday: new Float64Array(7),
    pairIntensity: new Float64Array(16),
    pairAnchorIntensity: new Float64Array(16),
    leaveOneOut: null,
    campaignOfEvent,
    posteriorOfEvent,
    organicPosteriorOfEvent,
  };
  let logLikelihood = 0;
  const expectation = (final: boolean): void => {
    logLikelihood = expectationStep(state, final);
  };

  const hierarchy: CampaignHierarchy = input.hierarchy ?? { levels: [groups] };
  let levelShapes: Float64Array = new Float64Array(0);
  const leaveOneOut = new Float64Array(campaignCount * kindCount);
  const groupDiffuse = new Float64Array(groupCount * kindCount);
  const groupReach = new Float64Array(groupCount);
  for (let campaign = 0; campaign < campaignCount; campaign++) groupReach[groups[campaign]] += reach[campaign];
  let iterations = 0;
  let previousLogLikelihood = -Infinity;
  let totalWeight = 0;
  for (let event = 0; event < eventCount; event++) totalWeight += weights[event];
  for (; iterations < MAX_ITERATIONS && eventCount > 0; iterations++) {
    expectation(false);
    // Poisson-process log-likelihood Σ log λ(tᵢ) − ∫λ (kernels integrate to 1, so ∫λ = Σ lifts + baseline × duration).
    let integral = 0;
    for (let slot = 0; slot < lift.length; slot++) integral += lift[slot] + diffuseLift[slot];
    for (let kind = 0; kind < kindCount; kind++) integral += baseline[kind] * duration;
    const penalized = logLikelihood - integral;
    if (penalized - previousLogLikelihood < LOG_LIKELIHOOD_TOLERANCE * totalWeight) break;
    previousLogLikelihood = penalized;
    let change = 0;
    groupDiffuse.fill(0);
    for (let campaign = 0; campaign < campaignCount; campaign++) {
      for (let kind = 0; kind < kindCount; kind++) {
        groupDiffuse[groups[campaign] * kindCount + kind] += diffuseSums[campaign * kindCount + kind];
      }
    }
    const estimate = hierarchicalLift(responseSums, reach, hierarchy, kindCount);
    levelShapes = estimate.levelShapes;
    for (let campaign = 0; campaign < campaignCount; campaign++) {
      const group = groups[campaign];
      for (let kind = 0; kind < kindCount; kind++) {
        const slot = campaign * kindCount + kind;
        const updated = estimate.lift[slot];
        change = Math.max(change, Math.abs(updated - lift[slot]) / (1 + lift[slot]));
        lift[slot] = updated;
        leaveOneOut[slot] = updated > 0 ? estimate.sensitivity[slot] / updated : 0;
        const diffuseRatio = groupReach[group] > 0 ? groupDiffuse[group * kindCount + kind] / groupReach[group] : 0;
        const diffuseUpdated = shrink(diffuseSums[slot], diffuseRatio * reach[campaign]);
        change = Math.max(change, Math.abs(diffuseUpdated - diffuseLift[slot]) / (1 + diffuseLift[slot]));
        diffuseLift[slot] = diffuseUpdated;
      }
    }
    for (let kind = 0; kind < kindCount; kind++) {
      // The expected responses per bin pulled toward their log-normal (delayKernel.ts), plus
      // KERNEL_PSEUDO_COUNT responses spread like the previous kernel (keeps early iterations stable).
      const fitted = delayKernelMasses(binSums.subarray(kind * binCount, (kind + 1) * binCount));
      let total = KERNEL_PSEUDO_COUNT;
      for (let bin = 0; bin < binCount; bin++) total += fitted[bin];
      for (let bin = 0; bin < binCount; bin++) {
        const slot = kind * binCount + bin;
        const updated = (fitted[bin] + KERNEL_PSEUDO_COUNT * kernel[slot]) / total;
        change = Math.max(change, Math.abs(updated - kernel[slot]));
        kernel[slot] = updated;
      }
      if (!baselineFixed) {
        const updated = Math.max(1e-6, organicSums[kind] / duration);
        change = Math.max(change, Math.abs(updated - baseline[kind]) / baseline[kind]);
        baseline[kind] = updated;
      }
    }
    if (weekdaysOfEvents && input.weekdayDays) {
      const updated = weekdayFactors(state.organicByWeekday, input.weekdayDays);
      for (let weekday = 0; weekday < 7; weekday++) change = Math.max(change, Math.abs(updated[weekday] - weekdayFactor[weekday]));
      weekdayFactor.set(updated);
      refreshBaselineScale();
    }
    if (change < CONVERGENCE) break;
  }
  // Each group's lifts become their posterior mean under "the group drives untagged responses or
  // not" (groupInclusion.ts).
  const groupResponses = new Float64Array(groupCount);
  for (let slot = 0; slot < lift.length; slot++) groupResponses[groups[Math.floor(slot / kindCount)]] += lift[slot] + diffuseLift[slot];
  const settled = groupInclusion(
    { eventKinds, weights, kindCount, groupCount, intensity: groupIntensitiesOf(state, groups, groupCount), expectedResponses: groupResponses, duration, baselineScale },
    baseline,
  );
  for (let slot = 0; slot < lift.length; slot++) {
    const probability = settled.inclusion[groups[Math.floor(slot / kindCount)]];
    lift[slot] *= probability;
    diffuseLift[slot] *= probability;
  }
  state.leaveOneOut = leaveOneOut;
  expectation(true);
  const meanDelay = new Float64Array(kindCount);
  for (let kind = 0; kind < kindCount; kind++) {
    for (let bin = 0; bin < binCount; bin++) meanDelay[kind] += kernel[kind * binCount + bin] * 0.5 * (DELAY_BIN_EDGES[bin] + DELAY_BIN_EDGES[bin + 1]);
  }
  return {
    campaignOfEvent,
    posteriorOfEvent,
    organicPosteriorOfEvent,
    baselinePerDay: baseline,
    baselineLearnedOutsideWindows: learnedOutside,
    meanDelayDays: meanDelay,
    kernel,
    diffuseLift,
    lift,
    iterations,
    levelShapes,
    weekdayFactors: weekdayFactor,
  };
}
