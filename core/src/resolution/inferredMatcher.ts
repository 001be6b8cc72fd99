import { DELAY_BIN_EDGES } from './mixtureTerms';
import { fitMixture, type InferenceInput, type InferenceResult } from './mixtureFit';
import { quietHoursBaseline } from './quietHoursBaseline';
import { typedArrayOf } from '../util/typedArrays';

export { DELAY_BIN_EDGES } from './mixtureTerms';
export type { InferenceInput, InferenceResult } from './mixtureFit';


/**
 * Inferred attribution of untagged first touches (branded searches, direct visits, searches
 * without their query) by a Poisson mixture fitted with expectation-maximisation.
 *
 * Model (per evidence kind k: INFERRED_KINDS in untaggedFirstTouches.ts). New contacts arriving by kind k form a
 * Poisson process whose intensity is an organic baseline λ₀ₖ plus one response per campaign:
 *
 *   λ(t) = λ₀ₖ + Σ_c [ A_ck · p_c(t) + D_ck · u_c(t) ],  p_c(t) = Σ_{anchors a ≤ t} w_a hₖ(t − a)
 *
 * - Anchors are the times of a campaign's tagged, landing-page or referrer first touches: they
 *   trace when its posts went out and how much attention each got, without needing post dates.
 *   Each stands for a share w_a of the campaign's response: 1/m_c, unless the campaign's promo
 *   codes, typed some time after the posts, show which anchors stand for the busy posts
 *   (anchorWeights.ts).
 *   hₖ is the delay density over log-spaced bins, fitted by EM: a histogram under a prior centred
 *   on a log-normal, the prior's weight set by the data (delayKernel.ts).
 *   This is the superposition view of self-exciting processes (Hawkes, 1971) with the excitation
 *   driven by observed tagged activity.
 * - u_c is uniform over the campaign's [start_at, end_at + 14 days]: responses to posts that drew
 *   no tagged click (a podcast read). D_ck is its expected number of responses.
 * - λ₀ₖ starts from the days outside every campaign's window (first anchor − 1 day to last anchor
 *   + tail, start_at to end_at + tail) when at least 14 such days exist, otherwise it is fitted by
 *   EM; the fit runs twice, with a 30-day tail and then with the fitted kernel's 99th percentile as
 *   the tail. Then λ₀ₖ is re-estimated over the first fit's quiet hours (fitted responses under a
 *   tenth of the baseline; quietHoursBaseline.ts), or as the leave-one-out organic posteriors' sum
 *   per day when a kind has too few, and everything else refitted under it
 *   (fitWithCrossValidatedBaseline, one round).
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

/** Events are grouped by hour: far finer than the first delay bin (3 hours). */
const TIME_RESOLUTION_DAYS = 1 / 24;
const WINDOW_TAIL_DAYS = 30;
/**
 * Re-estimations of the baseline from the whole period (fitWithCrossValidatedBaseline), each
 * followed by a refit. One: the quiet hours of the first fit already cover most of the year, and
 * further leave-one-out rounds moved the worst gaps by noise either way (docs/utm-and-resolution.md).
 */
const BASELINE_ROUNDS = 1;
/** The re-estimation stops earlier when the baseline moves by less than this share. */
const BASELINE_TOLERANCE = 0.01;

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
    eventTimes: typedArrayOf(Float64Array, order.length, (position) => groupTimes[order[position]]),
    eventKinds: typedArrayOf(Uint8Array, order.length, (position) => groupKinds[order[position]]),
    eventWeights: typedArrayOf(Float64Array, order.length, (position) => groupWeights[order[position]]),
    eventWeekdays: input.eventWeekdays ? typedArrayOf(Uint8Array, order.length, (position) => groupWeekdays[order[position]]) : undefined,
  };
  const fitted = fitWithCrossValidatedBaseline(grouped);
  return {
    ...fitted,
    campaignOfEvent: typedArrayOf(Int32Array, groupOf.length, (event) => fitted.campaignOfEvent[groupOf[event]]),
    posteriorOfEvent: typedArrayOf(Float64Array, groupOf.length, (event) => fitted.posteriorOfEvent[groupOf[event]]),
    organicPosteriorOfEvent: typedArrayOf(Float64Array, groupOf.length, (event) => fitted.organicPosteriorOfEvent[groupOf[event]]),
    candidateRowOfEvent: groupOf,
  };
}

/**
 * The organic baseline re-estimated from the whole period, then the responses, kernel and group
 * inclusion refitted under it (one round).
 *
 * Per kind, the baseline is counted over the quiet hours of the first fit (quietHoursBaseline.ts:
 * hours where the fitted responses are under a tenth of the baseline, 120–190 days a year on the
 * simulator against about 45 days outside every campaign window). A kind with too few quiet hours
 * takes the sum, per day, of every event's leave-one-out organic posterior instead (the event's own
 * weight taken out of the campaigns' estimates).
 *
 * Why not the alternatives: the quiet days outside every campaign window are unbiased but few
 * (±13% per kind on the default simulator, −30% to +22% with three times longer delays), which made
 * every campaign keep a share of organic visits or made organic decisions over- or
 * under-confident; the plain EM estimate over all days (organic share of the fit) is biased low,
 * because each of the many non-negative campaign components picks up the positive noise near it
 * (measured −5% on average over 16 seeds); the leave-one-out share removes that self-attraction
 * but, started from the quiet days, moved only part of the way where responses last long.
 * Measured over the simulator's worlds (docs/utm-and-resolution.md): world/seed pairs with an
 * ambiguous ECE over 0.05, seeds 1–16, 7 → 2.
 */
function fitWithCrossValidatedBaseline(input: InferenceInput): InferenceResult {
  let fitted = fitInTwoPasses(input);
  const duration = Math.max(1, input.observationEnd - input.observationStart);
  const quiet = quietHoursBaseline(input, fitted);
  for (let round = 0; round < BASELINE_ROUNDS; round++) {
    const leaveOneOut = new Float64Array(input.kindCount);
    for (let event = 0; event < input.eventTimes.length; event++)
      leaveOneOut[input.eventKinds[event]] += (input.eventWeights?.[event] ?? 1) * fitted.organicPosteriorOfEvent[event];
    const baseline = new Float64Array(input.kindCount);
    let change = 0;
    for (let kind = 0; kind < input.kindCount; kind++) {
      const quietEstimate = quiet.baselinePerDay[kind];
      baseline[kind] = Number.isFinite(quietEstimate) ? quietEstimate : Math.max(1e-6, leaveOneOut[kind] / duration);
      change = Math.max(change, Math.abs(baseline[kind] - fitted.baselinePerDay[kind]) / fitted.baselinePerDay[kind]);
    }
    const refitted = fitMixture(input, WINDOW_TAIL_DAYS, fitted, baseline, quiet.course);
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
