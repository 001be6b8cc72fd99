import type { z } from 'zod';
import { rowSchema, type RowOf } from './columns';
import { campaignColumns } from './campaignColumns';

export { campaignColumns } from './campaignColumns';

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
