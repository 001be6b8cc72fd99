import type { DatasetTables } from '../dataset/dataset';

export interface SyntheticSyncDataOptions {
  readonly touchpoints: number;
  /** Touchpoints per contact on average (default 20). */
  readonly touchpointsPerContact?: number;
  readonly campaigns?: number;
  readonly seed?: number;
}

/**
 * A deterministic data set of a given size for the sync tests and benchmarks (not for model accuracy):
 * creator and channel campaigns, contacts with touches spread over 180 days, a deal for every third
 * contact (with one to three contacts), a third of the deals won and a sixth lost.
 */
export function syntheticSyncTables(options: SyntheticSyncDataOptions): DatasetTables {
  let state = options.seed ?? 20_260_101;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const start = Date.UTC(2026, 0, 1);
  const day = 86_400_000;
  const campaignCount = options.campaigns ?? 24;
  const campaigns = Array.from({ length: campaignCount }, (_, index) => {
    const creator = index % 3 !== 2;
    return {
      campaign_id: `cmp-${index}`,
      name: `Campaign ${index}`,
      channel: creator ? 'creator' : index % 2 ? 'paid_social' : 'email',
      influencer_id: creator ? `inf-${index % 8}` : '',
      influencer_handle: creator ? `@creator${index % 8}` : '',
      utm_source: creator ? 'youtube' : 'newsletter',
      utm_medium: creator ? 'influencer' : 'email',
      utm_campaign: `campaign-${index}`,
      utm_content: '',
      promo_codes: creator ? [`CODE${index}`] : [],
      landing_url: `https://example.com/lp/${index}`,
      branded_terms: [],
      start_at: start,
      end_at: start + 365 * day,
      cost: 1000 + index * 250,
      currency: 'USD',
    };
  });
  const contactCount = Math.max(1, Math.ceil(options.touchpoints / (options.touchpointsPerContact ?? 20)));
  const contacts = Array.from({ length: contactCount }, (_, index) => ({
    contact_id: `ct-${index}`,
    created_at: start + Math.floor(random() * 30) * day,
  }));
  const touchpoints = Array.from({ length: options.touchpoints }, (_, index) => {
    const contact = contacts[index % contactCount];
    const campaign = campaigns[Math.floor(random() * campaignCount)];
    const unattributed = random() < 0.15;
    return {
      touchpoint_id: `tp-${index}`,
      contact_id: contact.contact_id,
      occurred_at: contact.created_at + Math.floor(random() * 150 * day),
      type: random() < 0.7 ? 'click' : 'visit',
      url: `https://example.com/lp/${campaign.campaign_id.slice(4)}`,
      referrer: '',
      utm_source: unattributed ? '' : campaign.utm_source,
      utm_medium: unattributed ? '' : campaign.utm_medium,
      utm_campaign: unattributed ? '' : campaign.utm_campaign,
      utm_term: '',
      utm_content: '',
      promo_code: '',
      search_query: '',
    };
  });
  const deals = [];
  for (let index = 0; index * 3 < contactCount; index++) {
    const contactIds = [contacts[index * 3].contact_id];
    if (index * 3 + 1 < contactCount && random() < 0.5) contactIds.push(contacts[index * 3 + 1].contact_id);
    if (index * 3 + 2 < contactCount && random() < 0.3) contactIds.push(contacts[index * 3 + 2].contact_id);
    const outcome = random();
    const createdAt = start + (60 + Math.floor(random() * 60)) * day;
    const closed = outcome < 0.5;
    deals.push({
      deal_id: `deal-${index}`,
      name: `Deal ${index}`,
      amount: 5000 + Math.floor(random() * 95) * 1000,
      currency: 'USD',
      stage: closed ? (outcome < 0.33 ? 'closedwon' : 'closedlost') : 'Qualification',
      created_at: createdAt,
      closed_at: closed ? createdAt + Math.floor(random() * 60) * day : null,
      is_won: outcome < 0.33,
      contact_ids: contactIds,
    });
  }
  return { campaigns, contacts, deals, touchpoints };
}
