import type { Dataset } from '../dataset/dataset';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { newContactFirstTouches } from './firstTouches';
import type { InferenceResult } from './mixtureFit';
import type { TouchpointResolution } from './resolution';
import { curveAt, returnCurve, type ReturnCurve } from './returnCurve';

/**
 * What a contact's later touches say about the cause of its untagged first touch.
 *
 * Someone who saw a creator's post, searched the brand and came back three weeks later with the
 * creator's promo code was most likely brought by that post in the first place; someone who never
 * came back through any campaign is a little less likely to have been. The time-based posterior
 * π(c) of each candidate (inferredMatcher.ts) is multiplied by the likelihood of the campaigns the
 * contact later came back through (tags, landing pages, referrers, promo codes: the carried
 * matches), relative to organic:
 *
 *   came back through c:      q / b = 1 + (1 − b)·own / b
 *   did not come back via c:  (1 − q) / (1 − b) = 1 − own
 *
 * where q = b + (1 − b)·own is the chance that a responder to c comes back through c before the
 * data end, and b the chance that anyone else does:
 * - b = b_c(t): contacts not brought by c come back through it anyway (people follow several
 *   creators; a campaign running later reaches them too). Counted among the contacts whose first
 *   touch is known (carried another campaign, or plainly organic) and came within RATE_WINDOW_DAYS
 *   of t, shrunk toward the rate within WIDE_WINDOW_DAYS.
 * - own = σ_g · F_g(T): the share σ_g of c's group (creators, or one channel's campaigns) whose
 *   responders come back through their own campaign beyond chance, times the share of such returns
 *   that come within the T days left before the data end. F_g is the Kaplan–Meier curve of returns
 *   through their own campaign among the contacts whose first touch carried a campaign of the group
 *   (censored at the data's end), over its final value; σ_g = Σ(y − b) / Σ(1 − b)·F_g(T) over the
 *   same contacts (y: came back through their own campaign), at least 0. Read from the tagged
 *   responders, whose cause is known, and assumed for the untagged ones.
 *
 * Other campaigns' returns cancel out (their chance is the same whichever of the others brought
 * the contact). Where nobody comes back through their own campaign, nothing changes, and where
 * they come back only by chance, σ is about 0 and nearly nothing does (the simulator's worlds
 * "contacts coming back": docs/utm-and-resolution.md).
 */

/** Half-width (days) of the window of first touches a cross-return rate is counted over. */
const RATE_WINDOW_DAYS = 14;
/** Half-width (days) of the wider window whose rate the local one is shrunk toward. */
const WIDE_WINDOW_DAYS = 60;
/** Weight (contacts) of the wider window's rate in the local estimate. */
const RATE_PRIOR_CONTACTS = 30;
const MAX_RETURN_CHANCE = 0.98;
/** A group's own delay shape needs this many tagged responders; fewer borrow the pooled one. */
const MIN_CURVE_CONTACTS = 50;

/** Carried matches: a later touch that names its campaign itself. */
function isCarried(resolution: TouchpointResolution): boolean {
  return resolution.campaignIndex >= 0 && resolution.match !== 'inferred' && resolution.match !== 'none';
}

/** Per contact, the campaigns it came back through after its first touch, with the first such touch. */
interface ContactReturns {
  readonly offsets: Int32Array;
  readonly campaigns: Int32Array;
  readonly touches: Int32Array;
  readonly delayDays: Float64Array;
  /** Contacts whose carried first touch's campaign is among those they came back through. */
  readonly ownReturns: number;
}

function contactReturns(dataset: Dataset, resolutions: readonly TouchpointResolution[], firstOfContact: Int32Array): ContactReturns {
  const { contactOffsets, touchpointIndexes } = dataset;
  const occurredAt = dataset.touchpointTable.occurredAt;
  const offsets = new Int32Array(firstOfContact.length + 1);
  const campaigns: number[] = [];
  const touches: number[] = [];
  const delays: number[] = [];
  let ownReturns = 0;
  for (let contact = 0; contact < firstOfContact.length; contact++) {
    const first = firstOfContact[contact];
    const from = campaigns.length;
    if (first >= 0) {
      for (let slot = contactOffsets[contact]; slot < contactOffsets[contact + 1]; slot++) {
        const index = touchpointIndexes[slot];
        if (index === first || occurredAt[index] < occurredAt[first] || !isCarried(resolutions[index])) continue;
        const campaign = resolutions[index].campaignIndex;
        // A contact has few touches: a linear search beats a map.
        let earlier = from;
        while (earlier < campaigns.length && campaigns[earlier] !== campaign) earlier++;
        if (earlier === campaigns.length) {
          campaigns.push(campaign);
          touches.push(index);
          delays.push((occurredAt[index] - occurredAt[first]) / MILLISECONDS_PER_DAY);
          if (campaign === resolutions[first].campaignIndex) ownReturns++;
        } else if (occurredAt[index] < occurredAt[touches[earlier]]) {
          touches[earlier] = index;
          delays[earlier] = (occurredAt[index] - occurredAt[first]) / MILLISECONDS_PER_DAY;
        }
      }
    }
    offsets[contact + 1] = campaigns.length;
  }
  return { offsets, campaigns: Int32Array.from(campaigns), touches: Int32Array.from(touches), delayDays: Float64Array.from(delays), ownReturns };
}

