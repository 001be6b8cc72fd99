import type { SyncKind, SyncPayload } from '@pipeline-attribution/core/dist/sync/syncRecords';

/**
 * The HubSpot side of the data model, declared once: setup creates or patches the portal to it, and
 * the adapter maps sync records to and from these properties. Bump SCHEMA_VERSION when it changes;
 * setup records the version in each schema's description.
 */
export const SCHEMA_VERSION = 1;
export const PROPERTY_GROUP = 'pipeline_attribution';

export type HubspotPropertyType = 'string' | 'number' | 'datetime' | 'bool';

export interface DeclaredProperty {
  readonly name: string;
  readonly label: string;
  readonly type: HubspotPropertyType;
  /** A unique-value property: the idProperty of batch upserts (idempotent writes). */
  readonly unique?: boolean;
}

export interface DeclaredObject {
  /** The custom object's name (its fullyQualifiedName is p<portalId>_<name>), or a standard object's. */
  readonly name: string;
  readonly custom: boolean;
  readonly kind?: SyncKind;
  readonly singular: string;
  readonly plural: string;
  readonly keyProperty: string;
  readonly primaryDisplayProperty?: string;
  readonly searchable: readonly string[];
  readonly properties: readonly DeclaredProperty[];
  /** Association definitions to create from this object (to standard object names or other declared custom objects). */
  readonly associations: readonly string[];
}

const string = (name: string, label: string): DeclaredProperty => ({ name, label, type: 'string' });
const key = (name: string, label: string): DeclaredProperty => ({ name, label, type: 'string', unique: true });
const number = (name: string, label: string): DeclaredProperty => ({ name, label, type: 'number' });
const datetime = (name: string, label: string): DeclaredProperty => ({ name, label, type: 'datetime' });

const creditProperties: DeclaredProperty[] = [
  key('pa_credit_key', 'Credit key'),
  string('pa_model', 'Model'),
  string('pa_deal_key', 'Deal key'),
  string('pa_touchpoint_key', 'Touchpoint key'),
  string('pa_contact_key', 'Contact key'),
  string('pa_campaign_key', 'Campaign key'),
  string('pa_creator_key', 'Creator key'),
  string('pa_channel', 'Channel'),
  number('pa_share', 'Share'),
  number('pa_credit', 'Credit'),
  { name: 'pa_is_won', label: 'Won', type: 'bool' },
  datetime('pa_closed_at', 'Closed at'),
];

