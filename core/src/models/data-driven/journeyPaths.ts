import { compareTouchpoints } from '../../dataset/touchpointTable';
import type { Dataset } from '../../dataset/dataset';
import type { Journey } from '../../journeys/journey';
import { MILLISECONDS_PER_DAY } from '../../time/isoTimestamp';
import type { TouchpointResolution } from '../../resolution/resolution';
import type { ModelSettings } from '../model';
import { PathTableBuilder, type PathTable } from './pathTable';
import { sortSegment } from '../../util/sortSegment';

export type StateDimension = 'campaign' | 'influencer' | 'channel';

/**
 * The state of a touch: its campaign (or "(no campaign) <channel>"), its creator (or
 * "(no creator) <channel>"), or its channel, with the same keys `attribution compare` shows.
 */
export function stateNameOfResolution(resolution: TouchpointResolution, by: StateDimension): string {
  if (by === 'channel') return resolution.channel;
  if (by === 'campaign') return resolution.campaignId ?? `(no campaign) ${resolution.channel}`;
  return resolution.influencerId ?? `(no creator) ${resolution.channel}`;
}

export interface JourneyPaths {
  readonly table: PathTable;
  /** State id of every touchpoint (index-aligned with dataset.touchpoints). */
  readonly stateOfTouchpoint: Int32Array;
}

/**
 * Paths from the data set: each deal journey is a converting path (value = deal amount); each
 * contact without a deal contributes a non-converting path of its touches up to the as-of time,
 * in the lookback window before the last of them. With outcome `revenue`, won deals convert, lost deals become
 * non-converting and open deals are left out (their outcome is not known yet).
 *
 * With outcome `pipeline` a deal converts when it is created, so its converting path ends at the
 * deal-creation milestone (the last touch at or before created_at). Touches after that cannot have
 * brought the deal in, and many exist only because it does (sales meetings, proposals, follow-up
 * email): contacts without a deal never get them, so counted as converting touches they would look
 * like near-certain causes of pipeline and take its credit (on the demo data, meetings took 98% of
 * the incremental model's pipeline). A deal with no touch before its creation has no converting
 * path. With outcome `revenue`, won and lost deals both keep their touches up to the close, so
 * what happens after creation is on both sides of the comparison.
 */
export function journeyPaths(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  journeys: readonly Journey[],
  settings: ModelSettings,
  outcome: 'pipeline' | 'revenue',
): JourneyPaths {
  const by: StateDimension = settings.by ?? 'campaign';
  // At most one path per deal and one per contact without a deal: sized once, never regrown.
  const builder = new PathTableBuilder(journeys.length + dataset.contactTable.count);
  const stateOfTouchpoint = new Int32Array(dataset.touchpointTable.count);
  // Touches with the same outcome share one resolution object (the resolver caches outcomes): each
  // distinct one's state name is made once, not once per touch.
  const stateOfResolution = new Map<TouchpointResolution, number>();
  for (let touchpoint = 0; touchpoint < dataset.touchpointTable.count; touchpoint++) {
    const resolution = resolutions[touchpoint];
    let state = stateOfResolution.get(resolution);
    if (state === undefined) stateOfResolution.set(resolution, (state = builder.stateId(stateNameOfResolution(resolution, by))));
    stateOfTouchpoint[touchpoint] = state;
  }
  let states = new Int32Array(256);
  for (const journey of journeys) {
    const count = outcome === 'pipeline' ? journey.dealCreation + 1 : journey.touches.length;
    if (count === 0) continue;
    if (outcome === 'revenue' && journey.status === 'open') continue;
    if (count > states.length) states = new Int32Array(2 * count);
    for (let position = 0; position < count; position++) states[position] = stateOfTouchpoint[journey.touches[position]];
    const converted = outcome === 'pipeline' || journey.status === 'won';
    builder.addPath(states, converted ? 1 : 0, converted ? journey.amount : 0, converted ? 0 : 1, 0, count);
  }

  const hasDeal = new Uint8Array(dataset.contactTable.count);
  for (const contactIndexes of dataset.dealContactIndexes) for (const contact of contactIndexes) hasDeal[contact] = 1;
  const asOf = settings.asOf;
  const lookback = settings.lookbackDays * MILLISECONDS_PER_DAY;
  const { touchpointTable, contactOffsets, touchpointIndexes } = dataset;
  const occurredAtOf = touchpointTable.occurredAt;
  let touches = new Int32Array(256);
  for (let contact = 0; contact < dataset.contactTable.count; contact++) {
    if (hasDeal[contact]) continue;
    const first = contactOffsets[contact];
    const last = contactOffsets[contact + 1];
    if (last - first > touches.length) touches = new Int32Array(2 * (last - first));
    // The journey ends at the contact's last touch up to the as-of time, and reaches back the
    // lookback window from there, as a converting journey reaches back from its deal. A window
    // before the as-of time itself would drop every contact last seen more than a lookback before
    // it: with an as-of ten months after the data's end, 28 of 40 simulated creator campaigns kept
    // no journey that failed to convert, and the incremental model gave them no credit.
    let end = -Infinity;
    for (let slot = first; slot < last; slot++) {
      const occurredAt = occurredAtOf[touchpointIndexes[slot]];
      if (occurredAt <= asOf && occurredAt > end) end = occurredAt;
    }
    const start = end - lookback;
    let count = 0;
    for (let slot = first; slot < last; slot++) {
      const touchpoint = touchpointIndexes[slot];
      const occurredAt = occurredAtOf[touchpoint];
      if (occurredAt >= start && occurredAt <= asOf) touches[count++] = touchpoint;
    }
    if (count === 0) continue;
    // Same order as journeys: time, then touchpoint_id; then each touch's state in place.
    sortSegment(touches, 0, count, (left, right) => compareTouchpoints(touchpointTable, left, right));
    for (let position = 0; position < count; position++) touches[position] = stateOfTouchpoint[touches[position]];
    builder.addPath(touches, 0, 0, 1, 0, count);
  }
  return { table: builder.build(), stateOfTouchpoint };
}
