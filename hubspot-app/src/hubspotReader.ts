import type { Client } from '@hubspot/api-client';
import type { Campaign, Contact, DatasetTables, Deal, Touchpoint } from '@pipeline-attribution/core';
import type { CallObserver, ReadScope } from '@pipeline-attribution/core/dist/sync';
import type { HubspotAdapter } from './hubspotAdapter';
import { hubspotCall } from './hubspotCalls';

const LIST_PAGE = 100;

async function* listObjects(client: Client, call: CallObserver, objectType: string, properties: string[]) {
  let after: string | undefined;
  do {
    const page = await hubspotCall(call, () => client.crm.objects.basicApi.getPageWithHttpInfo(objectType, LIST_PAGE, after, properties));
    yield* page.results;
    after = page.paging?.next?.after;
  } while (after);
}

const epoch = (value: string | null | undefined): number | null => {
  if (!value) return null;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(parsed) ? parsed : null;
};
const list = (value: string | null | undefined) => (value ? value.split(';').filter((item) => item !== '') : []);

/** Deal stages of every deal pipeline: closed and won flags from the stage metadata (isClosed, probability 1.0 = won). */
async function dealStages(client: Client, call: CallObserver): Promise<Map<string, { closed: boolean; won: boolean }>> {
  const pipelines = await hubspotCall(call, () => client.crm.pipelines.pipelinesApi.getAllWithHttpInfo('deals'));
  const stages = new Map<string, { closed: boolean; won: boolean }>();
  for (const pipeline of pipelines.results) {
    for (const stage of pipeline.stages) {
      const closed = stage.metadata?.isClosed === 'true';
      stages.set(stage.id, { closed, won: closed && Number(stage.metadata?.probability) >= 1 });
    }
  }
  return stages;
}

/**
 * Reads the product's tables from HubSpot through the real client: attribution campaigns, contacts
 * (key: our pa_contact_key, else the HubSpot id), deals with their stages and contacts (deal–contact
 * associations, plus the contact keys a push recorded), and attribution touchpoints. `since` and `deal`
 * narrow the deals recomputed; journeys still need every touchpoint of their contacts, so those are read in full.
 */