export const HUBSPOT_OBJECTS: readonly DeclaredObject[] = [
  {
    name: 'pa_creator',
    custom: true,
    kind: 'creator',
    singular: 'Creator',
    plural: 'Creators',
    keyProperty: 'pa_creator_key',
    primaryDisplayProperty: 'pa_handle',
    searchable: ['pa_creator_key', 'pa_handle'],
    associations: [],
    properties: [key('pa_creator_key', 'Creator key'), string('pa_handle', 'Handle'), string('pa_channel', 'Channel')],
  },
  {
    // HubSpot's own Campaigns object is a marketing-hub asset with its own API; our campaign attribution
    // fields live on a custom object that credits associate to.
    name: 'pa_campaign',
    custom: true,
    kind: 'campaign',
    singular: 'Attribution campaign',
    plural: 'Attribution campaigns',
    keyProperty: 'pa_campaign_key',
    primaryDisplayProperty: 'pa_name',
    searchable: ['pa_campaign_key', 'pa_name', 'pa_utm_campaign'],
    associations: [],
    properties: [
      key('pa_campaign_key', 'Campaign key'),
      string('pa_name', 'Name'),
      string('pa_channel', 'Channel'),
      string('pa_creator_key', 'Creator key'),
      string('pa_utm_source', 'UTM source'),
      string('pa_utm_medium', 'UTM medium'),
      string('pa_utm_campaign', 'UTM campaign'),
      string('pa_utm_content', 'UTM content'),
      string('pa_promo_codes', 'Promo codes'),
      string('pa_landing_url', 'Landing URL'),
      string('pa_branded_terms', 'Branded terms'),
      datetime('pa_post_time', 'Post time'),
      datetime('pa_end_time', 'End time'),
      number('pa_cost', 'Cost'),
      string('pa_currency', 'Currency'),
      number('pa_attributed_pipeline', 'Attributed pipeline'),
      number('pa_attributed_revenue', 'Attributed revenue'),
      number('pa_attributed_deals', 'Attributed deals'),
      number('pa_cost_per_opportunity', 'Cost per opportunity'),
      number('pa_roi', 'ROI'),
    ],
  },
  {
    name: 'pa_touchpoint',
    custom: true,
    kind: 'touchpoint',
    singular: 'Attribution touchpoint',
    plural: 'Attribution touchpoints',
    keyProperty: 'pa_touchpoint_key',
    primaryDisplayProperty: 'pa_touchpoint_key',
    searchable: ['pa_touchpoint_key', 'pa_contact_key', 'pa_campaign_key'],
    associations: ['contacts', 'deals'],
    properties: [
      key('pa_touchpoint_key', 'Touchpoint key'),
      string('pa_touchpoint_id', 'Touchpoint id'),
      string('pa_contact_key', 'Contact key'),
      datetime('pa_occurred_at', 'Occurred at'),
      string('pa_type', 'Type'),
      string('pa_url', 'URL'),
      string('pa_referrer', 'Referrer'),
      string('pa_utm_source', 'UTM source'),
      string('pa_utm_medium', 'UTM medium'),
      string('pa_utm_campaign', 'UTM campaign'),
      string('pa_utm_term', 'UTM term'),
      string('pa_utm_content', 'UTM content'),
      string('pa_promo_code', 'Promo code'),
      string('pa_search_query', 'Search query'),
      string('pa_campaign_key', 'Campaign key'),
      string('pa_creator_key', 'Creator key'),
      string('pa_channel', 'Channel'),
    ],
  },
  {
    name: 'pa_credit',
    custom: true,
    kind: 'credit',
    singular: 'Pipeline attribution',
    plural: 'Pipeline attributions',
    keyProperty: 'pa_credit_key',
    primaryDisplayProperty: 'pa_credit_key',
    searchable: ['pa_credit_key', 'pa_deal_key', 'pa_contact_key', 'pa_model'],
    associations: ['deals', 'pa_campaign'],
    properties: creditProperties,
  },
  {
    // Revenue attribution = credits of won deals; kept as its own object so reports on revenue need no filter.
    name: 'pa_revenue_credit',
    custom: true,
    kind: 'revenue',
    singular: 'Revenue attribution',
    plural: 'Revenue attributions',
    keyProperty: 'pa_credit_key',
    primaryDisplayProperty: 'pa_credit_key',
    searchable: ['pa_credit_key', 'pa_deal_key', 'pa_contact_key', 'pa_model'],
    associations: ['deals', 'pa_campaign'],
    properties: creditProperties,
  },
  {
    name: 'pa_campaign_outcome',
    custom: true,
    kind: 'outcome',
    singular: 'Campaign outcome',
    plural: 'Campaign outcomes',
    keyProperty: 'pa_outcome_key',
    primaryDisplayProperty: 'pa_outcome_key',
    searchable: ['pa_outcome_key', 'pa_campaign_key', 'pa_model'],
    associations: ['pa_campaign'],
    properties: [
      key('pa_outcome_key', 'Outcome key'),
      string('pa_campaign_key', 'Campaign key'),
      string('pa_model', 'Model'),
      datetime('pa_period_start', 'Period start'),
      datetime('pa_period_end', 'Period end'),
      number('pa_contacts', 'Contacts'),
      number('pa_deals', 'Deals'),
      number('pa_pipeline', 'Pipeline'),
      number('pa_revenue', 'Revenue'),
      number('pa_cost', 'Cost'),
      number('pa_cost_per_opportunity', 'Cost per opportunity'),
      number('pa_roi', 'ROI'),
    ],
  },
  {
    name: 'contacts',
    custom: false,
    kind: 'contact',
    singular: 'Contact',
    plural: 'Contacts',
    keyProperty: 'pa_contact_key',
    searchable: [],
    associations: [],
    properties: [key('pa_contact_key', 'Attribution contact key'), datetime('pa_became_contact_at', 'Became a contact at')],
  },
  {
    name: 'deals',
    custom: false,
    kind: 'deal',
    singular: 'Deal',
    plural: 'Deals',
    keyProperty: 'pa_deal_key',
    searchable: [],
    associations: [],
    properties: [key('pa_deal_key', 'Attribution deal key'), string('pa_contact_keys', 'Attribution contact keys')],
  },
];

