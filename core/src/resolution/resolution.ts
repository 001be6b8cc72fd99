import type { Dataset } from '../dataset/dataset';

/** How a touchpoint was tied to its campaign, from the strongest evidence to none. */
export const MATCH_KINDS = ['exact', 'normalized', 'fuzzy_tag', 'landing_page', 'referrer', 'promo_code', 'inferred', 'none'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

/** Match kinds whose touches trace a campaign's activity in time (promo codes are typed weeks later). */
export const ANCHOR_MATCHES: ReadonlySet<MatchKind> = new Set(['exact', 'normalized', 'fuzzy_tag', 'landing_page', 'referrer']);

/** The channel of a touch that resolves to no campaign and carries no channel evidence. */
export const UNATTRIBUTED_CHANNEL = 'unattributed';

/** Which campaign (if any) a touchpoint belongs to, how we know and how sure we are. */
export interface TouchpointResolution {
  /** Index into dataset.campaigns, or -1. */
  readonly campaignIndex: number;
  readonly campaignId: string | null;
  readonly influencerId: string | null;
  readonly channel: string;
  readonly match: MatchKind;
  /** Probability that campaignId is right (for `none`, that the touch is truly unattributed). */
  readonly confidence: number;
  /** One line a sales rep can read: "promo code MAYA10 typed in the demo form". */
  readonly explanation: string;
}

/**
 * The port every resolver implements. Resolution sees the whole data set at once because
 * inferred matches are statistical (a campaign's lift over the baseline of branded searches).
 * The result is index-aligned with dataset.touchpoints.
 */
export interface TouchpointResolver {
  readonly name: string;
  resolve(dataset: Dataset): TouchpointResolution[];
}