function countBetween(sorted: Float64Array, from: number, to: number): number {
  const lowerBound = (value: number, strict: boolean): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (strict ? sorted[middle] <= value : sorted[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return lowerBound(to, true) - lowerBound(from, false);
}

export interface ReturnAdjustedDecisions {
  readonly campaignOfEvent: Int32Array;
  readonly posteriorOfEvent: Float64Array;
  readonly organicPosteriorOfEvent: Float64Array;
  /** The later touch through which the contact came back to the chosen campaign (-1: none). */
  readonly returnTouchOfEvent: Int32Array;
  /** Untagged first touches whose contact came back through a candidate campaign. */
  readonly eventsWithReturns: number;
  /** Per group, the fitted share of untagged responders who come back through their own campaign (beyond chance) by the data's end at the longest delay seen. */
  readonly ownReturnShareByGroup: Float64Array;
}

/**
 * The inference's decisions, reweighed by each contact's returns (see the module comment).
 * `events` are the touch indexes of the inference's untagged first touches; `groups` the group of
 * each campaign (the pooling's top level).
 */
export function adjustForReturns(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  events: Int32Array,
  inference: InferenceResult,
  groups: Int32Array,
  firstOfContact: Int32Array = newContactFirstTouches(dataset),
): ReturnAdjustedDecisions {
  const eventCount = events.length;
  const campaignCount = dataset.campaigns.length;
  const occurredAt = dataset.touchpointTable.occurredAt;
  const returns = contactReturns(dataset, resolutions, firstOfContact);
  const unchanged = (): ReturnAdjustedDecisions => ({
    campaignOfEvent: inference.campaignOfEvent,
    posteriorOfEvent: inference.posteriorOfEvent,
    organicPosteriorOfEvent: inference.organicPosteriorOfEvent,
    returnTouchOfEvent: new Int32Array(eventCount).fill(-1),
    eventsWithReturns: 0,
    ownReturnShareByGroup: new Float64Array(groups.reduce((most, group) => Math.max(most, group + 1), 0)),
  });
  // Nobody came back through the campaign that brought them: the returns say nothing.
  if (returns.ownReturns === 0) return unchanged();
  const { offsets } = returns;
  let end = -Infinity;
  for (const time of occurredAt) if (time > end) end = time;
  const eventOfTouch = new Int32Array(occurredAt.length).fill(-1);
  events.forEach((touch, event) => (eventOfTouch[touch] = event));

  // Known causes: a carried first touch (its campaign) or a plainly organic one (-1).
  const groupCount = groups.reduce((most, group) => Math.max(most, group + 1), 0);
  let knownCount = 0;
  const knownTimes = new Float64Array(firstOfContact.length);
  const causeTimes: number[][] = Array.from({ length: campaignCount }, () => []);
  const crossTimes: number[][] = Array.from({ length: campaignCount }, () => []);
  const contactOfEvent = new Int32Array(eventCount).fill(-1);
  // Per tagged responder: its campaign, first-touch time (days before the data's end, negative)
  // and delay of its return through that campaign (-1: none).
  let taggedCount = 0;
  const taggedCause = new Int32Array(firstOfContact.length);
  const taggedTime = new Float64Array(firstOfContact.length);
  const taggedDelay = new Float64Array(firstOfContact.length);
  let earliest = 0;
  for (let contact = 0; contact < firstOfContact.length; contact++) {
    const first = firstOfContact[contact];
    if (first < 0) continue;
    const time = (occurredAt[first] - end) / MILLISECONDS_PER_DAY;
    if (time < earliest) earliest = time;
    const event = eventOfTouch[first];
    if (event >= 0) {
      contactOfEvent[event] = contact;
      continue;
    }
    const cause = resolutions[first].campaignIndex;
    knownTimes[knownCount++] = time;
    let ownDelay = -1;
    for (let slot = offsets[contact]; slot < offsets[contact + 1]; slot++) {
      const campaign = returns.campaigns[slot];
      if (campaign === cause) ownDelay = returns.delayDays[slot];
      else crossTimes[campaign].push(time);
    }
    if (cause >= 0) {
      causeTimes[cause].push(time);
      taggedCause[taggedCount] = cause;
      taggedTime[taggedCount] = time;
      taggedDelay[taggedCount++] = ownDelay;
    }
  }
  // Returns and censorings (days left at the data's end) per group, for the Kaplan–Meier curves.
  const returnsByGroup: number[][] = Array.from({ length: groupCount }, () => []);
  const censoredByGroup: number[][] = Array.from({ length: groupCount }, () => []);
  for (let tagged = 0; tagged < taggedCount; tagged++) {
    const group = groups[taggedCause[tagged]];
    if (taggedDelay[tagged] >= 0) returnsByGroup[group].push(taggedDelay[tagged]);
    else censoredByGroup[group].push(-taggedTime[tagged]);
  }
  let pooled: ReturnCurve | null = null;
  const pooledCurve = (): ReturnCurve =>
    (pooled ??= returnCurve(Float64Array.from(returnsByGroup.flat()), Float64Array.from(censoredByGroup.flat())));
  // The delay shape of returns through one's own campaign: the Kaplan–Meier curve over its final value.
  const shapes = returnsByGroup.map((groupReturns, group) => {
    const enough = groupReturns.length + censoredByGroup[group].length >= MIN_CURVE_CONTACTS;
    const curve = enough ? returnCurve(Float64Array.from(groupReturns), Float64Array.from(censoredByGroup[group])) : pooledCurve();
    const last = curve.returnedBy.length > 0 ? curve.returnedBy[curve.returnedBy.length - 1] : 0;
    return { at: curve.at, returnedBy: curve.returnedBy.map((value) => (last > 0 ? value / last : 0)) };
  });
  // Shapes and cross rates are read per whole day before the data's end (centred windows), each
  // computed once.
  const dayCount = Math.floor(-earliest) + 1;
  const shapeByDay = new Float64Array(dayCount * groupCount).fill(NaN);
  const shapeAt = (group: number, time: number): number => {
    const slot = Math.floor(-time) * groupCount + group;
    if (Number.isNaN(shapeByDay[slot])) shapeByDay[slot] = curveAt(shapes[group], Math.floor(-time) + 0.5);
    return shapeByDay[slot];
  };
  const sorted = (times: number[]): Float64Array => Float64Array.from(times).sort();
  const known = knownTimes.subarray(0, knownCount).sort();
  const causeSorted = causeTimes.map(sorted);
  const crossSorted = crossTimes.map(sorted);
  const rateWithin = (campaign: number, time: number, halfWidth: number): [number, number] => {
    const from = time - halfWidth;
    const to = time + halfWidth;
    return [countBetween(crossSorted[campaign], from, to), countBetween(known, from, to) - countBetween(causeSorted[campaign], from, to)];
  };
  // A table by day and campaign where it is small, a map where campaigns x days are many.
  const crossTable = dayCount * campaignCount <= 4_000_000 ? new Float64Array(dayCount * campaignCount).fill(NaN) : null;
  const crossMap = new Map<number, number>();
  const crossRate = (campaign: number, time: number): number => {
    const daysBefore = Math.floor(-time);
    const key = daysBefore * campaignCount + campaign;
    let rate = crossTable ? crossTable[key] : crossMap.get(key);
    if (rate === undefined || Number.isNaN(rate)) {
      const day = -daysBefore - 0.5;
      const [wideReturns, wideContacts] = rateWithin(campaign, day, WIDE_WINDOW_DAYS);
      const wide = (wideReturns + 0.5) / (wideContacts + 1);
      const [windowReturns, contacts] = rateWithin(campaign, day, RATE_WINDOW_DAYS);
      rate = Math.min(0.5, (windowReturns + RATE_PRIOR_CONTACTS * wide) / (contacts + RATE_PRIOR_CONTACTS));
      if (crossTable) crossTable[key] = rate;
      else crossMap.set(key, rate);
    }
    return rate;
  };
  // The share of responders coming back through their own campaign beyond chance, read from the
  // tagged responders (their cause is known): Σ(y − b) / Σ(1 − b)·F, linear in the noisy b so its
  // noise averages out (an EM over the untagged touches themselves was biased upward by it:
  // E[1/b̂] > 1/b).
  const ownShare = new Float64Array(groupCount);
  {
    const excess = new Float64Array(groupCount);
    const exposure = new Float64Array(groupCount);
    for (let tagged = 0; tagged < taggedCount; tagged++) {
      const cause = taggedCause[tagged];
      const group = groups[cause];
      const cross = crossRate(cause, taggedTime[tagged]);
      excess[group] += (taggedDelay[tagged] >= 0 ? 1 : 0) - cross;
      exposure[group] += (1 - cross) * shapeAt(group, taggedTime[tagged]);
    }
    for (let group = 0; group < groupCount; group++) ownShare[group] = exposure[group] > 0 ? Math.min(1, Math.max(0, excess[group] / exposure[group])) : 0;
  }

  if (ownShare.every((share) => share === 0)) return unchanged();

  // Per candidate pair: its delay-shape value, its cross rate and the touch it came back through (-1: none).
  const rowOf = inference.candidateRowOfEvent;
  const { candidateOffsets, candidateCampaigns, candidatePosteriors } = inference;
  const pairStart = new Int32Array(eventCount + 1);
  for (let event = 0; event < eventCount; event++) {
    const row = rowOf ? rowOf[event] : event;
    pairStart[event + 1] = pairStart[event] + candidateOffsets[row + 1] - candidateOffsets[row];
  }
  const pairCount = pairStart[eventCount];
  const pairShape = new Float64Array(pairCount);
  const pairCross = new Float64Array(pairCount);
  const pairReturn = new Int32Array(pairCount).fill(-1);
  let eventsWithReturns = 0;
  for (let event = 0; event < eventCount; event++) {
    const row = rowOf ? rowOf[event] : event;
    const contact = contactOfEvent[event];
    const touchTime = (occurredAt[events[event]] - end) / MILLISECONDS_PER_DAY;
    let returned = false;
    for (let pair = pairStart[event], candidate = candidateOffsets[row]; pair < pairStart[event + 1]; pair++, candidate++) {
      const campaign = candidateCampaigns[candidate];
      pairShape[pair] = shapeAt(groups[campaign], touchTime);
      pairCross[pair] = crossRate(campaign, touchTime);
      if (contact < 0) continue;
      for (let slot = offsets[contact]; slot < offsets[contact + 1]; slot++) {
        if (returns.campaigns[slot] === campaign) {
          pairReturn[pair] = returns.touches[slot];
          returned = true;
        }
      }
    }
    if (returned) eventsWithReturns++;
  }

  // Each candidate's weight relative to organic: came back through c, (b + (1 − b)·own) / b; did
  // not, 1 − own; own = the group's share × the delay shape at the time left.
  const campaignOfEvent = new Int32Array(eventCount).fill(-1);
  const posteriorOfEvent = new Float64Array(eventCount);
  const organicPosteriorOfEvent = new Float64Array(eventCount);
  const returnTouchOfEvent = new Int32Array(eventCount).fill(-1);
  for (let event = 0; event < eventCount; event++) {
    const row = rowOf ? rowOf[event] : event;
    const candidateAt = candidateOffsets[row] - pairStart[event];
    const organic = inference.organicPosteriorOfEvent[event];
    let total = organic;
    let best = -1;
    let bestWeight = organic;
    for (let pair = pairStart[event]; pair < pairStart[event + 1]; pair++) {
      const campaign = candidateCampaigns[candidateAt + pair];
      const own = Math.min(MAX_RETURN_CHANCE, ownShare[groups[campaign]] * pairShape[pair]);
      const cross = pairCross[pair];
      const weight = candidatePosteriors[candidateAt + pair] * (pairReturn[pair] >= 0 ? 1 + ((1 - cross) * own) / cross : 1 - own);
      total += weight;
      if (weight > bestWeight) {
        bestWeight = weight;
        best = pair;
      }
    }
    campaignOfEvent[event] = best >= 0 ? candidateCampaigns[candidateAt + best] : -1;
    posteriorOfEvent[event] = bestWeight / total;
    organicPosteriorOfEvent[event] = organic / total;
    returnTouchOfEvent[event] = best >= 0 ? pairReturn[best] : -1;
  }
  return { campaignOfEvent, posteriorOfEvent, organicPosteriorOfEvent, returnTouchOfEvent, eventsWithReturns, ownReturnShareByGroup: ownShare };
}