export function declaredObjectOf(kind: SyncKind): DeclaredObject {
  const found = HUBSPOT_OBJECTS.find((object) => object.kind === kind);
  if (!found) throw new Error(`no HubSpot object for ${kind}`);
  return found;
}

const iso = (epochMs: number | null) => (epochMs === null ? '' : new Date(epochMs).toISOString());

/** Sync payload → HubSpot properties (all strings, as the API takes them). */
export function toHubspotProperties(kind: SyncKind, payload: SyncPayload<SyncKind>): Record<string, string> {
  switch (kind) {
    case 'creator': {
      const creator = payload as SyncPayload<'creator'>;
      return { pa_creator_key: creator.influencer_id, pa_handle: creator.handle, pa_channel: creator.channel };
    }
    case 'campaign': {
      const campaign = payload as SyncPayload<'campaign'>;
      return {
        pa_campaign_key: campaign.campaign_id,
        pa_name: campaign.name,
        pa_channel: campaign.channel,
        pa_creator_key: campaign.influencer_id,
        pa_utm_source: campaign.utm_source,
        pa_utm_medium: campaign.utm_medium,
        pa_utm_campaign: campaign.utm_campaign,
        pa_utm_content: campaign.utm_content,
        pa_promo_codes: campaign.promo_codes.join(';'),
        pa_landing_url: campaign.landing_url,
        pa_branded_terms: campaign.branded_terms.join(';'),
        pa_post_time: iso(campaign.start_at),
        pa_end_time: iso(campaign.end_at),
        pa_cost: String(campaign.cost),
        pa_currency: campaign.currency,
      };
    }
    case 'contact': {
      const contact = payload as SyncPayload<'contact'>;
      return { pa_contact_key: contact.contact_id, pa_became_contact_at: iso(contact.created_at) };
    }
    case 'deal': {
      const deal = payload as SyncPayload<'deal'>;
      // Standard deal properties: dealname, amount, dealstage, createdate, closedate; won/lost follows from the stage.
      return {
        pa_deal_key: deal.deal_id,
        dealname: deal.name,
        amount: String(deal.amount),
        deal_currency_code: deal.currency,
        dealstage: deal.stage,
        createdate: iso(deal.created_at),
        closedate: iso(deal.closed_at),
        pa_contact_keys: deal.contact_ids.join(';'),
      };
    }
    case 'touchpoint': {
      const touchpoint = payload as SyncPayload<'touchpoint'>;
      return {
        pa_touchpoint_key: `${touchpoint.touchpoint_id}|${touchpoint.contact_id}`,
        pa_touchpoint_id: touchpoint.touchpoint_id,
        pa_contact_key: touchpoint.contact_id,
        pa_occurred_at: iso(touchpoint.occurred_at),
        pa_type: touchpoint.type,
        pa_url: touchpoint.url,
        pa_referrer: touchpoint.referrer,
        pa_utm_source: touchpoint.utm_source,
        pa_utm_medium: touchpoint.utm_medium,
        pa_utm_campaign: touchpoint.utm_campaign,
        pa_utm_term: touchpoint.utm_term,
        pa_utm_content: touchpoint.utm_content,
        pa_promo_code: touchpoint.promo_code,
        pa_search_query: touchpoint.search_query,
        pa_campaign_key: touchpoint.campaign_id,
        pa_creator_key: touchpoint.influencer_id,
        pa_channel: touchpoint.channel,
      };
    }
    case 'outcome': {
      const outcome = payload as SyncPayload<'outcome'>;
      const number = (value: number | null) => (value === null ? '' : String(value));
      return {
        pa_outcome_key: `${outcome.model}|${outcome.campaign_id}|${outcome.period_start}|${outcome.period_end}`,
        pa_campaign_key: outcome.campaign_id,
        pa_model: outcome.model,
        pa_period_start: iso(outcome.period_start),
        pa_period_end: iso(outcome.period_end),
        pa_contacts: String(outcome.contacts),
        pa_deals: String(outcome.deals),
        pa_pipeline: String(outcome.pipeline),
        pa_revenue: String(outcome.revenue),
        pa_cost: String(outcome.cost),
        pa_cost_per_opportunity: number(outcome.cost_per_opportunity),
        pa_roi: number(outcome.roi),
      };
    }
    case 'credit':
    case 'revenue': {
      const credit = payload as SyncPayload<'credit'>;
      return {
        pa_credit_key: `${credit.model}|${credit.deal_id}|${credit.touchpoint_id}|${credit.contact_id}`,
        pa_model: credit.model,
        pa_deal_key: credit.deal_id,
        pa_touchpoint_key: `${credit.touchpoint_id}|${credit.contact_id}`,
        pa_contact_key: credit.contact_id,
        pa_campaign_key: credit.campaign_id,
        pa_creator_key: credit.influencer_id,
        pa_channel: credit.channel,
        pa_share: String(credit.share),
        pa_credit: String(credit.credit),
        pa_is_won: String(credit.is_won),
        pa_closed_at: iso(credit.closed_at),
      };
    }
    default:
      throw new Error(`no HubSpot mapping for ${String(kind)}`);
  }
}

