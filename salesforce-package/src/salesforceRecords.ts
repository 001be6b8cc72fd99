import type { SyncKind, SyncPayload } from '@pipeline-attribution/core/dist/sync';

/** Lookup Ids resolved for one record (by external key), or null when the referenced record is absent. */
export interface ResolvedLookups {
  readonly contactId?: string | null;
  readonly leadId?: string | null;
  readonly campaignId?: string | null;
  readonly creatorId?: string | null;
  readonly opportunityId?: string | null;
  readonly touchpointId?: string | null;
}

/** Standard open stages of the default sales process; anything else from another CRM starts at Prospecting. */
const OPEN_STAGES = new Set([
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
]);
const DAY_MS = 86_400_000;

const isoDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);
const isoDateTime = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());
const orNull = (text: string) => (text === '' ? null : text);
/** Name fields have hard limits (Campaign 80, Opportunity 120, Contact LastName 80, Creator 80). */
const clip = (text: string, length: number) => (text.length > length ? text.slice(0, length) : text);

/** A Salesforce stage for a deal: won and lost map to the closed stages; open stages pass through when standard. */
export function opportunityStage(deal: SyncPayload<'deal'>): string {
  if (deal.closed_at !== null) return deal.is_won ? 'Closed Won' : 'Closed Lost';
  return OPEN_STAGES.has(deal.stage) ? deal.stage : 'Prospecting';
}

/**
 * The sObject fields of a sync record (unprefixed API names; the adapter applies the namespace).
 * Empty texts are sent as null so a cleared value clears the field.
 */
export function salesforceFields(
  kind: Exclude<SyncKind, 'influence'>,
  payload: SyncPayload<SyncKind>,
  lookups: ResolvedLookups,
): Record<string, unknown> {
  switch (kind) {
    case 'creator': {
      const creator = payload as SyncPayload<'creator'>;
      return { Name: clip(creator.handle || creator.influencer_id, 80), Handle__c: orNull(creator.handle), Channel__c: orNull(creator.channel) };
    }
    case 'campaign': {
      const campaign = payload as SyncPayload<'campaign'>;
      return {
        Name: clip(campaign.name || campaign.campaign_id, 80),
        Channel__c: orNull(campaign.channel),
        Creator__c: lookups.creatorId ?? null,
        UTM_Source__c: orNull(campaign.utm_source),
        UTM_Medium__c: orNull(campaign.utm_medium),
        UTM_Campaign__c: orNull(campaign.utm_campaign),
        UTM_Content__c: orNull(campaign.utm_content),
        Promo_Codes__c: orNull(campaign.promo_codes.join(';')),
        Landing_URL__c: orNull(campaign.landing_url),
        Branded_Terms__c: orNull(campaign.branded_terms.join(';')),
        Post_Time__c: isoDateTime(campaign.start_at),
        StartDate: campaign.start_at === null ? null : isoDate(campaign.start_at),
        EndDate: campaign.end_at === null ? null : isoDate(campaign.end_at),
        ActualCost: campaign.cost,
      };
    }
    case 'contact': {
      const contact = payload as SyncPayload<'contact'>;
      // Imported people get their key as LastName (required); real orgs match existing contacts by the key field.
      return { LastName: clip(contact.contact_id, 80) };
    }
    case 'deal': {
      const deal = payload as SyncPayload<'deal'>;
      // CloseDate is required: the close date of a closed deal, else an expected date 90 days after creation.
      return {
        Name: clip(deal.name || deal.deal_id, 120),
        Amount: deal.amount,
        StageName: opportunityStage(deal),
        CloseDate: isoDate(deal.closed_at ?? deal.created_at + 90 * DAY_MS),
      };
    }
    case 'touchpoint': {
      const touchpoint = payload as SyncPayload<'touchpoint'>;
      return {
        Touchpoint_Id__c: touchpoint.touchpoint_id,
        Contact_Key__c: touchpoint.contact_id,
        Contact__c: lookups.contactId ?? null,
        Lead__c: lookups.leadId ?? null,
        Campaign__c: lookups.campaignId ?? null,
        Creator__c: lookups.creatorId ?? null,
        Occurred_At__c: isoDateTime(touchpoint.occurred_at),
        Type__c: touchpoint.type,
        Channel__c: orNull(touchpoint.channel),
        Url__c: orNull(touchpoint.url),
        Referrer__c: orNull(touchpoint.referrer),
        UTM_Source__c: orNull(touchpoint.utm_source),
        UTM_Medium__c: orNull(touchpoint.utm_medium),
        UTM_Campaign__c: orNull(touchpoint.utm_campaign),
        UTM_Term__c: orNull(touchpoint.utm_term),
        UTM_Content__c: orNull(touchpoint.utm_content),
        Promo_Code__c: orNull(touchpoint.promo_code),
        Search_Query__c: orNull(touchpoint.search_query),
      };
    }
    case 'outcome': {
      const outcome = payload as SyncPayload<'outcome'>;
      return {
        Campaign__c: lookups.campaignId ?? null,
        Campaign_Key__c: outcome.campaign_id,
        Model__c: outcome.model,
        Period_Start__c: isoDate(outcome.period_start),
        Period_End__c: isoDate(outcome.period_end),
        Contacts__c: outcome.contacts,
        Deals__c: outcome.deals,
        Pipeline__c: outcome.pipeline,
        Revenue__c: outcome.revenue,
        Cost__c: outcome.cost,
        Cost_Per_Opportunity__c: outcome.cost_per_opportunity,
        ROI__c: outcome.roi,
      };
    }
    case 'credit':
    case 'revenue': {
      const credit = payload as SyncPayload<'credit'>;
      const fields: Record<string, unknown> = {
        Model__c: credit.model,
        Deal_Key__c: credit.deal_id,
        Touchpoint_Key__c: `${credit.touchpoint_id}|${credit.contact_id}`,
        Contact_Key__c: credit.contact_id,
        Campaign_Key__c: orNull(credit.campaign_id),
        Creator_Key__c: orNull(credit.influencer_id),
        Channel__c: orNull(credit.channel),
        Share__c: credit.share,
        Credit__c: Math.round(credit.credit * 100) / 100,
        Opportunity__c: lookups.opportunityId ?? null,
        Campaign__c: lookups.campaignId ?? null,
        Contact__c: lookups.contactId ?? null,
        Creator__c: lookups.creatorId ?? null,
        Touchpoint__c: lookups.touchpointId ?? null,
      };
      if (kind === 'revenue') fields.Closed_Date__c = credit.closed_at === null ? null : isoDate(credit.closed_at);
      return fields;
    }
    default:
      throw new Error(`no Salesforce mapping for ${String(kind)}`);
  }
}

