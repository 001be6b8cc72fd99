import { z } from 'zod';
import { column, rowSchema, type RowOf } from './columns';

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

export const CampaignSchema = rowSchema(campaignColumns);
export type Campaign = RowOf<typeof campaignColumns>;
export type CampaignInput = z.input<typeof CampaignSchema>;

/** A campaign record with every optional field empty (no tags, codes, dates or cost; named after its id). */
export function newCampaign(fields: Partial<Campaign> & Pick<Campaign, 'campaign_id'>): Campaign {
  return {
    name: fields.campaign_id,
    channel: '',
    influencer_id: '',
    influencer_handle: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_content: '',
    promo_codes: [],
    landing_url: '',
    branded_terms: [],
    start_at: null,
    end_at: null,
    cost: 0,
    currency: 'USD',
    ...fields,
  };
}
