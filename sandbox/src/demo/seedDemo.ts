import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDataset, datasetFiles, readDataset, type Dataset } from '@pipeline-attribution/core';
import type { HubSpotService } from '../hubspot/hubspotService';
import type { SalesforceService } from '../salesforce/salesforceService';
import { HUBSPOT_DEMO, hubspotStage, salesforceStage } from './demoSchema';

const DEMO_DIR = resolve(__dirname, '..', '..', '..', 'examples', 'demo');
const DAY = 86_400_000;

/** A small deterministic data set for when `examples/demo` is absent (two creators, a search campaign). */
function builtInDataset(): Dataset {
  const start = Date.UTC(2026, 0, 5);
  const campaigns = [
    { campaign_id: 'cmp-creator-1', name: 'maya.codes launch', channel: 'influencer', influencer_id: 'inf-1', influencer_handle: 'maya.codes', utm_source: 'instagram', utm_medium: 'influencer', utm_campaign: 'maya-launch', utm_content: '', promo_codes: ['MAYA10'], landing_url: '', branded_terms: [], start_at: start, end_at: null, cost: 2000, currency: 'USD' },
    { campaign_id: 'cmp-creator-2', name: 'devdan review', channel: 'influencer', influencer_id: 'inf-2', influencer_handle: 'devdan', utm_source: 'youtube', utm_medium: 'influencer', utm_campaign: 'devdan-review', utm_content: '', promo_codes: ['DAN15'], landing_url: '', branded_terms: [], start_at: start, end_at: null, cost: 3500, currency: 'USD' },
    { campaign_id: 'cmp-search', name: 'Brand search', channel: 'paid_search', influencer_id: '', influencer_handle: '', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand-search', utm_content: '', promo_codes: [], landing_url: '', branded_terms: [], start_at: start, end_at: null, cost: 1500, currency: 'USD' },
  ];
  const contacts = [];
  const touchpoints = [];
  const deals = [];
  const tags = [['instagram', 'influencer', 'maya-launch'], ['youtube', 'influencer', 'devdan-review'], ['google', 'cpc', 'brand-search']];
  for (let index = 1; index <= 60; index++) {
    const created = start + index * DAY;
    contacts.push({ contact_id: `c-${index}`, created_at: created });
    for (let touch = 0; touch < 3; touch++) {
      const [source, medium, campaign] = tags[(index + touch) % 3];
      touchpoints.push({ touchpoint_id: `tp-${index}-${touch}`, contact_id: `c-${index}`, occurred_at: created + touch * 3 * DAY, type: 'visit', url: `https://example.com/?utm_campaign=${campaign}`, referrer: '', utm_source: source, utm_medium: medium, utm_campaign: campaign, utm_term: '', utm_content: '', promo_code: '', search_query: '' });
    }
    if (index % 2 === 0) {
      const won = index % 4 === 0;
      deals.push({ deal_id: `d-${index}`, name: `Deal ${index}`, amount: 1000 * (1 + (index % 7)), currency: 'USD', stage: won ? 'closedwon' : 'qualified', created_at: created + 10 * DAY, closed_at: won ? created + 30 * DAY : null, is_won: won, contact_ids: [`c-${index}`] });
    }
  }
  return createDataset({ campaigns, contacts, touchpoints, deals } as unknown as Parameters<typeof createDataset>[0]);
}

/** The demo data: `examples/demo/*.csv` when present (another helper generates it), else the built-in set. */
export function loadDemoDataset(directory?: string): Dataset {
  if (directory !== undefined) return readDataset(datasetFiles(directory));
  if (existsSync(join(DEMO_DIR, 'deals.csv'))) return readDataset(datasetFiles(DEMO_DIR));
  return builtInDataset();
}

const iso = (millis: number | null | undefined): string | null => (millis === undefined || millis === null || Number.isNaN(millis) ? null : new Date(millis).toISOString());
const dateOnly = (millis: number): string => new Date(millis).toISOString().slice(0, 10);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

async function seedHubSpot(hubspot: HubSpotService, portalId: number, dataset: Dataset): Promise<void> {
  const call = (method: string, path: string, body?: unknown) => hubspot.invoke(portalId, method, path, body) as Promise<{ results: Array<{ id: string; properties: Record<string, string> }> }>;
  const text = (name: string) => ({ name, label: name, type: 'string', fieldType: 'text' });
  await call('POST', '/crm-object-schemas/v3/schemas', {
    name: HUBSPOT_DEMO.campaignObject, labels: { singular: 'Demo campaign', plural: 'Demo campaigns' },
    properties: HUBSPOT_DEMO.campaignProperties.map((name) => (name === 'campaign_id' ? { ...text(name), hasUniqueValue: true } : name === 'cost' ? { name, label: name, type: 'number', fieldType: 'number' } : name.endsWith('_at') ? { name, label: name, type: 'datetime', fieldType: 'date' } : text(name))),
    requiredProperties: ['campaign_id'], searchableProperties: ['name', 'campaign_id'], primaryDisplayProperty: 'name', associatedObjects: [],
  });
  await call('POST', '/crm-object-schemas/v3/schemas', {
    name: HUBSPOT_DEMO.touchpointObject, labels: { singular: 'Demo touchpoint', plural: 'Demo touchpoints' },
    properties: HUBSPOT_DEMO.touchpointProperties.map((name) => (name === 'touchpoint_key' ? { ...text(name), hasUniqueValue: true } : name === 'occurred_at' ? { name, label: name, type: 'datetime', fieldType: 'date' } : text(name))),
    requiredProperties: ['touchpoint_key', 'occurred_at'], searchableProperties: ['touchpoint_id'], primaryDisplayProperty: 'touchpoint_key', associatedObjects: ['CONTACT'],
  });
  await call('POST', '/crm/v3/properties/contacts', { ...text(HUBSPOT_DEMO.contactKey), label: 'Pipeline Attribution contact id', hasUniqueValue: true, groupName: 'contactinformation' });
  await call('POST', '/crm/v3/properties/deals', { ...text(HUBSPOT_DEMO.dealKey), label: 'Pipeline Attribution deal id', hasUniqueValue: true, groupName: 'dealinformation' });

  for (const batch of chunks(dataset.campaigns, 100)) {
    await call('POST', `/crm/v3/objects/${HUBSPOT_DEMO.campaignObject}/batch/create`, {
      inputs: batch.map((campaign) => ({ properties: {
        campaign_id: campaign.campaign_id, name: campaign.name, channel: campaign.channel, influencer_id: campaign.influencer_id, influencer_handle: campaign.influencer_handle,
        utm_source: campaign.utm_source, utm_medium: campaign.utm_medium, utm_campaign: campaign.utm_campaign, utm_content: campaign.utm_content,
        promo_codes: campaign.promo_codes.join(';'), landing_url: campaign.landing_url, branded_terms: campaign.branded_terms.join(';'),
        start_at: iso(campaign.start_at), end_at: iso(campaign.end_at), cost: campaign.cost === null ? null : String(campaign.cost), currency: campaign.currency,
      } })),
    });
  }
  const hubspotContactId = new Map<string, string>();
  for (const batch of chunks(dataset.contacts, 100)) {
    const created = await call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: batch.map((contact) => ({ properties: { email: `${contact.contact_id}@demo.example`, firstname: 'Demo', lastname: contact.contact_id, [HUBSPOT_DEMO.contactKey]: contact.contact_id, createdate: iso(contact.created_at) } })),
    });
    for (const record of created.results) hubspotContactId.set(record.properties[HUBSPOT_DEMO.contactKey], record.id);
  }
  const contactTouchpointType = hubspot.store.associationDefinitions(portalId).find((definition) => definition.name === `${HUBSPOT_DEMO.touchpointObject}_to_contacts`);
  for (const batch of chunks(dataset.touchpoints, 100)) {
    await call('POST', `/crm/v3/objects/${HUBSPOT_DEMO.touchpointObject}/batch/create`, {
      inputs: batch.map((touch) => ({
        properties: {
          touchpoint_key: `${touch.touchpoint_id}|${touch.contact_id}`, touchpoint_id: touch.touchpoint_id, contact_id: touch.contact_id, occurred_at: iso(touch.occurred_at), type: touch.type,
          url: touch.url, referrer: touch.referrer, utm_source: touch.utm_source, utm_medium: touch.utm_medium, utm_campaign: touch.utm_campaign, utm_term: touch.utm_term,
          utm_content: touch.utm_content, promo_code: touch.promo_code, search_query: touch.search_query,
        },
        associations: contactTouchpointType && hubspotContactId.has(touch.contact_id)
          ? [{ to: { id: hubspotContactId.get(touch.contact_id) as string }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: contactTouchpointType.typeId }] }]
          : [],
      })),
    });
  }
  for (const batch of chunks(dataset.deals, 100)) {
    await call('POST', '/crm/v3/objects/deals/batch/create', {
      inputs: batch.map((deal) => ({
        properties: {
          dealname: deal.name, amount: String(deal.amount), [HUBSPOT_DEMO.dealCurrency]: deal.currency, [HUBSPOT_DEMO.dealKey]: deal.deal_id,
          dealstage: hubspotStage(deal.stage, deal.closed_at !== null, deal.is_won), pipeline: 'default', createdate: iso(deal.created_at), closedate: iso(deal.closed_at),
        },
        associations: deal.contact_ids.filter((id) => hubspotContactId.has(id)).map((id) => ({ to: { id: hubspotContactId.get(id) as string }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] })),
      })),
    });
  }
}

