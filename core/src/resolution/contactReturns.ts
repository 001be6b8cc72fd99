import type { Dataset } from '../dataset/dataset';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { extentOf, grownTo, lowerBound } from '../util/typedArrays';
import { newContactFirstTouches } from './firstTouches';
import type { InferenceResult } from './mixtureFit';
import type { TouchpointResolution } from './resolution';
import { CrossReturnRates } from './crossReturnRates';
import { OwnReturnShapes } from './ownReturnShapes';

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
 *   touch is known (carried another campaign, or plainly organic) and came within two weeks of t
 *   (crossReturnRates.ts).
 * - own = σ_g · F_g(T): the share σ_g of c's group (creators, or one channel's campaigns) whose
 *   responders come back through their own campaign beyond chance, times the share of such returns
 *   that come within the T days left before the data end. F_g (ownReturnShapes.ts) is the
 *   Kaplan–Meier curve of returns through their own campaign among the contacts whose first touch
 *   carried a campaign of the group (censored at the data's end), over its final value;
 *   σ_g = Σ(y − b) / Σ(1 − b)·F_g(T) over the same contacts (y: came back through their own
 *   campaign), at least 0. Read from the tagged responders, whose cause is known, and assumed for
 *   the untagged ones.
 *
 * Other campaigns' returns cancel out (their chance is the same whichever of the others brought
 * the contact). Where nobody comes back through their own campaign, nothing changes, and where
 * they come back only by chance, σ is about 0 and nearly nothing does (the simulator's worlds
 * "contacts coming back": docs/utm-and-resolution.md).
 */

const MAX_RETURN_CHANCE = 0.98;

/**
 * A later touch counts as a return only when it starts a new visit: 30 minutes after the first
 * touch (the session timeout of GA and HubSpot analytics). CRM exports often repeat a session's
 * source on each of its page views, and a tagged visit with five page views has not come back
 * four times.
 */
const SESSION_GAP_MS = 30 * 60 * 1000;

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
  // Typed and grown by doubling: a million touches pushed onto plain arrays cost more in their
  // growth and the collections it set off than in the loop itself.
  let capacity = Math.max(1024, firstOfContact.length);
  let campaigns = new Int32Array(capacity);
  let touches = new Int32Array(capacity);
  let delays = new Float64Array(capacity);
  let count = 0;
  let ownReturns = 0;
  for (let contact = 0; contact < firstOfContact.length; contact++) {
    const first = firstOfContact[contact];
    const from = count;
    if (first >= 0) {
      const firstTime = occurredAt[first];
      for (let slot = contactOffsets[contact]; slot < contactOffsets[contact + 1]; slot++) {
        const index = touchpointIndexes[slot];
        if (index === first || occurredAt[index] < firstTime + SESSION_GAP_MS || !isCarried(resolutions[index])) continue;
        const campaign = resolutions[index].campaignIndex;
        // A contact has few touches: a linear search beats a map.
        let earlier = from;
        while (earlier < count && campaigns[earlier] !== campaign) earlier++;
        if (earlier === count) {
          if (count === capacity) {
            capacity *= 2;
            campaigns = grownTo(campaigns, capacity);
            touches = grownTo(touches, capacity);
            delays = grownTo(delays, capacity);
          }
          campaigns[count] = campaign;
          touches[count] = index;
          delays[count++] = (occurredAt[index] - firstTime) / MILLISECONDS_PER_DAY;
          if (campaign === resolutions[first].campaignIndex) ownReturns++;
        } else if (occurredAt[index] < occurredAt[touches[earlier]]) {
          touches[earlier] = index;
          delays[earlier] = (occurredAt[index] - firstTime) / MILLISECONDS_PER_DAY;
        }
      }
    }
    offsets[contact + 1] = count;
  }
  return { offsets, campaigns: campaigns.subarray(0, count), touches: touches.subarray(0, count), delayDays: delays.subarray(0, count), ownReturns };
}

