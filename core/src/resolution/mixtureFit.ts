import { typedArrayOf, upperBound } from '../util/typedArrays';
import { delayKernelMasses } from './delayKernel';
import { groupInclusion } from './groupInclusion';
import { weekdayFactors } from './weeklyBaseline';
import { courseAt, flatCourse, type BaselineCourse } from './periodBaseline';
import { hierarchicalLift, type CampaignHierarchy } from './hierarchicalPrior';
import { candidatePairs, DELAY_BIN_EDGES, expectationStep, groupIntensitiesOf, type ExpectationState } from './mixtureTerms';

/**
 * One expectation-maximisation fit of the Poisson mixture behind inferred attribution (the model
 * is described in inferredMatcher.ts, which runs this fit two or three times): the baseline, the
 * delay kernel, each campaign's anchored and diffuse responses and each group's inclusion.
 */

/** Prior weight (in responses) keeping the kernel smooth where data are thin. */
const KERNEL_PSEUDO_COUNT = 5;
const MIN_OUTSIDE_DAYS = 14;
const MAX_ITERATIONS = 60;
/** Largest relative change of any parameter at which the fit stops. */
const CONVERGENCE = 1e-4;
/** The fit also stops when an iteration improves the log-likelihood by less than this per event. */
const LOG_LIKELIHOOD_TOLERANCE = 1e-5;
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
  /**
   * Per campaign, the share of its response each anchor stands for (anchorWeights.ts), in the
   * anchors' order and summing to 1; null or absent: equal shares.
   */
  readonly anchorWeights?: ReadonlyArray<Float64Array | null>;
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
  /**
   * Per kind, the kind whose delay law it shares (a search whose query the engine stripped was
   * made when it would have been with its query): those kinds fit one kernel from their pooled
   * responses. Absent: every kind its own.
   */
  readonly delayKinds?: Uint8Array;
}

export interface InferenceResult {
  /** Chosen campaign per event, -1 for organic. */
  readonly campaignOfEvent: Int32Array;
  /** Posterior of the chosen component. */
  readonly posteriorOfEvent: Float64Array;
  /** Organic posterior per event. */
  readonly organicPosteriorOfEvent: Float64Array;
  /**
   * Every campaign's posterior per event (the chosen one's among them), CSR: event e's campaigns
   * are candidateCampaigns[candidateOffsets[e] .. candidateOffsets[e + 1]) with their posteriors
   * in candidatePosteriors; campaigns not listed have posterior 0.
   */
  readonly candidateOffsets: Int32Array;
  readonly candidateCampaigns: Int32Array;
  readonly candidatePosteriors: Float64Array;
  /**
   * The row of the candidate arrays for each event, where events were fitted in groups (the same
   * hour and kind, inferCampaigns); absent: row = event.
   */
  readonly candidateRowOfEvent?: Int32Array;
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
  /** The baseline's smooth course over the period (periodBaseline.ts); flat unless given. */
  readonly course: BaselineCourse;
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

export function fitMixture(input: InferenceInput, tailDays: number, warmStart?: InferenceResult, givenBaseline?: Float64Array, givenCourse?: BaselineCourse): InferenceResult {
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

  const { pairOffsets, pairCampaigns, pairBinCounts, pairBinStarts, pairBinFrom, pairDiffuse } = candidatePairs(input);
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

  // Which delay law each kind follows (its own unless input.delayKinds says otherwise).
  const delayKindOf = input.delayKinds ?? Uint8Array.from({ length: kindCount }, (_value, kind) => kind);
  const familySums = new Float64Array(binCount);
  const familySquares = new Float64Array(binCount);
  const responseSums = new Float64Array(campaignCount * kindCount);
  const responseSquares = new Float64Array(campaignCount * kindCount);
  const diffuseSums = new Float64Array(campaignCount * kindCount);
  const binSums = new Float64Array(kindCount * binCount);
  const binSquares = new Float64Array(kindCount * binCount);
  const organicSums = new Float64Array(kindCount);
  const campaignOfEvent = new Int32Array(eventCount).fill(-1);
  const posteriorOfEvent = new Float64Array(eventCount);
  const organicPosteriorOfEvent = new Float64Array(eventCount);
  // Weekly shape of the baseline (weeklyBaseline.ts), when the events' weekdays are known.
  const weekdaysOfEvents = input.eventWeekdays && input.weekdayDays ? input.eventWeekdays : null;
  const weekdayFactor = Float64Array.from(warmStart?.weekdayFactors ?? new Float64Array(7).fill(1));
  // The baseline's course over the period (periodBaseline.ts).
  const course = givenCourse ?? flatCourse(input.observationStart, input.observationEnd);
  const courseOfEvents = typedArrayOf(Float64Array, eventTimes.length, (event) => courseAt(course, eventTimes[event]));
  const baselineScale = new Float64Array(eventCount).fill(1);
  const refreshBaselineScale = (): void => {
    for (let event = 0; event < eventCount; event++) {
      baselineScale[event] = (weekdaysOfEvents ? weekdayFactor[weekdaysOfEvents[event]] : 1) * courseOfEvents[event];
    }
  };
  refreshBaselineScale();

  const state: ExpectationState = {
    eventKinds,
    weights,
    pairOffsets,
    pairCampaigns,
    pairBinCounts,
    pairBinStarts,
    pairBinFrom,
    pairDiffuse,
    kindCount,
    binCount,
    baseline,
    lift,
    diffuseLift,
    kernel,
    responseSums,
    responseSquares,
    diffuseSums,
    binSums,
    binSquares,
    eventBins: new Float64Array(binCount),
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
    pairPosteriors: new Float64Array(pairCampaigns.length),
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
    const estimate = hierarchicalLift(responseSums, reach, hierarchy, kindCount, responseSquares);
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
      // Kinds that share a delay law (delayKinds) pool their responses for it.
      const delayKind = delayKindOf[kind];
      familySums.fill(0);
      familySquares.fill(0);
      for (let member = 0; member < kindCount; member++) {
        if (delayKindOf[member] !== delayKind) continue;
        for (let bin = 0; bin < binCount; bin++) {
          familySums[bin] += binSums[member * binCount + bin];
          familySquares[bin] += binSquares[member * binCount + bin];
        }
      }
      const fitted = delayKernelMasses(familySums, familySquares);
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
    candidateOffsets: pairOffsets,
    candidateCampaigns: pairCampaigns,
    candidatePosteriors: state.pairPosteriors,
    baselinePerDay: baseline,
    baselineLearnedOutsideWindows: learnedOutside,
    meanDelayDays: meanDelay,
    kernel,
    diffuseLift,
    lift,
    iterations,
    levelShapes,
    weekdayFactors: weekdayFactor,
    course,
  };
}
