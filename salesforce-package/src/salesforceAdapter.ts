import type { Connection } from 'jsforce';
import {
  backoffDelayMs,
  CrmCallError,
  DEFAULT_RETRY_SETTINGS,
  type CallObserver,
  type CrmAdapter,
  type CrmRecord,
  type RecordOutcome,
  type SyncKind,
  type SyncPayload,
  type SyncRecord,
} from '@pipeline-attribution/core/dist/sync';
import { bulkUpsert } from './bulkIngest';
import { CampaignInfluenceWriter } from './campaignInfluence';
import { reasonOf, type SaveResultLike } from './saveResults';
import { budgetFromLimitInfo, toSalesforceCallError } from './salesforceErrors';
import { SalesforceIdResolver } from './salesforceIdResolver';
import { KIND_TARGETS, SalesforceNames } from './salesforceNames';
import { payloadFromSalesforce, READ_FIELDS, salesforceFields, type ResolvedLookups } from './salesforceRecords';
import { soqlIdentifier, soqlList, soqlString } from './soql';

/** sObject Collections take at most 200 records per call (contract §d.2, MAX_DML_COUNT). */
export const SALESFORCE_COLLECTION_CAP = 200;

function missingParent(kind: SyncKind, record: SyncRecord, lookups: ResolvedLookups): string | undefined {
  if (kind === 'touchpoint' && !lookups.contactId && !lookups.leadId) {
    return `NOT_LINKED: no Contact or Lead with Attribution_Key__c ${JSON.stringify((record.payload as SyncPayload<'touchpoint'>).contact_id)} yet`;
  }
  if ((kind === 'credit' || kind === 'revenue') && !lookups.opportunityId) {
    return `NOT_LINKED: no Opportunity with Attribution_Key__c ${JSON.stringify((record.payload as SyncPayload<'credit'>).deal_id)} yet`;
  }
  return undefined;
}

export interface SalesforceAdapterOptions {
  readonly namespace?: string;
  readonly maxConcurrency?: number;
  /** Records per Bulk API 2.0 job for large kinds (touchpoints, credits); 0 = sObject Collections only. */
  readonly bulkBatchSize?: number;
  readonly bulkPollIntervalMs?: number;
}

/** Kinds whose volume warrants Bulk API 2.0 (the others are a few thousand records at most). */
const BULK_KINDS: ReadonlySet<SyncKind> = new Set(['touchpoint', 'credit', 'revenue']);

/**
 * The Salesforce adapter of the sync engine, through jsforce: upserts by External ID through sObject
 * Collections (200 per call, allOrNone false, so one bad record fails alone), lookups resolved from
 * external keys to Ids, opportunity contact roles for pushed deals, and CampaignInfluence rows under the
 * package's locked model (which has no external id: matched on model, opportunity, campaign and contact).
 */
export class SalesforceAdapter implements CrmAdapter {
  readonly name = 'salesforce' as const;
  readonly kinds: readonly SyncKind[] = ['creator', 'campaign', 'contact', 'deal', 'touchpoint', 'credit', 'revenue', 'influence', 'outcome'];
  readonly maxConcurrency: number;
  readonly names: SalesforceNames;
  readonly ids: SalesforceIdResolver;
  private readonly influence: CampaignInfluenceWriter;
  private readonly bulkBatchSize: number;
  private readonly bulkPollIntervalMs: number;

  constructor(
    readonly connection: Connection,
    options: SalesforceAdapterOptions = {},
  ) {
    this.bulkBatchSize = options.bulkBatchSize ?? 0;
    this.bulkPollIntervalMs = options.bulkPollIntervalMs ?? 1000;
    this.names = new SalesforceNames(options.namespace ?? '');
    this.ids = new SalesforceIdResolver(connection);
    this.influence = new CampaignInfluenceWriter(connection, this.names, this.ids, (call, action) => this.run(call, action));
    // jsforce allows 10 concurrent requests per connection by default (maxRequest, contract §d.1).
    this.maxConcurrency = options.maxConcurrency ?? 8;
  }

