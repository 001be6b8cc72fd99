import { newCampaign, type Campaign } from '../../schemas/campaign';
import { newTouchpoint, type Touchpoint } from '../../schemas/touchpoint';

/** A campaign row with defaults, for tests. */
export function campaignRow(fields: Partial<Campaign> & { campaign_id: string }): Campaign {
  return newCampaign(fields);
}

/** A touchpoint row with defaults, for tests. */
export function touchRow(fields: Partial<Touchpoint> & { touchpoint_id: string; contact_id: string }): Touchpoint {
  return newTouchpoint({ occurred_at: Date.UTC(2025, 2, 1), ...fields });
}
