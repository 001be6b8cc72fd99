import type { Client } from '@hubspot/api-client';
import {
  CrmCallError,
  type CallObserver,
  type CrmAdapter,
  type CrmRecord,
  type RecordOutcome,
  type SyncKind,
  type SyncPayload,
  type SyncRecord,
} from '@pipeline-attribution/core/dist/sync';
import { hubspotCall } from './hubspotCalls';
import { rateBudgetFromHeaders, toCrmCallError } from './hubspotErrors';
import { declaredObjectOf, fromHubspotProperties, HUBSPOT_OBJECTS, toHubspotProperties } from './hubspotObjects';

/** "Object API batch endpoints are limited to 100 inputs per request" (contract §b.6). */
export const HUBSPOT_BATCH_CAP = 100;
/** Search returns at most 200 per page (contract §b.4). */
const SEARCH_PAGE = 200;

export interface HubspotAdapterOptions {
  /**
   * Also write association records (touchpoint → contact, credit → deal) so they show on the contact and
   * deal records. Costs one more request per batch (and a key lookup per 100 unknown parents), so pushes
   * reach about half the records/s; off by default, HUBSPOT_ASSOCIATIONS=true turns it on.
   */
  readonly associations?: boolean;
  /** Requests per 10 s of the account's tier (100, 110 or 190; contract §b.8) until headers say otherwise. */
  readonly maxRequestsPer10s?: number;
  readonly maxConcurrency?: number;
}

/**
 * The HubSpot adapter of the sync engine, through @hubspot/api-client: batch upserts by each object's
 * unique-value key property (idempotent), per-record failures from 207 responses, rate headers fed to
 * the engine's pacer.
 */
export class HubspotAdapter implements CrmAdapter {
  readonly name = 'hubspot' as const;
  /** HubSpot has no campaign-influence object: influence rows are Salesforce's. */
  readonly kinds: readonly SyncKind[] = ['creator', 'campaign', 'contact', 'deal', 'touchpoint', 'credit', 'revenue', 'outcome'];
  readonly rateWindow: { maxRequests: number; intervalMs: number };
  readonly maxConcurrency: number;
  private objectTypeIds: Promise<Map<string, string | undefined>> | undefined;
  private stages: Promise<DealStageMap> | undefined;
  private readonly associations: boolean;
  /** HubSpot ids of contacts and deals by our key, from batch reads by the unique key property. */
  private readonly parentIds = new Map<string, Map<string, string | null>>();

  constructor(
    private readonly client: Client,
    options: HubspotAdapterOptions = {},
  ) {
    this.rateWindow = { maxRequests: options.maxRequestsPer10s ?? 100, intervalMs: 10_000 };
    this.maxConcurrency = options.maxConcurrency ?? 8;
    this.associations = options.associations === true;
  }

  batchCap(): number {
    return HUBSPOT_BATCH_CAP;
  }

  /** The objectType path segment: a standard name, or a custom object's objectTypeId (2-…) looked up once. */
  async objectTypeOf(kind: SyncKind, call: CallObserver): Promise<string> {
    const declared = declaredObjectOf(kind);
    if (!declared.custom) return declared.name;
    this.objectTypeIds ??= hubspotCall(call, () => this.client.crm.schemas.coreApi.getAllWithHttpInfo()).then(
      (response) => new Map(response.results.map((schema) => [schema.name, schema.objectTypeId])),
      (error) => {
        this.objectTypeIds = undefined;
        throw error;
      },
    );
    const lookup = this.objectTypeIds;
    const id = (await lookup).get(declared.name);
    if (!id) throw new CrmCallError('client', `HubSpot has no custom object ${declared.name}: run \`attribution setup hubspot\` first`);
    return id;
  }

  /** The default deal pipeline's stages, read once: won/lost/open stage ids for pushed deals. */
  dealStages(call: CallObserver): Promise<DealStageMap> {
    this.stages ??= hubspotCall(call, () => this.client.crm.pipelines.pipelinesApi.getAllWithHttpInfo('deals')).then(
      (response) => new DealStageMap(response.results),
      (error) => {
        this.stages = undefined;
        throw error;
      },
    );
    return this.stages;
  }