  batchCap(kind: SyncKind): number {
    return this.bulkBatchSize > 0 && BULK_KINDS.has(kind) ? this.bulkBatchSize : SALESFORCE_COLLECTION_CAP;
  }

  private observed(call: CallObserver): void {
    call.onCall(budgetFromLimitInfo(this.connection.limitInfo));
  }

  /** Runs a jsforce call, reports it, and turns its failure into the engine's kinds. */
  async run<T>(call: CallObserver, action: () => PromiseLike<T>): Promise<T> {
    try {
      const result = await action();
      this.observed(call);
      return result;
    } catch (error) {
      this.observed(call);
      throw toSalesforceCallError(error);
    }
  }

  /**
   * A read outside the engine's write path (sync reads, reconciliation, erasure): retried on 429, 5xx and
   * dropped connections with jittered backoff, as the engine retries writes. jsforce retries only some
   * GETs itself (request.js: 5 retries on 420/429/5xx), not every failure a query can meet.
   */
  async read<T>(call: CallObserver, action: () => PromiseLike<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.run(call, action);
      } catch (error) {
        const failure = error as CrmCallError;
        const retryable = failure.kind === 'rate-limit' || failure.kind === 'server' || failure.kind === 'network';
        if (!retryable || attempt + 1 >= DEFAULT_RETRY_SETTINGS.maxAttempts) throw failure;
        await new Promise((resolve) =>
          setTimeout(
            resolve,
            failure.details.retryAfterMs ?? backoffDelayMs(attempt, DEFAULT_RETRY_SETTINGS) + (failure.kind === 'rate-limit' ? 1000 : 0),
          ),
        );
      }
    }
  }

  async writeBatch(kind: SyncKind, records: readonly SyncRecord[], call: CallObserver): Promise<RecordOutcome[]> {
    if (kind === 'influence') return this.influence.write(records, call);
    const target = KIND_TARGETS[kind];
    const sobject = this.names.name(target.sobject);
    const externalIdField = this.names.name(target.externalIdField);
    const lookups = await this.resolveLookups(kind, records, call);
    const prefixed = (fields: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(fields).map(([field, value]) => [this.names.name(field), value]));
    // A touchpoint needs its person and a credit its opportunity: without them the record would be written
    // unlinked and stay so. They fail instead (dead letter), and the retry pass links them once the parent exists.
    const unlinked = records.map((record, index) => missingParent(kind, record, lookups[index]));
    const sendable = records.filter((_, index) => unlinked[index] === undefined);
    const body = sendable.map((record) => ({
      ...prefixed(salesforceFields(kind, record.payload, lookups[records.indexOf(record)])),
      [externalIdField]: record.key,
    }));
    const results =
      body.length === 0
        ? []
        : body.length > SALESFORCE_COLLECTION_CAP
          ? await this.bulkResults(sobject, externalIdField, body, call)
          : ((await this.run(call, () =>
              this.connection.sobject(sobject).upsert(body as never, externalIdField, { allOrNone: false }),
            )) as SaveResultLike[]);
    if (!Array.isArray(results) || results.length !== sendable.length)
      throw new CrmCallError(
        'server',
        `Salesforce returned ${Array.isArray(results) ? results.length : 'no'} results for ${sendable.length} records`,
      );
    const resultByKey = new Map(sendable.map((record, index) => [record.key, results[index]]));
    const outcomes = records.map((record, index): RecordOutcome => {
      const reason = unlinked[index];
      if (reason !== undefined) return { key: record.key, status: 'failed', reason };
      const result = resultByKey.get(record.key) as SaveResultLike;
      if (result.success && result.id) {
        this.ids.remember(sobject, record.key, result.id);
        return { key: record.key, status: 'written', crmId: result.id };
      }
      return { key: record.key, status: 'failed', reason: reasonOf(result) };
    });
    if (kind === 'deal') return this.linkContactRoles(records, outcomes, call);
    if (kind === 'outcome') return this.writeCampaignImpact(records, outcomes, call);
    return outcomes;
  }

  /** A Bulk API 2.0 job for a large batch, its per-row results in the order of the body. */
  private async bulkResults(
    sobject: string,
    externalIdField: string,
    body: Array<Record<string, unknown>>,
    call: CallObserver,
  ): Promise<SaveResultLike[]> {
    const byKey = await bulkUpsert(this.connection, sobject, externalIdField, body, call, {
      intervalMs: this.bulkPollIntervalMs,
      timeoutMs: 30 * 60_000,
    });
    return body.map((record) => {
      const result = byKey.get(String(record[externalIdField]));
      if (!result) return { success: false, errors: [{ statusCode: 'NO_RESULT', message: 'the bulk job returned no result for this row' }] };
      return result.success
        ? { success: true, id: result.id }
        : { success: false, errors: [{ statusCode: 'BULK_ERROR', message: result.error ?? '' }] };
    });
  }

  /** The primary model's outcome also goes on the Campaign's pipeline impact fields (upsert by Attribution_Key__c). */
  private async writeCampaignImpact(records: readonly SyncRecord[], outcomes: RecordOutcome[], call: CallObserver): Promise<RecordOutcome[]> {
    const primary = records
      .map((record, index) => ({ index, outcome: record.payload as SyncPayload<'outcome'> }))
      .filter(({ index, outcome }) => outcome.primary && outcomes[index].status === 'written');
    if (primary.length === 0) return outcomes;
    const keyField = this.names.name('Attribution_Key__c');
    const body = primary.map(({ outcome }) => ({
      [keyField]: outcome.campaign_id,
      [this.names.name('Attributed_Pipeline__c')]: outcome.pipeline,
      [this.names.name('Attributed_Revenue__c')]: outcome.revenue,
      [this.names.name('Attributed_Deals__c')]: outcome.deals,
      [this.names.name('Cost_Per_Opportunity__c')]: outcome.cost_per_opportunity,
      [this.names.name('ROI__c')]: outcome.roi,
    }));
    const results = (await this.run(call, () =>
      this.connection.sobject('Campaign').upsert(body as never, keyField, { allOrNone: false }),
    )) as SaveResultLike[];
    const failed = new Map<number, string>();
    results.forEach((result, position) => {
      if (!result.success) failed.set(primary[position].index, `campaign impact fields: ${reasonOf(result)}`);
    });
    return outcomes.map((outcome, index) =>
      failed.has(index) ? { key: outcome.key, status: 'failed', reason: failed.get(index) as string } : outcome,
    );
  }

  /** External keys → Ids for each record's lookups, one query per object per 200 unknown keys. */
  private async resolveLookups(kind: SyncKind, records: readonly SyncRecord[], call: CallObserver): Promise<ResolvedLookups[]> {
    const keyOf = (sobject: string) => this.names.name(KIND_TARGETS[sobject as keyof typeof KIND_TARGETS]?.externalIdField ?? 'Attribution_Key__c');
    const resolve = async (target: keyof typeof KIND_TARGETS, keys: string[]) =>
      this.ids.resolve(this.names.name(KIND_TARGETS[target].sobject), keyOf(target), keys, call);
    if (kind === 'campaign') {
      const creators = await resolve(
        'creator',
        records.map((record) => (record.payload as SyncPayload<'campaign'>).influencer_id),
      );
      return records.map((record) => ({ creatorId: creators.get((record.payload as SyncPayload<'campaign'>).influencer_id) ?? null }));
    }
    if (kind === 'touchpoint') {
      const payloads = records.map((record) => record.payload as SyncPayload<'touchpoint'>);
      const contacts = await resolve(
        'contact',
        payloads.map((payload) => payload.contact_id),
      );
      const leadKeys = payloads.filter((payload) => !contacts.get(payload.contact_id)).map((payload) => payload.contact_id);
      const leads =
        leadKeys.length > 0
          ? await this.ids.resolve(this.names.name('Lead'), this.names.name('Attribution_Key__c'), leadKeys, call)
          : new Map<string, string | null>();
      const campaigns = await resolve(
        'campaign',
        payloads.map((payload) => payload.campaign_id),
      );
      const creators = await resolve(
        'creator',
        payloads.map((payload) => payload.influencer_id),
      );
      return payloads.map((payload) => ({
        contactId: contacts.get(payload.contact_id) ?? null,
        leadId: leads.get(payload.contact_id) ?? null,
        campaignId: campaigns.get(payload.campaign_id) ?? null,
        creatorId: creators.get(payload.influencer_id) ?? null,
      }));
    }
    if (kind === 'outcome') {
      const campaigns = await resolve(
        'campaign',
        records.map((record) => (record.payload as SyncPayload<'outcome'>).campaign_id),
      );
      return records.map((record) => ({ campaignId: campaigns.get((record.payload as SyncPayload<'outcome'>).campaign_id) ?? null }));
    }
    if (kind === 'credit' || kind === 'revenue') {
      const payloads = records.map((record) => record.payload as SyncPayload<'credit'>);
      const opportunities = await resolve(
        'deal',
        payloads.map((payload) => payload.deal_id),
      );
      const contacts = await resolve(
        'contact',
        payloads.map((payload) => payload.contact_id),
      );
      const campaigns = await resolve(
        'campaign',
        payloads.map((payload) => payload.campaign_id),
      );
      const creators = await resolve(
        'creator',
        payloads.map((payload) => payload.influencer_id),
      );
      const touchpoints = await resolve(
        'touchpoint',
        payloads.map((payload) => `${payload.touchpoint_id}|${payload.contact_id}`),
      );
      return payloads.map((payload) => ({
        opportunityId: opportunities.get(payload.deal_id) ?? null,
        contactId: contacts.get(payload.contact_id) ?? null,
        campaignId: campaigns.get(payload.campaign_id) ?? null,
        creatorId: creators.get(payload.influencer_id) ?? null,
        touchpointId: touchpoints.get(`${payload.touchpoint_id}|${payload.contact_id}`) ?? null,
      }));
    }
    return records.map(() => ({}));
  }

  /** OpportunityContactRole for each deal contact (no external id: existing roles are read first, so reruns add nothing). */
  private async linkContactRoles(records: readonly SyncRecord[], outcomes: RecordOutcome[], call: CallObserver): Promise<RecordOutcome[]> {
    const wanted: Array<{ index: number; opportunityId: string; contactKey: string }> = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status !== 'written' || !outcome.crmId) return;
      for (const contactKey of (records[index].payload as SyncPayload<'deal'>).contact_ids)
        wanted.push({ index, opportunityId: outcome.crmId, contactKey });
    });
    if (wanted.length === 0) return outcomes;
    const contacts = await this.ids.resolve(
      this.names.name('Contact'),
      this.names.name('Attribution_Key__c'),
      wanted.map((item) => item.contactKey),
      call,
    );
    const opportunityIds = [...new Set(wanted.map((item) => item.opportunityId))];
    const existing = new Set<string>();
    const roles = await this.run(call, () =>
      this.connection.query<{ OpportunityId: string; ContactId: string }>(
        `SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN ${soqlList(opportunityIds)}`,
      ),
    );
    for (const role of roles.records) existing.add(`${role.OpportunityId}|${role.ContactId}`);
    const toCreate: Array<{ index: number; record: Record<string, unknown> }> = [];
    const failed = new Map<number, string>();
    for (const item of wanted) {
      const contactId = contacts.get(item.contactKey);
      if (!contactId) {
        failed.set(item.index, `contact ${item.contactKey} is not in Salesforce: push contacts first`);
        continue;
      }
      if (existing.has(`${item.opportunityId}|${contactId}`)) continue;
      existing.add(`${item.opportunityId}|${contactId}`);
      toCreate.push({ index: item.index, record: { OpportunityId: item.opportunityId, ContactId: contactId } });
    }
    for (let start = 0; start < toCreate.length; start += SALESFORCE_COLLECTION_CAP) {
      const chunk = toCreate.slice(start, start + SALESFORCE_COLLECTION_CAP);
      const results = (await this.run(call, () =>
        this.connection.sobject('OpportunityContactRole').create(chunk.map((item) => item.record) as never, { allOrNone: false }),
      )) as SaveResultLike[];
      results.forEach((result, position) => {
        if (!result.success) failed.set(chunk[position].index, `contact role: ${reasonOf(result)}`);
      });
    }
    return outcomes.map((outcome, index) =>
      failed.has(index) ? { key: outcome.key, status: 'failed', reason: failed.get(index) as string } : outcome,
    );
  }

  async *readAll(kind: SyncKind, call: CallObserver): AsyncIterable<CrmRecord> {
    if (kind === 'influence') return;
    const target = KIND_TARGETS[kind];
    const keyField = this.names.name(target.externalIdField);
    const fields = ['Id', keyField, ...(READ_FIELDS[kind] ?? []).map((field) => this.names.name(field))];
    const soql = `SELECT ${fields.map(soqlIdentifier).join(', ')} FROM ${soqlIdentifier(this.names.name(target.sobject))} WHERE ${soqlIdentifier(keyField)} != null`;
    let page = await this.read(call, () => this.connection.query<Record<string, unknown>>(soql));
    for (;;) {
      for (const record of page.records) {
        const unprefixed = Object.fromEntries(
          Object.entries(record).map(([field, value]) => [field.replace(/^[A-Za-z0-9]+__(?=.+__c$)/, ''), value]),
        );
        yield { key: String(record[keyField]), crmId: String(record.Id), payload: payloadFromSalesforce(kind, unprefixed) as CrmRecord['payload'] };
      }
      if (page.done || !page.nextRecordsUrl) break;
      const locator = page.nextRecordsUrl;
      page = await this.read(call, () => this.connection.queryMore<Record<string, unknown>>(locator));
    }
  }

  async deleteByKeys(kind: SyncKind, keys: readonly string[], call: CallObserver): Promise<string[]> {
    if (kind === 'influence' || keys.length === 0) return [];
    const target = KIND_TARGETS[kind];
    const sobject = this.names.name(target.sobject);
    const keyField = this.names.name(target.externalIdField);
    const deleted: string[] = [];
    for (let start = 0; start < keys.length; start += SALESFORCE_COLLECTION_CAP) {
      const chunk = keys.slice(start, start + SALESFORCE_COLLECTION_CAP);
      const found = await this.read(call, () =>
        this.connection.query<Record<string, unknown> & { Id: string }>(
          `SELECT Id, ${soqlIdentifier(keyField)} FROM ${soqlIdentifier(sobject)} WHERE ${soqlIdentifier(keyField)} IN ${soqlList(chunk)}`,
        ),
      );
      if (found.records.length === 0) continue;
      const results = (await this.run(call, () =>
        this.connection.sobject(sobject).destroy(
          found.records.map((record) => record.Id),
          { allOrNone: false },
        ),
      )) as SaveResultLike[];
      results.forEach((result, index) => {
        const key = String(found.records[index][keyField]);
        if (result.success) {
          deleted.push(key);
          this.ids.forget(sobject, key);
        }
      });
    }
    return deleted;
  }

  async findKeysOfContact(kind: SyncKind, contactKey: string, call: CallObserver): Promise<string[]> {
    if (kind === 'influence') return [];
    const target = KIND_TARGETS[kind];
    if (!target.contactKeyField) return [];
    const keyField = this.names.name(target.externalIdField);
    const soql = `SELECT ${soqlIdentifier(keyField)} FROM ${soqlIdentifier(this.names.name(target.sobject))} WHERE ${soqlIdentifier(this.names.name(target.contactKeyField))} = ${soqlString(contactKey)}`;
    const keys: string[] = [];
    let page = await this.read(call, () => this.connection.query<Record<string, unknown>>(soql));
    for (;;) {
      for (const record of page.records) keys.push(String(record[keyField]));
      if (page.done || !page.nextRecordsUrl) break;
      const locator = page.nextRecordsUrl;
      page = await this.read(call, () => this.connection.queryMore<Record<string, unknown>>(locator));
    }
    return keys;
  }
}