/** The properties to read back for a kind. */
export function propertyNamesOf(kind: SyncKind): string[] {
  return declaredObjectOf(kind).properties.map((property) => property.name);
}

const epoch = (value: string | null | undefined) => (value ? Date.parse(value) : null);
const plain = (value: string | null | undefined) => value ?? '';

/** HubSpot properties → a touchpoint or credit payload (what reconciliation compares). */
export function fromHubspotProperties(kind: SyncKind, properties: Record<string, string | null>): Partial<SyncPayload<SyncKind>> {
  if (kind === 'touchpoint') {
    return {
      touchpoint_id: plain(properties.pa_touchpoint_id),
      contact_id: plain(properties.pa_contact_key),
      occurred_at: epoch(properties.pa_occurred_at) ?? 0,
      type: plain(properties.pa_type),
      url: plain(properties.pa_url),
      referrer: plain(properties.pa_referrer),
      utm_source: plain(properties.pa_utm_source),
      utm_medium: plain(properties.pa_utm_medium),
      utm_campaign: plain(properties.pa_utm_campaign),
      utm_term: plain(properties.pa_utm_term),
      utm_content: plain(properties.pa_utm_content),
      promo_code: plain(properties.pa_promo_code),
      search_query: plain(properties.pa_search_query),
      campaign_id: plain(properties.pa_campaign_key),
      influencer_id: plain(properties.pa_creator_key),
      channel: plain(properties.pa_channel),
    };
  }
  if (kind === 'credit' || kind === 'revenue') {
    const [, , touchpointId] = plain(properties.pa_credit_key).split('|');
    return {
      model: plain(properties.pa_model),
      deal_id: plain(properties.pa_deal_key),
      touchpoint_id: touchpointId ?? '',
      contact_id: plain(properties.pa_contact_key),
      campaign_id: plain(properties.pa_campaign_key),
      influencer_id: plain(properties.pa_creator_key),
      channel: plain(properties.pa_channel),
      share: Number(properties.pa_share ?? 0),
      credit: Number(properties.pa_credit ?? 0),
      is_won: properties.pa_is_won === 'true',
      closed_at: epoch(properties.pa_closed_at),
    };
  }
  return {};
}
