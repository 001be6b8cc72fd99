import type { Connection } from 'jsforce';
import { CrmCallError, type CallObserver, type RecordOutcome, type SyncPayload, type SyncRecord } from '@pipeline-attribution/core/dist/sync';
import { reasonOf, type SaveResultLike } from './saveResults';
import type { SalesforceIdResolver } from './salesforceIdResolver';
import { INFLUENCE_MODEL_DEVELOPER_NAME, type SalesforceNames } from './salesforceNames';
import { soqlList, soqlString } from './soql';

/** Runs one API call with the adapter's retries and budget accounting. */
export type SalesforceCall = <T>(call: CallObserver, action: () => PromiseLike<T>) => Promise<T>;

/**
 * Writes CampaignInfluence rows under the package's locked Customizable Campaign Influence model.
 * A CampaignInfluence row has no external id: it is matched on (model, opportunity, campaign,
 * contact), so a re-sync updates the row it wrote before instead of adding another.
 */
export class CampaignInfluenceWriter {
  private influenceModelId: Promise<string> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly names: SalesforceNames,
    private readonly ids: SalesforceIdResolver,
    private readonly run: SalesforceCall,
  ) {}

  private modelId(call: CallObserver): Promise<string> {
    this.influenceModelId ??= this.run(call, () =>
      this.connection.query<{ Id: string }>(
        `SELECT Id FROM CampaignInfluenceModel WHERE DeveloperName = ${soqlString(INFLUENCE_MODEL_DEVELOPER_NAME)}`,
      ),
    ).then(
      (result) => {
        if (result.records.length === 0)
          throw new CrmCallError(
            'client',
            `the org has no CampaignInfluenceModel ${INFLUENCE_MODEL_DEVELOPER_NAME}: deploy the package (campaignInfluenceModels/) and enable Customizable Campaign Influence`,
          );
        return result.records[0].Id;
      },
      (error) => {
        this.influenceModelId = undefined;
        throw error;
      },
    );
    return this.influenceModelId;
  }

  /** CampaignInfluence rows under our locked model: update the row of (opportunity, campaign, contact) if present, else create it. */
  async write(records: readonly SyncRecord[], call: CallObserver): Promise<RecordOutcome[]> {
    const modelId = await this.modelId(call);
    const payloads = records.map((record) => record.payload as SyncPayload<'influence'>);
    const opportunities = await this.ids.resolve(
      this.names.name('Opportunity'),
      this.names.name('Attribution_Key__c'),
      payloads.map((payload) => payload.deal_id),
      call,
    );
    const campaigns = await this.ids.resolve(
      this.names.name('Campaign'),
      this.names.name('Attribution_Key__c'),
      payloads.map((payload) => payload.campaign_id),
      call,
    );
    const contacts = await this.ids.resolve(
      this.names.name('Contact'),
      this.names.name('Attribution_Key__c'),
      payloads.map((payload) => payload.contact_id),
      call,
    );
    const opportunityIds = [...new Set([...opportunities.values()].filter((id): id is string => id !== null))];
    const existing = new Map<string, string>();
    if (opportunityIds.length > 0) {
      const rows = await this.run(call, () =>
        this.connection.query<{ Id: string; OpportunityId: string; CampaignId: string; ContactId: string }>(
          `SELECT Id, OpportunityId, CampaignId, ContactId FROM CampaignInfluence WHERE ModelId = ${soqlString(modelId)} AND OpportunityId IN ${soqlList(opportunityIds)}`,
        ),
      );
      for (const row of rows.records) existing.set(`${row.OpportunityId}|${row.CampaignId}|${row.ContactId}`, row.Id);
    }
    const outcomes: RecordOutcome[] = new Array(records.length);
    const updates: Array<{ index: number; record: Record<string, unknown> }> = [];
    const creates: Array<{ index: number; record: Record<string, unknown> }> = [];
    payloads.forEach((payload, index) => {
      const opportunityId = opportunities.get(payload.deal_id);
      const campaignId = campaigns.get(payload.campaign_id);
      const contactId = contacts.get(payload.contact_id);
      if (!opportunityId || !campaignId || !contactId) {
        outcomes[index] = {
          key: records[index].key,
          status: 'failed',
          reason: `missing in Salesforce: ${[!opportunityId && `opportunity ${payload.deal_id}`, !campaignId && `campaign ${payload.campaign_id}`, !contactId && `contact ${payload.contact_id}`].filter(Boolean).join(', ')}`,
        };
        return;
      }
      const id = existing.get(`${opportunityId}|${campaignId}|${contactId}`);
      if (id) updates.push({ index, record: { Id: id, Influence: payload.influence } });
      else
        creates.push({
          index,
          record: { ModelId: modelId, OpportunityId: opportunityId, CampaignId: campaignId, ContactId: contactId, Influence: payload.influence },
        });
    });
    const apply = async (items: typeof updates, operation: 'create' | 'update') => {
      if (items.length === 0) return;
      const sobject = this.connection.sobject('CampaignInfluence');
      const results = (await this.run(call, () =>
        operation === 'create'
          ? sobject.create(items.map((item) => item.record) as never, { allOrNone: false })
          : sobject.update(items.map((item) => item.record) as never, { allOrNone: false }),
      )) as SaveResultLike[];
      results.forEach((result, position) => {
        const index = items[position].index;
        outcomes[index] = result.success
          ? { key: records[index].key, status: 'written', crmId: result.id }
          : { key: records[index].key, status: 'failed', reason: reasonOf(result) };
      });
    };
    await apply(updates, 'update');
    await apply(creates, 'create');
    return outcomes;
  }
}
