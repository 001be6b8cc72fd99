import type { Campaign, Contact, DatasetTables, Deal, Touchpoint } from '@pipeline-attribution/core';
import type { CallObserver, ReadScope } from '@pipeline-attribution/core/dist/sync';
import { bulkQuery } from './bulkQuery';
import type { SalesforceAdapter } from './salesforceAdapter';
import { TOUCHPOINT_DATA_FIELDS } from './salesforceRecords';
import { soqlDateTime, soqlIdentifier, soqlList, soqlString } from './soql';

type Row = Record<string, unknown>;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const time = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const raw = String(value);
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(parsed) ? parsed : null;
};
const list = (value: unknown) =>
  text(value)
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export interface SalesforceReadOptions {
  /** Read touchpoints through Bulk API 2.0 (large orgs); REST query + queryMore otherwise. */
  readonly bulk?: boolean;
}

/**
 * Reads the product's tables from Salesforce through jsforce: campaigns (with our attribution fields),
 * contacts and unconverted leads (people; key = Attribution_Key__c, else the record Id), opportunities
 * with their contact roles, and touchpoints — our Attribution_Touchpoint__c records plus campaign
 * members (a person's membership in a campaign is a touch at FirstRespondedDate, else when added).
 * `since` reads opportunities changed since then by SystemModstamp (incremental), `deal` one opportunity.
 */
