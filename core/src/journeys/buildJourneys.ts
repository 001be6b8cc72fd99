import type { Dataset } from '../dataset/dataset';
import { compareTouchpoints } from '../dataset/touchpointTable';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { dealStatus, type Journey, type JourneyOptions } from './journey';

/**
 * Builds every deal's journey (see Journey). O(T log T) over the touches of each deal's contacts.
 * Touches shared by two contacts of a deal count once; ties in time are broken by touchpoint_id
 * in ordinal (code unit) order so results never depend on input row order.
 */
export function buildJourneys(dataset: Dataset, options: JourneyOptions): Journey[] {
  const { touchpointTable, contacts, contactOffsets, touchpointIndexes } = dataset;
  const occurredAtOf = touchpointTable.occurredAt;
  const lookbackMilliseconds = options.lookbackDays * MILLISECONDS_PER_DAY;
  const excluded = options.excludedTouchTypes && options.excludedTouchTypes.size > 0 ? options.excludedTouchTypes : undefined;
  const lastSeenInDeal = new Int32Array(touchpointTable.count).fill(-1);
  const candidate: number[] = [];
  const byTimeThenId = (left: number, right: number): number => compareTouchpoints(touchpointTable, left, right);
  // Excluded touch types as a mask over the type column's codes.
  const types = touchpointTable.text.type;
  const excludedType = excluded ? Uint8Array.from(types.values, (type) => (excluded.has(type) ? 1 : 0)) : undefined;

  return dataset.deals.map((deal, dealIndex) => {
    const status = dealStatus(deal);
    const conversionAt = deal.closed_at ?? options.asOf;
    const windowStart = conversionAt - lookbackMilliseconds;
    const contactIndexes = dataset.dealContactIndexes[dealIndex];
    candidate.length = 0;
    let leadCreatedAt = Infinity;
    for (const contactIndex of contactIndexes) {
      leadCreatedAt = Math.min(leadCreatedAt, contacts[contactIndex].created_at);
      for (let slot = contactOffsets[contactIndex]; slot < contactOffsets[contactIndex + 1]; slot++) {
        const touchpointIndex = touchpointIndexes[slot];
        if (lastSeenInDeal[touchpointIndex] === dealIndex) continue;
        lastSeenInDeal[touchpointIndex] = dealIndex;
        const occurredAt = occurredAtOf[touchpointIndex];
        if (occurredAt > conversionAt || occurredAt < windowStart) continue;
        if (excludedType && excludedType[types.codes[touchpointIndex]]) continue;
        candidate.push(touchpointIndex);
      }
    }
    if (candidate.length > 1) candidate.sort(byTimeThenId);
    const touches = Int32Array.from(candidate);
    const times = new Float64Array(touches.length);
    let leadCreation = -1;
    let dealCreation = -1;
    for (let position = 0; position < touches.length; position++) {
      const occurredAt = occurredAtOf[touches[position]];
      times[position] = occurredAt;
      if (occurredAt <= leadCreatedAt) leadCreation = position;
      if (occurredAt <= deal.created_at) dealCreation = position;
    }
    const last = touches.length - 1;
    return {
      dealIndex,
      deal,
      status,
      conversionAt,
      touches,
      times,
      firstTouch: touches.length > 0 ? 0 : -1,
      lastTouch: last,
      leadCreation,
      dealCreation,
      closedWon: status === 'won' ? last : -1,
    };
  });
}
