import type { Dataset } from '../dataset/dataset';
import { compareTouchpoints } from '../dataset/touchpointTable';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { dealClosedAt } from '../dataset/dealTable';
import type { Deal } from '../schemas/deal';
import { dealStatusOf, type DealStatus, type Journey, type JourneyOptions } from './journey';
import { grownTo } from '../util/typedArrays';
import { sortSegment } from '../util/sortSegment';

/**
 * Builds every deal's journey (see Journey). O(T log T) over the touches of each deal's contacts.
 * Touches shared by two contacts of a deal count once; ties in time are broken by touchpoint_id
 * in ordinal (code unit) order so results never depend on input row order.
 */
export function buildJourneys(dataset: Dataset, options: JourneyOptions): Journey[] {
  const { touchpointTable, contactOffsets, touchpointIndexes } = dataset;
  const contactCreatedAt = dataset.contactTable.createdAt;
  const occurredAtOf = touchpointTable.occurredAt;
  const lookbackMilliseconds = options.lookbackDays * MILLISECONDS_PER_DAY;
  const excluded = options.excludedTouchTypes && options.excludedTouchTypes.size > 0 ? options.excludedTouchTypes : undefined;
  const lastSeenInDeal = new Int32Array(touchpointTable.count).fill(-1);
  // Excluded touch types as a mask over the type column's codes.
  const types = touchpointTable.text.type;
  const excludedType = excluded ? Uint8Array.from({ length: types.size }, (_value, code) => (excluded.has(types.text(code)) ? 1 : 0)) : undefined;
  // Every journey's touches and times live in two flat arrays, viewed per deal: no small array per deal.
  let touchStore = new Int32Array(Math.max(1024, touchpointIndexes.length));
  let timeStore = new Float64Array(touchStore.length);
  let stored = 0;
  const deals = dataset.dealTable;
  const dealCount = deals.count;
  const starts = new Int32Array(dealCount + 1);

  for (let dealIndex = 0; dealIndex < dealCount; dealIndex++) {
    const conversionAt = dealClosedAt(deals, dealIndex) ?? options.asOf;
    const windowStart = conversionAt - lookbackMilliseconds;
    starts[dealIndex] = stored;
    for (const contactIndex of dataset.dealContactIndexes[dealIndex]) {
      for (let slot = contactOffsets[contactIndex]; slot < contactOffsets[contactIndex + 1]; slot++) {
        const touchpointIndex = touchpointIndexes[slot];
        if (lastSeenInDeal[touchpointIndex] === dealIndex) continue;
        lastSeenInDeal[touchpointIndex] = dealIndex;
        const occurredAt = occurredAtOf[touchpointIndex];
        if (occurredAt > conversionAt || occurredAt < windowStart) continue;
        if (excludedType && excludedType[types.codes[touchpointIndex]]) continue;
        if (stored === touchStore.length) {
          touchStore = grownTo(touchStore, touchStore.length * 2);
          timeStore = grownTo(timeStore, timeStore.length * 2);
        }
        touchStore[stored++] = touchpointIndex;
      }
    }
    sortSegment(touchStore, starts[dealIndex], stored, (left, right) => compareTouchpoints(touchpointTable, left, right));
    for (let position = starts[dealIndex]; position < stored; position++) timeStore[position] = occurredAtOf[touchStore[position]];
  }
  starts[dealCount] = stored;

  const journeys = new Array<Journey>(dealCount);
  for (let dealIndex = 0; dealIndex < dealCount; dealIndex++) {
    const closedAt = dealClosedAt(deals, dealIndex);
    const status = dealStatusOf(deals, dealIndex);
    const dealCreatedAt = deals.createdAt[dealIndex];
    const touches = touchStore.subarray(starts[dealIndex], starts[dealIndex + 1]);
    const times = timeStore.subarray(starts[dealIndex], starts[dealIndex + 1]);
    let leadCreatedAt = Infinity;
    for (const contactIndex of dataset.dealContactIndexes[dealIndex]) leadCreatedAt = Math.min(leadCreatedAt, contactCreatedAt[contactIndex]);
    let leadCreation = -1;
    let dealCreation = -1;
    for (let position = 0; position < touches.length; position++) {
      if (times[position] <= leadCreatedAt) leadCreation = position;
      if (times[position] <= dealCreatedAt) dealCreation = position;
    }
    const last = touches.length - 1;
    journeys[dealIndex] = new DatasetJourney(dataset, dealIndex, deals.amount[dealIndex], status, closedAt ?? options.asOf, touches, times, leadCreation, dealCreation, status === 'won' ? last : -1);
  }
  return journeys;
}

/** A deal's journey in a data set; the deal's record (`deal`) is looked up only when asked for. */
class DatasetJourney implements Journey {
  readonly firstTouch: number;
  readonly lastTouch: number;

  constructor(
    private readonly dataset: Dataset,
    readonly dealIndex: number,
    readonly amount: number,
    readonly status: DealStatus,
    readonly conversionAt: number,
    readonly touches: Int32Array,
    readonly times: Float64Array,
    readonly leadCreation: number,
    readonly dealCreation: number,
    readonly closedWon: number,
  ) {
    this.firstTouch = touches.length > 0 ? 0 : -1;
    this.lastTouch = touches.length - 1;
  }

  get deal(): Deal {
    return this.dataset.deals[this.dealIndex];
  }
}
