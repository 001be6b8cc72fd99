import type { DealTable } from '../dataset/dealTable';
import type { Deal } from '../schemas/deal';

export type DealStatus = 'open' | 'won' | 'lost';

/**
 * One deal's buyer journey: the touches of its contacts inside the lookback window, ordered by
 * occurred_at then touchpoint_id, each touchpoint once. Milestones are positions in `touches`
 * (-1 when the milestone has no touch and so does not exist).
 */
export interface Journey {
  readonly dealIndex: number;
  /** The deal's record (built on first use for data sets read from files: hot paths read `amount` and the deal table). */
  readonly deal: Deal;
  /** The deal's amount. */
  readonly amount: number;
  readonly status: DealStatus;
  /** closed_at for a closed deal, else the as-of time. */
  readonly conversionAt: number;
  /** Touchpoint indexes into dataset.touchpoints, in journey order. */
  readonly touches: Int32Array;
  /** Occurrence times of `touches`, epoch ms. */
  readonly times: Float64Array;
  readonly firstTouch: number;
  readonly lastTouch: number;
  readonly leadCreation: number;
  readonly dealCreation: number;
  readonly closedWon: number;
}

export interface JourneyOptions {
  /** Conversion point of open deals, epoch ms. */
  readonly asOf: number;
  readonly lookbackDays: number;
  /** Touch types that take no part (custom rules). */
  readonly excludedTouchTypes?: ReadonlySet<string>;
}

export const DEFAULT_LOOKBACK_DAYS = 365;

/** Open while closed_at is empty; else won or lost by is_won. */
export function dealStatusOf(deals: DealTable, dealIndex: number): DealStatus {
  if (Number.isNaN(deals.closedAt[dealIndex])) return 'open';
  return deals.isWon[dealIndex] === 1 ? 'won' : 'lost';
}

/** Pipeline counts open and won deals; revenue counts won deals. */
export function countsAsPipeline(status: DealStatus): boolean {
  return status !== 'lost';
}
