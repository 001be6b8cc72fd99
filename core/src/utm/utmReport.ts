import type { Dataset } from '../dataset/dataset';
import type { TouchpointResolution } from '../resolution/resolution';
import type { ResolutionReport } from '../resolution/touchpointResolver';
import { DEFAULT_GOVERNANCE_RULES, validateTrackingUrl, type GovernanceRules } from './governance';

export interface CampaignUtmStats {
  readonly key: string;
  readonly name: string;
  /** Touches with a URL credited to it by evidence (tags, landing page, referrer, promo code). */
  readonly clicks: number;
  /** Distinct contacts behind those touches. */
  readonly contactsReached: number;
  /** Touches credited by inference (no tag, code or link). */
  readonly inferred: number;
  /** Tagged touches whose URL breaks a governance rule. */
  readonly violatingTouches: number;
  /** Touches whose tag was damaged but still matched (normalized or fuzzy). */
  readonly mangledTags: number;
}

export interface UtmReport {
  readonly byCampaign: CampaignUtmStats[];
  readonly byCreator: CampaignUtmStats[];
  readonly unmatchedTags: Array<[string, number]>;
  readonly violationsByMessage: Array<[string, number]>;
  readonly resolution: ResolutionReport;
}

/**
 * Per campaign and creator: clicks, contacts reached, governance violations of their tagged URLs,
 * and the tags that matched nothing. Violations are grouped by message with the values removed,
 * so "utm_source ... is not lower case" counts once per kind.
 */
export function buildUtmReport(dataset: Dataset, resolutions: readonly TouchpointResolution[], resolution: ResolutionReport, rules: GovernanceRules = DEFAULT_GOVERNANCE_RULES): UtmReport {
  const { campaigns, touchpoints } = dataset;
  const clicks = new Float64Array(campaigns.length);
  const inferred = new Float64Array(campaigns.length);
  const violating = new Float64Array(campaigns.length);
  const mangled = new Float64Array(campaigns.length);
  const contactsByCampaign = campaigns.map(() => new Set<string>());
  const violationCounts = new Map<string, number>();
  const validationCache = new Map<string, string[]>();
  for (let index = 0; index < touchpoints.length; index++) {
    const resolutionOfTouch = resolutions[index];
    const campaignIndex = resolutionOfTouch.campaignIndex;
    if (campaignIndex < 0) continue;
    const touchpoint = touchpoints[index];
    if (resolutionOfTouch.match === 'inferred') {
      inferred[campaignIndex]++;
      continue;
    }
    clicks[campaignIndex]++;
    contactsByCampaign[campaignIndex].add(touchpoint.contact_id);
    if (resolutionOfTouch.match === 'normalized' || resolutionOfTouch.match === 'fuzzy_tag') mangled[campaignIndex]++;
    if (touchpoint.url === '' || !/[?#&]utm_/i.test(touchpoint.url)) continue;
    let violations = validationCache.get(touchpoint.url);
    if (violations === undefined) {
      violations = validateTrackingUrl(touchpoint.url, rules);
      if (validationCache.size > 100_000) validationCache.clear();
      validationCache.set(touchpoint.url, violations);
    }
    if (violations.length > 0) violating[campaignIndex]++;
    for (const violation of violations) {
      const kind = violation.replace(/"(?:[^"\\]|\\.)*"/g, '…').replace(/\d+ characters/, 'N characters');
      violationCounts.set(kind, (violationCounts.get(kind) ?? 0) + 1);
    }
  }
  const byCampaign: CampaignUtmStats[] = campaigns.map((campaign, index) => ({
    key: campaign.campaign_id,
    name: campaign.name || campaign.campaign_id,
    clicks: clicks[index],
    contactsReached: contactsByCampaign[index].size,
    inferred: inferred[index],
    violatingTouches: violating[index],
    mangledTags: mangled[index],
  }));
  const creators = new Map<string, { name: string; clicks: number; contacts: Set<string>; inferred: number; violating: number; mangled: number }>();
  campaigns.forEach((campaign, index) => {
    if (campaign.influencer_id === '') return;
    let creator = creators.get(campaign.influencer_id);
    if (!creator) creators.set(campaign.influencer_id, (creator = { name: campaign.influencer_handle || campaign.influencer_id, clicks: 0, contacts: new Set(), inferred: 0, violating: 0, mangled: 0 }));
    creator.clicks += clicks[index];
    creator.inferred += inferred[index];
    creator.violating += violating[index];
    creator.mangled += mangled[index];
    for (const contact of contactsByCampaign[index]) creator.contacts.add(contact);
  });
  return {
    byCampaign,
    byCreator: [...creators].map(([key, creator]) => ({
      key,
      name: creator.name,
      clicks: creator.clicks,
      contactsReached: creator.contacts.size,
      inferred: creator.inferred,
      violatingTouches: creator.violating,
      mangledTags: creator.mangled,
    })),
    unmatchedTags: resolution.topUnmatchedTags,
    violationsByMessage: [...violationCounts].sort((left, right) => right[1] - left[1]),
    resolution,
  };
}