export async function readSalesforceTables(
  adapter: SalesforceAdapter,
  scope: ReadScope,
  call: CallObserver,
  options: SalesforceReadOptions = {},
): Promise<DatasetTables> {
  const names = adapter.names;
  const name = (apiName: string) => soqlIdentifier(names.name(apiName));
  const query = async function* (soql: string): AsyncGenerator<Row> {
    let page = await adapter.read(call, () => adapter.connection.query<Row>(soql));
    for (;;) {
      yield* page.records;
      if (page.done || !page.nextRecordsUrl) return;
      const locator = page.nextRecordsUrl;
      page = await adapter.read(call, () => adapter.connection.queryMore<Row>(locator));
    }
  };
  const field = (row: Row, apiName: string) => row[names.name(apiName)];

  const campaigns: Campaign[] = [];
  const campaignKeyById = new Map<string, string>();
  const campaignUtmById = new Map<string, string>();
  for await (const row of query(
    `SELECT Id, Name, ${['Attribution_Key__c', 'Channel__c', 'UTM_Source__c', 'UTM_Medium__c', 'UTM_Campaign__c', 'UTM_Content__c', 'Promo_Codes__c', 'Landing_URL__c', 'Branded_Terms__c', 'Post_Time__c', 'Creator__r.External_Key__c', 'Creator__r.Handle__c'].map(name).join(', ')}, StartDate, EndDate, ActualCost FROM Campaign`,
  )) {
    const key = text(field(row, 'Attribution_Key__c')) || `salesforce-campaign-${text(row.Id)}`;
    const creator = (row[names.name('Creator__r')] ?? null) as Row | null;
    campaignKeyById.set(text(row.Id), key);
    const utmCampaign = text(field(row, 'UTM_Campaign__c'));
    campaignUtmById.set(text(row.Id), utmCampaign || key);
    const startAt = time(field(row, 'Post_Time__c')) ?? time(row.StartDate);
    const endAt = time(row.EndDate);
    campaigns.push({
      campaign_id: key,
      name: text(row.Name),
      channel: text(field(row, 'Channel__c')),
      influencer_id: creator ? text(creator[names.name('External_Key__c')]) : '',
      influencer_handle: creator ? text(creator[names.name('Handle__c')]) : '',
      utm_source: text(field(row, 'UTM_Source__c')),
      utm_medium: text(field(row, 'UTM_Medium__c')),
      utm_campaign: utmCampaign,
      utm_content: text(field(row, 'UTM_Content__c')),
      promo_codes: list(field(row, 'Promo_Codes__c')),
      landing_url: text(field(row, 'Landing_URL__c')),
      branded_terms: list(field(row, 'Branded_Terms__c')),
      start_at: startAt,
      end_at: endAt !== null && startAt !== null && endAt < startAt ? null : endAt,
      cost: Math.max(0, Number(row.ActualCost ?? 0) || 0),
      currency: '',
    });
  }

  const contacts: Contact[] = [];
  const contactKeys = new Set<string>();
  const personKeyById = new Map<string, string>();
  for await (const row of query(`SELECT Id, ${name('Attribution_Key__c')}, CreatedDate FROM Contact`)) {
    const key = text(field(row, 'Attribution_Key__c')) || `salesforce-contact-${text(row.Id)}`;
    personKeyById.set(text(row.Id), key);
    contactKeys.add(key);
    contacts.push({ contact_id: key, created_at: time(row.CreatedDate) ?? 0 });
  }
  for await (const row of query(`SELECT Id, ${name('Attribution_Key__c')}, CreatedDate FROM Lead WHERE IsConverted = false`)) {
    const key = text(field(row, 'Attribution_Key__c')) || `salesforce-lead-${text(row.Id)}`;
    personKeyById.set(text(row.Id), key);
    // A person both lead and contact under one key is one person (the contact).
    if (contactKeys.has(key)) continue;
    contactKeys.add(key);
    contacts.push({ contact_id: key, created_at: time(row.CreatedDate) ?? 0 });
  }

  const where =
    // The literal is whole seconds, so a change in the second before `since` may be re-read — never one missed.
    scope.mode === 'since'
      ? ` WHERE SystemModstamp >= ${soqlDateTime(scope.since)}`
      : scope.mode === 'deal'
        ? ` WHERE Id = ${soqlString(scope.dealId)} OR ${name('Attribution_Key__c')} = ${soqlString(scope.dealId)}`
        : '';
  const opportunities: Row[] = [];
  for await (const row of query(
    `SELECT Id, ${name('Attribution_Key__c')}, Name, Amount, StageName, CreatedDate, CloseDate, IsClosed, IsWon FROM Opportunity${where}`,
  ))
    opportunities.push(row);
  const contactsOfOpportunity = new Map<string, string[]>();
  for (let start = 0; start < opportunities.length; start += 200) {
    const ids = opportunities.slice(start, start + 200).map((row) => text(row.Id));
    for await (const role of query(`SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN ${soqlList(ids)}`)) {
      const key = personKeyById.get(text(role.ContactId));
      if (!key) continue;
      const roles = contactsOfOpportunity.get(text(role.OpportunityId)) ?? [];
      if (!roles.includes(key)) roles.push(key);
      contactsOfOpportunity.set(text(role.OpportunityId), roles);
    }
  }
  const deals: Deal[] = opportunities.map((row) => {
    const closed = row.IsClosed === true || row.IsClosed === 'true';
    const won = row.IsWon === true || row.IsWon === 'true';
    return {
      deal_id: text(field(row, 'Attribution_Key__c')) || `salesforce-opportunity-${text(row.Id)}`,
      name: text(row.Name),
      amount: Math.max(0, Number(row.Amount ?? 0) || 0),
      currency: '',
      stage: text(row.StageName),
      created_at: time(row.CreatedDate) ?? 0,
      closed_at: closed ? time(row.CloseDate) : null,
      is_won: closed && won,
      contact_ids: contactsOfOpportunity.get(text(row.Id)) ?? [],
    };
  });

  const knownPeople = contactKeys;
  const touchpoints: Touchpoint[] = [];
  const touchpointFields = ['External_Key__c', ...TOUCHPOINT_DATA_FIELDS];
  const touchpointSoql = `SELECT ${touchpointFields.map(name).join(', ')} FROM ${name('Attribution_Touchpoint__c')}`;
  const touchpointRows = options.bulk ? bulkQuery(adapter.connection, touchpointSoql, call) : query(touchpointSoql);
  for await (const row of touchpointRows) {
    const contactKey = text(field(row, 'Contact_Key__c'));
    if (!knownPeople.has(contactKey)) continue;
    touchpoints.push({
      touchpoint_id: text(field(row, 'Touchpoint_Id__c')),
      contact_id: contactKey,
      occurred_at: time(field(row, 'Occurred_At__c')) ?? 0,
      type: text(field(row, 'Type__c')) || 'unknown',
      url: text(field(row, 'Url__c')),
      referrer: text(field(row, 'Referrer__c')),
      utm_source: text(field(row, 'UTM_Source__c')),
      utm_medium: text(field(row, 'UTM_Medium__c')),
      utm_campaign: text(field(row, 'UTM_Campaign__c')),
      utm_term: text(field(row, 'UTM_Term__c')),
      utm_content: text(field(row, 'UTM_Content__c')),
      promo_code: text(field(row, 'Promo_Code__c')),
      search_query: text(field(row, 'Search_Query__c')),
    });
  }
  for await (const member of query('SELECT Id, CampaignId, ContactId, LeadId, FirstRespondedDate, CreatedDate FROM CampaignMember')) {
    const personKey = personKeyById.get(text(member.ContactId)) ?? personKeyById.get(text(member.LeadId));
    if (!personKey || !knownPeople.has(personKey)) continue;
    // The member's campaign is named through its utm_campaign, which is what resolution matches on.
    touchpoints.push({
      touchpoint_id: `campaign-member-${text(member.Id)}`,
      contact_id: personKey,
      occurred_at: time(member.FirstRespondedDate) ?? time(member.CreatedDate) ?? 0,
      type: 'campaign_member',
      url: '',
      referrer: '',
      utm_source: '',
      utm_medium: '',
      utm_campaign: campaignUtmById.get(text(member.CampaignId)) ?? '',
      utm_term: '',
      utm_content: '',
      promo_code: '',
      search_query: '',
    });
  }
  return { campaigns, contacts, deals, touchpoints };
}
