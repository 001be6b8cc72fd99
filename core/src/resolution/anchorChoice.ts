import { lowerBound } from '../util/typedArrays';

/**
 * Which of a creator's campaigns a touch belongs to when the evidence names the creator but not the
 * campaign (a link-in-bio referrer, a shared landing page, a promo code used in several campaigns)
 * and the campaigns' dates cannot tell: none are given, or several campaigns run at that time.
 *
 * Mechanism: such a touch is a response to one of the creator's posts, and so are the campaign's
 * tagged clicks and codes (its anchors): both follow the same posts with similar delays. A
 * campaign's rate of responses at time t is therefore estimated by a kernel density of its anchors'
 * times (Gaussian kernel, Silverman's bandwidth per campaign), times its number of anchors; the
 * touch goes to the campaign with the highest rate, and the rates' shares are the probabilities.
 * A campaign without anchors near t gets none of the touch; when no candidate has any, the caller
 * falls back to the dates.
 */

const MIN_BANDWIDTH_DAYS = 0.25;
const MAX_BANDWIDTH_DAYS = 30;
/** Bandwidth of a campaign with a single anchor (no spread to measure): a week. */
const SINGLE_ANCHOR_BANDWIDTH_DAYS = 7;
/** Anchors further than this many bandwidths away add nothing measurable. */
const KERNEL_REACH = 6;
/** Below this total rate (responses per day) the anchors say nothing about the touch's time. */
const MIN_TOTAL_RATE = 1e-6;
const DAY = 86_400_000;

export interface AnchorIndex {
  /** Sorted anchor times per campaign (epoch milliseconds). */
  readonly times: readonly Float64Array[];
  /** Kernel bandwidth per campaign, in milliseconds. */
  readonly bandwidths: Float64Array;
}

/** Anchor times per campaign (any order) → the sorted index with each campaign's bandwidth. */
export function buildAnchorIndex(timesByCampaign: ReadonlyArray<readonly number[]>): AnchorIndex {
  const times = timesByCampaign.map((list) => Float64Array.from(list).sort());
  const bandwidths = Float64Array.from(times, (sorted) => silvermanBandwidthDays(sorted) * DAY);
  return { times, bandwidths };
}

/** Silverman's rule of thumb, 1.06 · min(sd, IQR / 1.34) · n^(−1/5), in days, clipped to a sensible range. */
export function silvermanBandwidthDays(sortedTimes: Float64Array): number {
  const count = sortedTimes.length;
  if (count < 2) return SINGLE_ANCHOR_BANDWIDTH_DAYS;
  let mean = 0;
  for (const time of sortedTimes) mean += time / DAY / count;
  let variance = 0;
  for (const time of sortedTimes) variance += (time / DAY - mean) ** 2 / (count - 1);
  const quantile = (share: number): number => {
    const position = share * (count - 1);
    const low = Math.floor(position);
    const high = Math.min(count - 1, low + 1);
    return (sortedTimes[low] + (sortedTimes[high] - sortedTimes[low]) * (position - low)) / DAY;
  };
  const interquartile = quantile(0.75) - quantile(0.25);
  const spread = interquartile > 0 ? Math.min(Math.sqrt(variance), interquartile / 1.34) : Math.sqrt(variance);
  const bandwidth = 1.06 * spread * count ** -0.2;
  return Math.min(MAX_BANDWIDTH_DAYS, Math.max(MIN_BANDWIDTH_DAYS, Number.isFinite(bandwidth) ? bandwidth : SINGLE_ANCHOR_BANDWIDTH_DAYS));
}

/** The campaign's anchor rate at `time`: Σ φ((time − a) / h) / h over its anchors (per millisecond, unnormalised by π). */
export function anchorRate(index: AnchorIndex, campaign: number, time: number): number {
  const sorted = index.times[campaign];
  const bandwidth = index.bandwidths[campaign];
  if (sorted === undefined || sorted.length === 0) return 0;
  let rate = 0;
  for (let at = lowerBound(sorted, time - KERNEL_REACH * bandwidth); at < sorted.length && sorted[at] <= time + KERNEL_REACH * bandwidth; at++) {
    const standardized = (time - sorted[at]) / bandwidth;
    rate += Math.exp(-0.5 * standardized * standardized) / bandwidth;
  }
  return rate;
}

/**
 * Among `candidates`, the campaign whose anchors make a response at `time` likeliest, with its
 * probability; null when none of them has anchors near that time.
 */
export function campaignByAnchors(index: AnchorIndex, candidates: readonly number[], time: number): { index: number; probability: number } | null {
  let total = 0;
  let best = -1;
  let bestRate = 0;
  for (const campaign of candidates) {
    const rate = anchorRate(index, campaign, time);
    total += rate;
    if (rate > bestRate) {
      bestRate = rate;
      best = campaign;
    }
  }
  if (best < 0 || !(total * Math.sqrt(2 * Math.PI) * DAY > MIN_TOTAL_RATE)) return null;
  return { index: best, probability: bestRate / total };
}
