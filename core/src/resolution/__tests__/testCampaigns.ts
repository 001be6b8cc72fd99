import type { Campaign } from '../../schemas/campaign';
import type { Touchpoint } from '../../schemas/touchpoint';

/** A campaign row with defaults, for tests. */
export function campaignRow(fields: Partial<Campaign> & { campaign_id: string }): Campaign {
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

/** A touchpoint row with defaults, for tests. */
export function touchRow(fields: Partial<Touchpoint> & { touchpoint_id: string; contact_id: string }): Touchpoint {
  return {
    occurred_at: Date.UTC(2025, 2, 1),
    type: 'page_view',
    url: '',
    referrer: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    promo_code: '',
    search_query: '',
    ...fields,
  };
}