/** Salesforce fields → the sync payload fields reconciliation compares. */
export function payloadFromSalesforce(kind: SyncKind, record: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string) => (record[name] === null || record[name] === undefined ? '' : String(record[name]));
  if (kind === 'touchpoint') {
    return {
      touchpoint_id: text('Touchpoint_Id__c'),
      contact_id: text('Contact_Key__c'),
      occurred_at: Date.parse(text('Occurred_At__c')),
      type: text('Type__c'),
      url: text('Url__c'),
      referrer: text('Referrer__c'),
      utm_source: text('UTM_Source__c'),
      utm_medium: text('UTM_Medium__c'),
      utm_campaign: text('UTM_Campaign__c'),
      utm_term: text('UTM_Term__c'),
      utm_content: text('UTM_Content__c'),
      promo_code: text('Promo_Code__c'),
      search_query: text('Search_Query__c'),
      channel: text('Channel__c'),
    };
  }
  if (kind === 'credit' || kind === 'revenue') {
    return {
      model: text('Model__c'),
      deal_id: text('Deal_Key__c'),
      contact_id: text('Contact_Key__c'),
      campaign_id: text('Campaign_Key__c'),
      influencer_id: text('Creator_Key__c'),
      channel: text('Channel__c'),
      share: Number(record.Share__c ?? 0),
    };
  }
  return {};
}

/** The fields readAll selects for a kind (what payloadFromSalesforce reads). */
/** The fields of `Attribution_Touchpoint__c` that carry the CSV interchange's touchpoint columns. */
export const TOUCHPOINT_DATA_FIELDS = [
  'Touchpoint_Id__c',
  'Contact_Key__c',
  'Occurred_At__c',
  'Type__c',
  'Url__c',
  'Referrer__c',
  'UTM_Source__c',
  'UTM_Medium__c',
  'UTM_Campaign__c',
  'UTM_Term__c',
  'UTM_Content__c',
  'Promo_Code__c',
  'Search_Query__c',
] as const;

export const READ_FIELDS: Partial<Record<SyncKind, readonly string[]>> = {
  touchpoint: [...TOUCHPOINT_DATA_FIELDS, 'Channel__c'],
  credit: ['Model__c', 'Deal_Key__c', 'Contact_Key__c', 'Campaign_Key__c', 'Creator_Key__c', 'Channel__c', 'Share__c', 'Credit__c'],
  revenue: ['Model__c', 'Deal_Key__c', 'Contact_Key__c', 'Campaign_Key__c', 'Creator_Key__c', 'Channel__c', 'Share__c', 'Credit__c'],
};