async function seedSalesforce(salesforce: SalesforceService, orgId: string, dataset: Dataset): Promise<{ touchpointsSkipped: boolean }> {
  const save = async (records: Array<Record<string, unknown>>): Promise<Array<{ id: string | null; success: boolean; errors: unknown[] }>> => {
    const results: Array<{ id: string | null; success: boolean; errors: unknown[] }> = [];
    for (const batch of chunks(records, 200)) {
      const saved = (await salesforce.invoke(orgId, 'POST', '/composite/sobjects', { allOrNone: true, records: batch })) as typeof results;
      const failure = saved.find((result) => !result.success);
      if (failure) throw new Error(`Salesforce demo seeding failed: ${JSON.stringify(failure.errors)}`);
      results.push(...saved);
    }
    return results;
  };
  await save(dataset.campaigns.map((campaign) => ({
    attributes: { type: 'Campaign' }, Name: campaign.name.slice(0, 80), Type: campaign.influencer_id ? 'Influencer' : 'Advertisement', IsActive: true,
    StartDate: campaign.start_at === null ? null : dateOnly(campaign.start_at), EndDate: campaign.end_at === null ? null : dateOnly(campaign.end_at),
    ActualCost: campaign.cost ?? null, CurrencyIsoCode: campaign.currency || 'USD',
  })));
  // People on a deal become Contacts; the others stay Leads, as in an org that converts leads when an opportunity opens.
  const onDeal = new Set(dataset.deals.flatMap((deal) => deal.contact_ids));
  const people = dataset.contacts.map((contact) => ({ contact, isContact: onDeal.has(contact.contact_id) }));
  const saved = await save(people.map(({ contact, isContact }) => ({
    attributes: { type: isContact ? 'Contact' : 'Lead' }, FirstName: 'Demo', LastName: contact.contact_id, Email: `${contact.contact_id}@demo.example`,
    ...(isContact ? {} : { Company: 'Demo prospect' }),
  })));
  const personId = new Map(people.map(({ contact, isContact }, index) => [contact.contact_id, { id: saved[index].id as string, isContact }]));
  const opportunities = await save(dataset.deals.map((deal) => ({
    attributes: { type: 'Opportunity' }, Name: deal.name.slice(0, 120), Amount: deal.amount, CurrencyIsoCode: deal.currency || 'USD',
    StageName: salesforceStage(deal.stage, deal.closed_at !== null, deal.is_won), CloseDate: dateOnly(deal.closed_at ?? deal.created_at + 90 * DAY),
  })));
  await save(dataset.deals.flatMap((deal, index) => deal.contact_ids.filter((id) => personId.get(id)?.isContact).map((id, position) => ({
    attributes: { type: 'OpportunityContactRole' }, OpportunityId: opportunities[index].id, ContactId: personId.get(id)?.id, IsPrimary: position === 0, Role: 'Decision Maker',
  }))));
  const touchpoint = salesforce.registry.find('Attribution_Touchpoint__c');
  if (!touchpoint) return { touchpointsSkipped: true };
  const has = (name: string) => touchpoint.fieldsByLowerName.has(name.toLowerCase());
  await save(dataset.touchpoints.map((touch) => {
    const person = personId.get(touch.contact_id);
    const record: Record<string, unknown> = { attributes: { type: 'Attribution_Touchpoint__c' } };
    const values: Record<string, unknown> = {
      External_Key__c: `${touch.touchpoint_id}|${touch.contact_id}`, Touchpoint_Id__c: touch.touchpoint_id, Contact_Key__c: touch.contact_id,
      Occurred_At__c: iso(touch.occurred_at), Type__c: touch.type, Url__c: touch.url || null, Referrer__c: touch.referrer || null, UTM_Source__c: touch.utm_source || null,
      UTM_Medium__c: touch.utm_medium || null, UTM_Campaign__c: touch.utm_campaign || null, UTM_Term__c: touch.utm_term || null, UTM_Content__c: touch.utm_content || null,
      Promo_Code__c: touch.promo_code || null, Search_Query__c: touch.search_query || null,
      [person?.isContact ? 'Contact__c' : 'Lead__c']: person?.id ?? null,
    };
    for (const [name, value] of Object.entries(values)) if (has(name)) record[name] = typeof value === 'string' ? value.slice(0, touchpoint.fieldsByLowerName.get(name.toLowerCase())?.length || undefined) : value;
    return record;
  }));
  return { touchpointsSkipped: false };
}

/**
 * Seeds the first portal and org with the demo data (creator programmes as campaigns, contacts and
 * leads, deals and opportunities with their contacts, touchpoints) through the emulators' own routes.
 */
export async function seedDemo(hubspot: HubSpotService, salesforce: SalesforceService, dataset: Dataset = loadDemoDataset()): Promise<void> {
  await seedHubSpot(hubspot, hubspot.portals()[0].portalId, dataset);
  await seedSalesforce(salesforce, salesforce.orgs()[0].orgId, dataset);
}