  async writeBatch(kind: SyncKind, records: readonly SyncRecord[], call: CallObserver): Promise<RecordOutcome[]> {
    const declared = declaredObjectOf(kind);
    const objectType = await this.objectTypeOf(kind, call);
    const stages = kind === 'deal' ? await this.dealStages(call) : undefined;
    const inputs = records.map((record) => {
      const properties = toHubspotProperties(kind, record.payload);
      if (stages) properties.dealstage = stages.stageFor(record.payload as SyncPayload<'deal'>);
      return { id: record.key, idProperty: declared.keyProperty, properties };
    });
    let response;
    try {
      response = await this.client.crm.objects.batchApi.upsertWithHttpInfo(objectType, { inputs });
    } catch (error) {
      call.onCall(rateBudgetFromHeaders((error as { headers?: Record<string, string> }).headers));
      throw toCrmCallError(error);
    }
    call.onCall(rateBudgetFromHeaders(response.headers));
    if (kind === 'outcome') await this.writeCampaignImpact(records, call);
    const written = new Map<string, string>();
    for (const result of response.data.results ?? []) {
      const key = result.properties?.[declared.keyProperty];
      if (key) written.set(key, result.id);
    }
    // A 207 lists the failed inputs in errors[]; its context names them when HubSpot can, so each
    // record without a result gets the error that mentions it, else all of the call's error messages.
    const errors = 'errors' in response.data ? (response.data.errors ?? []) : [];
    const reasonOf = (key: string): string => {
      const specific = errors.find(
        (error) => JSON.stringify(error.context ?? {}).includes(JSON.stringify(key).slice(1, -1)) || error.message?.includes(key),
      );
      if (specific) return `${specific.category ?? 'ERROR'}: ${specific.message}`;
      if (errors.length > 0) return errors.map((error) => `${error.category ?? 'ERROR'}: ${error.message}`).join(' | ');
      return `HubSpot ${response.httpStatusCode}: no result for this input`;
    };
    const outcomes = records.map((record): RecordOutcome => {
      const crmId = written.get(record.key);
      return crmId ? { key: record.key, status: 'written', crmId } : { key: record.key, status: 'failed', reason: reasonOf(record.key) };
    });
    if (this.associations && (kind === 'touchpoint' || kind === 'credit' || kind === 'revenue')) return this.associate(kind, records, outcomes, call);
    return outcomes;
  }

  /** HubSpot ids of contacts or deals by our key (batch read by the unique key property, 100 per call), cached. */
  private async parentIdsOf(objectType: 'contacts' | 'deals', keys: readonly string[], call: CallObserver): Promise<Map<string, string | null>> {
    const keyProperty = objectType === 'contacts' ? 'pa_contact_key' : 'pa_deal_key';
    let cache = this.parentIds.get(objectType);
    if (!cache) this.parentIds.set(objectType, (cache = new Map()));
    const missing = [...new Set(keys)].filter((key) => !cache.has(key));
    for (let start = 0; start < missing.length; start += HUBSPOT_BATCH_CAP) {
      const chunk = missing.slice(start, start + HUBSPOT_BATCH_CAP);
      const found = await hubspotCall(call, () =>
        this.client.crm.objects.batchApi.readWithHttpInfo(objectType, {
          inputs: chunk.map((id) => ({ id })),
          idProperty: keyProperty,
          properties: [keyProperty],
          propertiesWithHistory: [],
        }),
      );
      for (const result of found.results) cache.set(result.properties[keyProperty] ?? '', result.id);
      for (const key of chunk) if (!cache.has(key)) cache.set(key, null);
    }
    return cache;
  }

