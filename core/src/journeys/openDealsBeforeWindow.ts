import type { Dataset } from '../dataset/dataset';
import { dealClosedAt } from '../dataset/dealTable';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';

/**
 * How many open deals have touches, but none inside the lookback window before the as-of time:
 * their journeys are empty (an open deal's conversion point is the as-of time) and their pipeline
 * falls under "(no touchpoints)". Nearly always an as-of time far past the data (the default is
 * now, and the data an export of months ago), which the CLI then says.
 */
export function openDealsBeforeWindow(dataset: Dataset, asOf: number, lookbackDays: number): number {
  const { dealTable: deals, dealContactIndexes, contactOffsets, touchpointIndexes } = dataset;
  const occurredAt = dataset.touchpointTable.occurredAt;
  const windowStart = asOf - lookbackDays * MILLISECONDS_PER_DAY;
  let count = 0;
  for (let deal = 0; deal < deals.count; deal++) {
    if (dealClosedAt(deals, deal) !== undefined) continue;
    let before = false;
    let inside = false;
    for (const contact of dealContactIndexes[deal]) {
      for (let slot = contactOffsets[contact]; slot < contactOffsets[contact + 1] && !inside; slot++) {
        const time = occurredAt[touchpointIndexes[slot]];
        if (time < windowStart) before = true;
        else if (time <= asOf) inside = true;
      }
    }
    if (before && !inside) count++;
  }
  return count;
}
