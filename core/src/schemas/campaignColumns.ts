import { column } from './columnKinds';

/** `campaigns.csv`: one row per campaign; creator campaigns carry the influencer's id and handle. */
export const campaignColumns = {
  campaign_id: column.id(),
  name: column.text(),
  channel: column.text(),
  influencer_id: column.text(),
  influencer_handle: column.text(),
  utm_source: column.text(),
  utm_medium: column.text(),
  utm_campaign: column.text(),
  utm_content: column.text(),
  promo_codes: column.list(),
  landing_url: column.text(),
  branded_terms: column.list(),
  start_at: column.optionalTimestamp(),
  end_at: column.optionalTimestamp(),
  cost: column.optionalNonNegativeAmount(),
  currency: column.text(),
};