export async function readHubspotTables(client: Client, adapter: HubspotAdapter, scope: ReadScope, call: CallObserver): Promise<DatasetTables> {
  const stages = await dealStages(client, call);
  const contacts: Contact[] = [];
  const contactKeyById = new Map<string, string>();
  for await (const contact of listObjects(client, call, 'contacts', ['pa_contact_key', 'pa_became_contact_at', 'createdate'])) {
    const key = contact.properties.pa_contact_key || `hubspot-contact-${contact.id}`;
    contactKeyById.set(contact.id, key);
    contacts.push({
      contact_id: key,
      created_at: epoch(contact.properties.pa_became_contact_at) ?? epoch(contact.properties.createdate) ?? contact.createdAt.getTime(),
    });
  }
  const knownContacts = new Set(contacts.map((contact) => contact.contact_id));

  const rawDeals: Array<{ id: string; properties: Record<string, string | null>; updatedAt: Date }> = [];
  for await (const deal of listObjects(client, call, 'deals', [
    'pa_deal_key',
    'pa_contact_keys',
    'dealname',
    'amount',
    'deal_currency_code',
    'dealstage',
    'createdate',
    'closedate',
    'hs_lastmodifieddate',
  ])) {
    const key = deal.properties.pa_deal_key || `hubspot-deal-${deal.id}`;
    if (scope.mode === 'deal' && scope.dealId !== key && scope.dealId !== deal.id) continue;
    if (scope.mode === 'since' && (epoch(deal.properties.hs_lastmodifieddate) ?? deal.updatedAt.getTime()) < scope.since) continue;
    rawDeals.push(deal);
  }
  const associated = new Map<string, string[]>();
  for (let start = 0; start < rawDeals.length; start += LIST_PAGE) {
    const chunk = rawDeals.slice(start, start + LIST_PAGE);
    const response = await hubspotCall(call, () =>
      client.crm.associations.v4.batchApi.getPageWithHttpInfo('deals', 'contacts', { inputs: chunk.map((deal) => ({ id: deal.id })) }),
    );
    for (const result of response.results) {
      associated.set(
        result._from.id,
        result.to.map((to) => contactKeyById.get(String(to.toObjectId))).filter((key): key is string => key !== undefined),
      );
    }
  }
  const deals: Deal[] = rawDeals.map((deal) => {
    const properties = deal.properties;
    const stage = stages.get(properties.dealstage ?? '') ?? { closed: false, won: false };
    const contactIds = [...new Set([...(associated.get(deal.id) ?? []), ...list(properties.pa_contact_keys)])].filter((key) =>
      knownContacts.has(key),
    );
    const closedAt = stage.closed ? epoch(properties.closedate) : null;
    return {
      deal_id: properties.pa_deal_key || `hubspot-deal-${deal.id}`,
      name: properties.dealname ?? '',
      amount: Math.max(0, Number(properties.amount ?? 0) || 0),
      currency: properties.deal_currency_code ?? '',
      stage: properties.dealstage ?? '',
      created_at: epoch(properties.createdate) ?? 0,
      closed_at: closedAt,
      is_won: stage.won && closedAt !== null,
      contact_ids: contactIds,
    };
  });

  const campaigns: Campaign[] = [];
  for await (const campaign of listObjects(client, call, await adapter.objectTypeOf('campaign', call), [
    'pa_campaign_key',
    'pa_name',
    'pa_channel',
    'pa_creator_key',
    'pa_utm_source',
    'pa_utm_medium',
    'pa_utm_campaign',
    'pa_utm_content',
    'pa_promo_codes',
    'pa_landing_url',
    'pa_branded_terms',
    'pa_post_time',
    'pa_end_time',
    'pa_cost',
    'pa_currency',
  ])) {
    const properties = campaign.properties;
    if (!properties.pa_campaign_key) continue;
    campaigns.push({
      campaign_id: properties.pa_campaign_key,
      name: properties.pa_name ?? '',
      channel: properties.pa_channel ?? '',
      influencer_id: properties.pa_creator_key ?? '',
      influencer_handle: '',
      utm_source: properties.pa_utm_source ?? '',
      utm_medium: properties.pa_utm_medium ?? '',
      utm_campaign: properties.pa_utm_campaign ?? '',
      utm_content: properties.pa_utm_content ?? '',
      promo_codes: list(properties.pa_promo_codes),
      landing_url: properties.pa_landing_url ?? '',
      branded_terms: list(properties.pa_branded_terms),
      start_at: epoch(properties.pa_post_time),
      end_at: epoch(properties.pa_end_time),
      cost: Math.max(0, Number(properties.pa_cost ?? 0) || 0),
      currency: properties.pa_currency ?? '',
    });
  }

  const touchpoints: Touchpoint[] = [];
  for await (const record of adapter.readAll('touchpoint', call)) {
    const payload = record.payload as Partial<Touchpoint>;
    if (!payload.contact_id || !knownContacts.has(payload.contact_id) || !payload.touchpoint_id) continue;
    touchpoints.push({
      touchpoint_id: payload.touchpoint_id,
      contact_id: payload.contact_id,
      occurred_at: payload.occurred_at ?? 0,
      type: payload.type || 'unknown',
      url: payload.url ?? '',
      referrer: payload.referrer ?? '',
      utm_source: payload.utm_source ?? '',
      utm_medium: payload.utm_medium ?? '',
      utm_campaign: payload.utm_campaign ?? '',
      utm_term: payload.utm_term ?? '',
      utm_content: payload.utm_content ?? '',
      promo_code: payload.promo_code ?? '',
      search_query: payload.search_query ?? '',
    });
  }
  return { campaigns, contacts, deals, touchpoints };
}
