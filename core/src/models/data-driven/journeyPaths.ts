import { compareTouchpoints } from '../../dataset/touchpointTable';
import type { Dataset } from '../../dataset/dataset';
import type { Journey } from '../../journeys/journey';
import { MILLISECONDS_PER_DAY } from '../../time/isoTimestamp';
import type { TouchpointResolution } from '../../resolution/resolution';
import type { ModelSettings } from '../model';
import { PathTableBuilder, type PathTable } from './pathTable';

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
 * contact without a deal contributes a non-converting path of its touches in the lookback window
 * before the as-of time. With outcome `revenue`, won deals convert, lost deals become
 * non-converting and open deals are left out (their outcome is not known yet).
 */
export function journeyPaths(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  journeys: readonly Journey[],
  settings: ModelSettings,
  outcome: 'pipeline' | 'revenue',
): JourneyPaths {
  const by: StateDimension = settings.by ?? 'campaign';
  const builder = new PathTableBuilder();
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
  const states: number[] = [];
  for (const journey of journeys) {
    if (journey.touches.length === 0) continue;
    if (outcome === 'revenue' && journey.status === 'open') continue;
    states.length = 0;
    for (const touchpoint of journey.touches) states.push(stateOfTouchpoint[touchpoint]);
    const converted = outcome === 'pipeline' || journey.status === 'won';
    builder.addPath(states, converted ? 1 : 0, converted ? journey.amount : 0, converted ? 0 : 1);
  }

  const hasDeal = new Uint8Array(dataset.contactTable.count);
  for (const contactIndexes of dataset.dealContactIndexes) for (const contact of contactIndexes) hasDeal[contact] = 1;
  const windowEnd = settings.asOf;
  const windowStart = windowEnd - settings.lookbackDays * MILLISECONDS_PER_DAY;
  const touches: number[] = [];
  const { touchpointTable, contactOffsets, touchpointIndexes } = dataset;
  const occurredAtOf = touchpointTable.occurredAt;
  for (let contact = 0; contact < dataset.contactTable.count; contact++) {
    if (hasDeal[contact]) continue;
    touches.length = 0;
    for (let slot = contactOffsets[contact]; slot < contactOffsets[contact + 1]; slot++) {
      const touchpoint = touchpointIndexes[slot];
      const occurredAt = occurredAtOf[touchpoint];
      if (occurredAt >= windowStart && occurredAt <= windowEnd) touches.push(touchpoint);
    }
    if (touches.length === 0) continue;
    // Same order as journeys: time, then touchpoint_id.
    touches.sort((left, right) => compareTouchpoints(touchpointTable, left, right));
    builder.addPath(
      touches.map((touchpoint) => stateOfTouchpoint[touchpoint]),
      0,
      0,
      1,
    );
  }
  return { table: builder.build(), stateOfTouchpoint };
}