export interface ReturnAdjustedDecisions {
  readonly campaignOfEvent: Int32Array;
  readonly posteriorOfEvent: Float64Array;
  readonly organicPosteriorOfEvent: Float64Array;
  /** The later touch through which the contact came back to the chosen campaign (-1: none). */
  readonly returnTouchOfEvent: Int32Array;
  /** Untagged first touches whose contact came back through a candidate campaign. */
  readonly eventsWithReturns: number;
  /** Per group, σ: the share of responders coming back through their own campaign beyond chance (read from the tagged ones; 0 where nobody does). */
  readonly ownReturnShareByGroup: Float64Array;
}

/**
 * The inference's decisions, reweighed by each contact's returns (see the module comment).
 * `events` are the touch indexes of the inference's untagged first touches, increasing; `groups` the group of
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
  const groupCount = groups.reduce((most, group) => Math.max(most, group + 1), 0);
  const returns = contactReturns(dataset, resolutions, firstOfContact);
  const unchanged = (): ReturnAdjustedDecisions => ({
    campaignOfEvent: inference.campaignOfEvent,
    posteriorOfEvent: inference.posteriorOfEvent,
    organicPosteriorOfEvent: inference.organicPosteriorOfEvent,
    returnTouchOfEvent: new Int32Array(eventCount).fill(-1),
    eventsWithReturns: 0,
    ownReturnShareByGroup: new Float64Array(groupCount),
  });
  // Nobody came back through the campaign that brought them: the returns say nothing.
  if (returns.ownReturns === 0) return unchanged();
  const { offsets } = returns;
  const { min: start, max: end } = extentOf(occurredAt);
  // Whole days before the data's end (0: the last day): the unit of the cross-return windows.
  const dayCount = Math.floor((end - start) / MILLISECONDS_PER_DAY) + 1;
  const dayOf = (time: number): number => Math.min(dayCount - 1, Math.floor(-time));
  // Events are in touch order (untaggedFirstTouches collects them so): found by bisection, which
  // keeps a touch-sized table off the heap (allocating one here cost a full collection of the
  // resolver's heap on the million-touch bench).
  for (let event = 1; event < eventCount; event++) if (events[event] <= events[event - 1]) throw new RangeError('adjustForReturns: events must be touch indexes in increasing order');
  const eventOfTouch = (touch: number): number => {
    const event = lowerBound(events, touch);
    return event < eventCount && events[event] === touch ? event : -1;
  };

  // Known causes: a carried first touch (its campaign) or a plainly organic one (-1).
  const crossRates = new CrossReturnRates(dayCount, campaignCount);
  const contactOfEvent = new Int32Array(eventCount).fill(-1);
  // Per tagged responder: its campaign, first-touch time (days before the data's end, negative)
  // and delay of its return through that campaign (-1: none).
  let taggedCount = 0;
  const taggedCause = new Int32Array(firstOfContact.length);
  const taggedTime = new Float64Array(firstOfContact.length);
  const taggedDelay = new Float64Array(firstOfContact.length);
  for (let contact = 0; contact < firstOfContact.length; contact++) {
    const first = firstOfContact[contact];
    if (first < 0) continue;
    const time = (occurredAt[first] - end) / MILLISECONDS_PER_DAY;
    const event = eventOfTouch(first);
    if (event >= 0) {
      contactOfEvent[event] = contact;
      continue;
    }
    const cause = resolutions[first].campaignIndex;
    const day = dayOf(time);
    crossRates.addKnown(day);
    let ownDelay = -1;
    for (let slot = offsets[contact]; slot < offsets[contact + 1]; slot++) {
      const campaign = returns.campaigns[slot];
      if (campaign === cause) ownDelay = returns.delayDays[slot];
      else crossRates.addCrossed(campaign, day);
    }
    if (cause >= 0) {
      crossRates.addBrought(cause, day);
      taggedCause[taggedCount] = cause;
      taggedTime[taggedCount] = time;
      taggedDelay[taggedCount++] = ownDelay;
    }
  }
  // Returns and censorings (days left at the data's end) per group, for the Kaplan–Meier curves.
  const returnCounts = new Int32Array(groupCount);
  const censoredCounts = new Int32Array(groupCount);
  for (let tagged = 0; tagged < taggedCount; tagged++) {
    if (taggedDelay[tagged] >= 0) returnCounts[groups[taggedCause[tagged]]]++;
    else censoredCounts[groups[taggedCause[tagged]]]++;
  }
  const returnsByGroup = Array.from(returnCounts, (count) => new Float64Array(count));
  const censoredByGroup = Array.from(censoredCounts, (count) => new Float64Array(count));
  returnCounts.fill(0);
  censoredCounts.fill(0);
  for (let tagged = 0; tagged < taggedCount; tagged++) {
    const group = groups[taggedCause[tagged]];
    if (taggedDelay[tagged] >= 0) returnsByGroup[group][returnCounts[group]++] = taggedDelay[tagged];
    else censoredByGroup[group][censoredCounts[group]++] = -taggedTime[tagged];
  }
  const shapes = new OwnReturnShapes(returnsByGroup, censoredByGroup, dayCount);
  const shapeAt = (group: number, time: number): number => shapes.at(group, dayOf(time));
  const crossRate = (campaign: number, time: number): number => crossRates.rate(campaign, dayOf(time));
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

  // Each candidate's weight relative to organic: came back through c, (b + (1 − b)·own) / b; did
  // not, 1 − own; own = the group's share × the delay shape at the time left.
  const rowOf = inference.candidateRowOfEvent;
  const { candidateOffsets, candidateCampaigns, candidatePosteriors } = inference;
  const campaignOfEvent = new Int32Array(eventCount).fill(-1);
  const posteriorOfEvent = new Float64Array(eventCount);
  const organicPosteriorOfEvent = new Float64Array(eventCount);
  const returnTouchOfEvent = new Int32Array(eventCount).fill(-1);
  let eventsWithReturns = 0;
  for (let event = 0; event < eventCount; event++) {
    const row = rowOf ? rowOf[event] : event;
    const contact = contactOfEvent[event];
    const touchTime = (occurredAt[events[event]] - end) / MILLISECONDS_PER_DAY;
    const organic = inference.organicPosteriorOfEvent[event];
    let total = organic;
    let best = -1;
    let bestWeight = organic;
    let bestReturn = -1;
    let returned = false;
    for (let candidate = candidateOffsets[row]; candidate < candidateOffsets[row + 1]; candidate++) {
      const campaign = candidateCampaigns[candidate];
      let returnTouch = -1;
      if (contact >= 0) {
        for (let slot = offsets[contact]; slot < offsets[contact + 1]; slot++) if (returns.campaigns[slot] === campaign) returnTouch = returns.touches[slot];
      }
      const own = Math.min(MAX_RETURN_CHANCE, ownShare[groups[campaign]] * shapeAt(groups[campaign], touchTime));
      let factor = 1 - own;
      if (returnTouch >= 0) {
        const cross = crossRate(campaign, touchTime);
        factor = 1 + ((1 - cross) * own) / cross;
        returned = true;
      }
      const weight = candidatePosteriors[candidate] * factor;
      total += weight;
      if (weight > bestWeight) {
        bestWeight = weight;
        best = campaign;
        bestReturn = returnTouch;
      }
    }
    if (returned) eventsWithReturns++;
    campaignOfEvent[event] = best;
    posteriorOfEvent[event] = bestWeight / total;
    organicPosteriorOfEvent[event] = organic / total;
    returnTouchOfEvent[event] = bestReturn;
  }
  return { campaignOfEvent, posteriorOfEvent, organicPosteriorOfEvent, returnTouchOfEvent, eventsWithReturns, ownReturnShareByGroup: ownShare };
}
