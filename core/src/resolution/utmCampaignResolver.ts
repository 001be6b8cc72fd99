import type { Dataset } from '../dataset/dataset';
import { UNATTRIBUTED_CHANNEL, type TouchpointResolution, type TouchpointResolver } from './resolution';

/** Reads one query parameter from a URL without a full parse (hot path); undefined when absent or undecodable. */
export function queryParameter(url: string, name: string): string | undefined {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return undefined;
  const fragmentStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, fragmentStart < 0 ? undefined : fragmentStart);
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    if (key !== name) continue;
    try {
      return decodeURIComponent((equals < 0 ? '' : pair.slice(equals + 1)).replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The foundation's resolver: a touchpoint belongs to the campaign whose utm_campaign equals the
 * touchpoint's (from the column, or from the URL when the column is empty), exactly; else to none.
 */
export const utmCampaignResolver: TouchpointResolver = {
  name: 'utm-campaign-exact',
  resolve(dataset: Dataset): TouchpointResolution[] {
    const campaignByTag = new Map<string, number>();
    dataset.campaigns.forEach((campaign, index) => {
      if (campaign.utm_campaign !== '' && !campaignByTag.has(campaign.utm_campaign)) campaignByTag.set(campaign.utm_campaign, index);
    });
    return dataset.touchpoints.map((touchpoint) => {
      const tag = touchpoint.utm_campaign !== '' ? touchpoint.utm_campaign : (queryParameter(touchpoint.url, 'utm_campaign') ?? '');
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