  /** Default associations touchpoint → contact and credit → deal for the records just written; a record whose parent is missing fails. */
  private async associate(kind: SyncKind, records: readonly SyncRecord[], outcomes: RecordOutcome[], call: CallObserver): Promise<RecordOutcome[]> {
    const parentType = kind === 'touchpoint' ? 'contacts' : 'deals';
    const parentKeyOf = (record: SyncRecord) =>
      kind === 'touchpoint' ? (record.payload as SyncPayload<'touchpoint'>).contact_id : (record.payload as SyncPayload<'credit'>).deal_id;
    const parents = await this.parentIdsOf(parentType, records.map(parentKeyOf), call);
    const fromType = await this.objectTypeOf(kind, call);
    const result = [...outcomes];
    const inputs: Array<{ _from: { id: string }; to: { id: string } }> = [];
    records.forEach((record, index) => {
      const outcome = outcomes[index];
      if (outcome.status !== 'written' || !outcome.crmId) return;
      const parentId = parents.get(parentKeyOf(record));
      if (!parentId)
        result[index] = {
          key: record.key,
          status: 'failed',
          reason: `NOT_LINKED: no ${parentType === 'contacts' ? 'contact' : 'deal'} with key ${parentKeyOf(record)} in HubSpot yet`,
        };
      else inputs.push({ _from: { id: outcome.crmId }, to: { id: parentId } });
    });
    if (inputs.length > 0) {
      try {
        const response = await this.client.crm.associations.v4.batchApi.createDefaultWithHttpInfo(fromType, parentType, { inputs });
        call.onCall(rateBudgetFromHeaders(response.headers));
      } catch (error) {
        call.onCall(rateBudgetFromHeaders((error as { headers?: Record<string, string> }).headers));
        throw toCrmCallError(error);
      }
    }
    return result;
  }

  /**
   * The primary model's outcomes also go on the attribution campaign itself (attributed pipeline and
   * revenue, deals, cost per opportunity, ROI), so campaign views show them without a join.
   */
  private async writeCampaignImpact(records: readonly SyncRecord[], call: CallObserver): Promise<void> {
    const primary = records.map((record) => record.payload as SyncPayload<'outcome'>).filter((outcome) => outcome.primary);
    if (primary.length === 0) return;
    const objectType = await this.objectTypeOf('campaign', call);
    const number = (value: number | null) => (value === null ? '' : String(value));
    const inputs = primary.map((outcome) => ({
      id: outcome.campaign_id,
      idProperty: 'pa_campaign_key',
      properties: {
        pa_attributed_pipeline: String(outcome.pipeline),
        pa_attributed_revenue: String(outcome.revenue),
        pa_attributed_deals: String(outcome.deals),
        pa_cost_per_opportunity: number(outcome.cost_per_opportunity),
        pa_roi: number(outcome.roi),
      },
    }));
    try {
      const response = await this.client.crm.objects.batchApi.upsertWithHttpInfo(objectType, { inputs });
      call.onCall(rateBudgetFromHeaders(response.headers));
    } catch (error) {
      call.onCall(rateBudgetFromHeaders((error as { headers?: Record<string, string> }).headers));
      throw toCrmCallError(error);
    }
  }

  async *readAll(kind: SyncKind, call: CallObserver): AsyncIterable<CrmRecord> {
    const declared = declaredObjectOf(kind);
    const objectType = await this.objectTypeOf(kind, call);
    const properties = declared.properties.map((property) => property.name);
    let after: string | undefined;
    do {
      const page = await hubspotCall(call, () => this.client.crm.objects.basicApi.getPageWithHttpInfo(objectType, 100, after, properties));
      for (const result of page.results) {
        const key = result.properties[declared.keyProperty];
        if (key) yield { key, crmId: result.id, payload: fromHubspotProperties(kind, result.properties) };
      }
      after = page.paging?.next?.after;
    } while (after);
  }

