import { typedArrayOf } from '../util/typedArrays';
import { candidatePairs, DELAY_BIN_EDGES, pairDensity } from './mixtureTerms';
import type { InferenceInput, InferenceResult } from './mixtureFit';
import { COURSE_TERMS, courseAt, fitCourse, flatCourse, type BaselineCourse } from './periodBaseline';

/**
 * The organic baseline of each kind counted over the hours where a first fit says the campaigns
 * add almost nothing: hours whose fitted response intensity (every campaign's anchored and
 * diffuse part) is under QUIET_SHARE of the baseline there.
 *
 * Why: the days outside every campaign's window (first anchor − 1 day to last anchor + the
 * kernel's tail, start_at to end_at + tail) are unbiased but few, and fewer the longer responses
 * last: with delays three times the default's, about 45 days or less a year, so the estimate is
 * −30% to +22% off on single data sets (docs/utm-and-resolution.md), and the leave-one-out
 * re-estimate from all days moved it only part of the way (long kernels let the campaigns absorb
 * a level error). A campaign's window is mostly hours between its posts' responses, where the
 * fitted intensity is small: counting those hours as well gives 120–190 days of exposure per
 * kind. The price is a small upward bias (at most QUIET_SHARE of the baseline in any counted hour,
 * a few percent on average); subtracting the fitted responses there instead measured worse (the
 * campaigns' fitted tails carry the error being corrected).
 *
 * Returns NaN for a kind with fewer than MIN_QUIET_DAYS of such hours (the caller keeps its
 * estimate). The weekly shape is left to the fit (weeklyBaseline.ts): quiet hours fall on every
 * weekday alike, so their mean rate is the weekly mean the baseline stands for. They do not fall
 * on every stretch of the year alike (fewer where creators post), so the baseline's course over
 * the period (periodBaseline.ts) is fitted on the same quiet hours, and each kind's level is its
 * quiet events over its quiet time weighted by that course.
 */

/** An hour is quiet when the fitted responses there are under this share of the baseline. */
export const QUIET_SHARE = 0.1;
/** Fewer quiet days than this say too little about a kind's baseline. */
export const MIN_QUIET_DAYS = 14;
const HOURS_PER_DAY = 24;
/** Turns between the baselines and their shared course (they settle in a few). */
const COURSE_ROUNDS = 4;

export interface QuietHoursEstimate {
  /** Baseline per day per kind, or NaN where the kind had too few quiet hours. */
  readonly baselinePerDay: Float64Array;
  /** Quiet time per kind, in days. */
  readonly quietDays: Float64Array;
  /** The baseline's course over the period (periodBaseline.ts), fitted on the quiet hours. */
  readonly course: BaselineCourse;
}

export function quietHoursBaseline(input: InferenceInput, fitted: Pick<InferenceResult, 'kernel' | 'lift' | 'diffuseLift' | 'baselinePerDay'>): QuietHoursEstimate {
  const { kindCount } = input;
  const start = input.observationStart;
  const hours = Math.max(1, Math.ceil((input.observationEnd - start) * HOURS_PER_DAY));
  // Each hour's middle: where the campaigns' anchor counts per delay bin are taken, as for the events.
  const hourTimes = typedArrayOf(Float64Array, hours, (hour) => start + (hour + 0.5) / HOURS_PER_DAY);
  const gridInput: InferenceInput = {
    ...input,
    eventTimes: hourTimes,
    eventKinds: new Uint8Array(hours),
    eventWeights: undefined,
    eventWeekdays: undefined,
  };
  const { pairOffsets, pairCampaigns, pairBinCounts, pairBinStarts, pairBinFrom, pairDiffuse } = candidatePairs(gridInput);
  const binCount = DELAY_BIN_EDGES.length - 1;
  const quiet = new Uint8Array(hours * kindCount);
  const quietDays = new Float64Array(kindCount);
  for (let hour = 0; hour < hours; hour++) {
    for (let kind = 0; kind < kindCount; kind++) {
      let responses = 0;
      for (let pair = pairOffsets[hour]; pair < pairOffsets[hour + 1]; pair++) {
        const density = pairDensity(fitted.kernel, kind * binCount, pairBinCounts, pairBinStarts[pair], pairBinStarts[pair + 1], pairBinFrom[pair]);
        const slot = pairCampaigns[pair] * kindCount + kind;
        responses += fitted.lift[slot] * density + fitted.diffuseLift[slot] * pairDiffuse[pair];
      }
      if (responses < QUIET_SHARE * fitted.baselinePerDay[kind]) {
        quiet[hour * kindCount + kind] = 1;
        quietDays[kind] += 1 / HOURS_PER_DAY;
      }
    }
  }
  const counts = new Float64Array(kindCount);
  const countsByHour = new Float64Array(hours * kindCount);
  for (let event = 0; event < input.eventTimes.length; event++) {
    const hour = Math.min(hours - 1, Math.max(0, Math.floor((input.eventTimes[event] - start) * HOURS_PER_DAY)));
    const kind = input.eventKinds[event];
    if (!quiet[hour * kindCount + kind]) continue;
    const weight = input.eventWeights?.[event] ?? 1;
    counts[kind] += weight;
    countsByHour[hour * kindCount + kind] += weight;
  }
  const usable = Uint8Array.from(quietDays, (days) => (days >= MIN_QUIET_DAYS ? 1 : 0));
  // The baseline per kind and the course shared by the kinds (periodBaseline.ts), in turns: the
  // baseline is the quiet events over the quiet days weighted by the course; the course is fitted
  // to each quiet hour's events against what the baselines give there.
  let course = flatCourse(start, input.observationEnd);
  const baselinePerDay = new Float64Array(kindCount).fill(Number.NaN);
  const observed = new Float64Array(hours);
  const expected = new Float64Array(hours);
  const scratch = new Float64Array(COURSE_TERMS);
  const courseByHour = new Float64Array(hours).fill(1);
  const updateBaselines = (): void => {
    for (let kind = 0; kind < kindCount; kind++) {
      if (!usable[kind]) continue;
      let exposure = 0;
      for (let hour = 0; hour < hours; hour++) if (quiet[hour * kindCount + kind]) exposure += courseByHour[hour] / HOURS_PER_DAY;
      // + 0.5: the Jeffreys prior's posterior mean, as for the quiet days (mixtureFit.ts).
      baselinePerDay[kind] = (counts[kind] + 0.5) / exposure;
    }
  };
  for (let round = 0; round < COURSE_ROUNDS; round++) {
    updateBaselines();
    observed.fill(0);
    expected.fill(0);
    for (let hour = 0; hour < hours; hour++) {
      for (let kind = 0; kind < kindCount; kind++) {
        if (!usable[kind] || !quiet[hour * kindCount + kind]) continue;
        observed[hour] += countsByHour[hour * kindCount + kind];
        expected[hour] += baselinePerDay[kind] / HOURS_PER_DAY;
      }
    }
    course = fitCourse(start, input.observationEnd, hourTimes, observed, expected);
    for (let hour = 0; hour < hours; hour++) courseByHour[hour] = courseAt(course, hourTimes[hour], scratch);
  }
  updateBaselines();
  return { baselinePerDay, quietDays, course };
}
