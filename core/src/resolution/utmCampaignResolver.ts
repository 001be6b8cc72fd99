import type { Dataset } from '../dataset/dataset';
import { parseTrackingUrl } from '../utm/parseUrl';
import { UNATTRIBUTED_CHANNEL, type TouchpointResolution, type TouchpointResolver } from './resolution';

/**
 * The foundation's resolver: a touchpoint belongs to the campaign whose utm_campaign equals the
 * touchpoint's (from the column, or from the URL when the column is empty), exactly; else to none.
 * Kept for tests that want resolution reduced to exact tags; the product resolves with
 * touchpointResolver.
 */
export const utmCampaignResolver: TouchpointResolver = {
  name: 'utm-campaign-exact',
  resolve(dataset: Dataset): TouchpointResolution[] {
    const campaignByTag = new Map<string, number>();
    dataset.campaigns.forEach((campaign, index) => {
      if (campaign.utm_campaign !== '' && !campaignByTag.has(campaign.utm_campaign)) campaignByTag.set(campaign.utm_campaign, index);
    });
    return dataset.touchpoints.map((touchpoint) => {
      const tag = touchpoint.utm_campaign !== '' ? touchpoint.utm_campaign : parseTrackingUrl(touchpoint.url).utmCampaign;
      const campaignIndex = tag === '' ? undefined : campaignByTag.get(tag);
      if (campaignIndex === undefined) {
        return {
          campaignIndex: -1,
          campaignId: null,
          influencerId: null,
          channel: UNATTRIBUTED_CHANNEL,
          match: 'none',
          confidence: 1,
          explanation: tag === '' ? 'no utm_campaign tag' : `utm_campaign ${JSON.stringify(tag)} matches no campaign`,
        };
      }
      const campaign = dataset.campaigns[campaignIndex];
      return {
        campaignIndex,
        campaignId: campaign.campaign_id,
        influencerId: campaign.influencer_id === '' ? null : campaign.influencer_id,
        channel: campaign.channel === '' ? UNATTRIBUTED_CHANNEL : campaign.channel,
        match: 'exact',
        confidence: 1,
        explanation: `utm_campaign=${tag} matches campaign ${campaign.name || campaign.campaign_id}`,
      };
    });
  },
};