  async deleteByKeys(kind: SyncKind, keys: readonly string[], call: CallObserver): Promise<string[]> {
    const declared = declaredObjectOf(kind);
    const objectType = await this.objectTypeOf(kind, call);
    const deleted: string[] = [];
    for (let start = 0; start < keys.length; start += HUBSPOT_BATCH_CAP) {
      const chunk = keys.slice(start, start + HUBSPOT_BATCH_CAP);
      const found = await hubspotCall(call, () =>
        this.client.crm.objects.batchApi.readWithHttpInfo(objectType, {
          inputs: chunk.map((id) => ({ id })),
          idProperty: declared.keyProperty,
          properties: [declared.keyProperty],
          propertiesWithHistory: [],
        }),
      );
      const ids = found.results.map((result) => ({ id: result.id, key: result.properties[declared.keyProperty] ?? '' }));
      if (ids.length === 0) continue;
      await hubspotCall(call, () => this.client.crm.objects.batchApi.archiveWithHttpInfo(objectType, { inputs: ids.map(({ id }) => ({ id })) }));
      deleted.push(...ids.map(({ key }) => key));
    }
    return deleted;
  }

  async findKeysOfContact(kind: SyncKind, contactKey: string, call: CallObserver): Promise<string[]> {
    const declared = declaredObjectOf(kind);
    if (!declared.properties.some((property) => property.name === 'pa_contact_key')) return [];
    const objectType = await this.objectTypeOf(kind, call);
    const keys: string[] = [];
    let after: string | undefined;
    do {
      const page = await hubspotCall(call, () =>
        this.client.crm.objects.searchApi.doSearchWithHttpInfo(objectType, {
          filterGroups: [{ filters: [{ propertyName: 'pa_contact_key', operator: 'EQ' as never, value: contactKey }] }],
          properties: [declared.keyProperty],
          limit: SEARCH_PAGE,
          after,
          sorts: [],
        }),
      );
      for (const result of page.results) {
        const key = result.properties[declared.keyProperty];
        if (key) keys.push(key);
      }
      after = page.paging?.next?.after;
    } while (after);
    return keys;
  }
}

export { HUBSPOT_OBJECTS };

interface PipelineLike {
  id: string;
  displayOrder: number;
  stages: Array<{ id: string; label: string; displayOrder: number; metadata?: Record<string, string> }>;
}

/**
 * Deal stages must be stage ids of a pipeline (HubSpot rejects others with INVALID_OPTION). A pushed deal
 * keeps its stage when the portal has it (by id or label), else: won → the closed stage with probability
 * 1.0, lost → the closed stage with probability 0, open → the first open stage of the default pipeline.
 */
export class DealStageMap {
  private readonly byIdOrLabel = new Map<string, string>();
  private readonly won: string;
  private readonly lost: string;
  private readonly open: string;

  constructor(pipelines: PipelineLike[]) {
    const ordered = [...pipelines].sort((left, right) => left.displayOrder - right.displayOrder);
    const main = ordered.find((pipeline) => pipeline.id === 'default') ?? ordered[0];
    if (!main) throw new CrmCallError('client', 'the HubSpot portal has no deal pipeline');
    for (const pipeline of ordered)
      for (const stage of pipeline.stages) {
        this.byIdOrLabel.set(stage.id, stage.id);
        this.byIdOrLabel.set(stage.label.toLowerCase(), stage.id);
      }
    const stages = [...main.stages].sort((left, right) => left.displayOrder - right.displayOrder);
    const closed = (stage: (typeof stages)[number]) => stage.metadata?.isClosed === 'true';
    this.won = stages.find((stage) => closed(stage) && Number(stage.metadata?.probability) >= 1)?.id ?? 'closedwon';
    this.lost = stages.find((stage) => closed(stage) && Number(stage.metadata?.probability) === 0)?.id ?? 'closedlost';
    this.open = stages.find((stage) => !closed(stage))?.id ?? 'appointmentscheduled';
  }

  stageFor(deal: SyncPayload<'deal'>): string {
    if (deal.closed_at !== null) return deal.is_won ? this.won : this.lost;
    const known = this.byIdOrLabel.get(deal.stage) ?? this.byIdOrLabel.get(deal.stage.toLowerCase());
    return known && known !== this.won && known !== this.lost ? known : this.open;
  }
}
