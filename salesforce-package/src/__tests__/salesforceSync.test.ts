import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '@pipeline-attribution/sandbox';
import { createDataset, defaultResolver, findModel, prepareModels } from '@pipeline-attribution/core';
import {
  creditSyncRecords,
  datasetSyncRecords,
  drainOutbox,
  eraseContact,
  filterKinds,
  reconcileCrm,
  runCreditSync,
  syntheticSyncTables,
  SyncOutbox,
  type CallObserver,
} from '@pipeline-attribution/core/dist/sync';
import { bulkQuery } from '../bulkQuery';
import { connectSalesforce } from '../salesforceConnector';

const NO_CALLS: CallObserver = { onCall() {} };
const SETTINGS = { asOf: Date.UTC(2026, 9, 1), lookbackDays: 365, halfLifeDays: 7 };
const MODELS = [findModel('linear'), findModel('w-shaped')];

describe('Salesforce through jsforce against the sandbox', () => {
  let sandbox: SandboxHandle;
  let directory: string;
  let outbox: SyncOutbox;
  let connection: Awaited<ReturnType<typeof connectSalesforce>>;
  const tables = syntheticSyncTables({ touchpoints: 2000, seed: 12 });

  beforeAll(async () => {
    sandbox = await startSandbox({ salesforceDailyApiLimit: 1_000_000 });
    directory = mkdtempSync(join(tmpdir(), 'salesforce-sync-'));
    outbox = new SyncOutbox(join(directory, 'outbox.sqlite'));
    connection = await connectSalesforce({
      SF_INSTANCE_URL: sandbox.salesforce.instanceUrl,
      SF_ACCESS_TOKEN: sandbox.salesforce.accessToken,
      SF_API_VERSION: '62.0',
    });
  }, 30_000);
  afterAll(async () => {
    outbox?.close();
    await sandbox?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('finds the package deployed (every object with its External ID key)', async () => {
    await expect(connection.setup!(NO_CALLS)).resolves.toEqual([]);
  });

  it('pushes a data set once, with lookups and contact roles; a rerun makes no call', async () => {
    const dataset = createDataset(tables);
    const resolutions = defaultResolver().resolve(dataset);
    const queued = outbox.enqueue('salesforce', filterKinds(datasetSyncRecords(dataset, resolutions), new Set(connection.adapter.kinds)));
    const summary = await drainOutbox({ adapter: connection.adapter, outbox, mode: 'push' });
    expect(outbox.deadLetters('salesforce', 3).map((letter) => `${letter.kind} ${letter.key}: ${letter.reason}`)).toEqual([]);
    expect(summary).toMatchObject({ failed: 0, pending: 0, status: 'completed', written: queued.queued });
    const touchpoints = await connection.adapter.connection.query<{ expr0: number }>('SELECT COUNT() FROM Attribution_Touchpoint__c');
    expect(touchpoints.totalSize).toBe(2000);
    const linked = await connection.adapter.connection.query('SELECT COUNT() FROM Attribution_Touchpoint__c WHERE Contact__c != null');
    expect(linked.totalSize).toBe(2000);
    const roles = await connection.adapter.connection.query('SELECT COUNT() FROM OpportunityContactRole');
    expect(roles.totalSize).toBe(tables.deals.reduce((sum, deal) => sum + deal.contact_ids.length, 0));
    outbox.enqueue('salesforce', filterKinds(datasetSyncRecords(dataset, resolutions), new Set(connection.adapter.kinds)));
    expect((await drainOutbox({ adapter: connection.adapter, outbox, mode: 'push' })).apiCalls).toBe(0);
  }, 60_000);

  it('syncs credits and CampaignInfluence that equal a recompute from the data read back', async () => {
    const result = await runCreditSync(connection, outbox, { mode: 'full' }, MODELS, SETTINGS, {}, 'w-shaped');
    expect(outbox.deadLetters('salesforce', 3).map((letter) => `${letter.kind} ${letter.key}: ${letter.reason}`)).toEqual([]);
    expect(result.summary).toMatchObject({ failed: 0, pending: 0, status: 'completed' });
    // Recompute from the same tables Salesforce returns (its CreatedDate replaces our creation times).
    const reread = createDataset(await connection.readTables({ mode: 'full' }, NO_CALLS));
    const resolutions = defaultResolver().resolve(reread);
    const expected = new Map<string, number>();
    let influenceRows = 0;
    for (const record of creditSyncRecords(reread, resolutions, prepareModels(reread, resolutions, MODELS, SETTINGS), 'w-shaped')) {
      if (record.kind === 'credit') expected.set(record.key, (record.payload as { share: number }).share);
      if (record.kind === 'influence') influenceRows++;
    }
    const actual = new Map<string, number>();
    for await (const record of connection.adapter.readAll('credit', NO_CALLS)) actual.set(record.key, (record.payload as { share: number }).share);
    expect(actual.size).toBe(expected.size);
    for (const [key, share] of expected) expect(actual.get(key)).toBeCloseTo(share, 9);
    const influence = await connection.adapter.connection.query('SELECT COUNT() FROM CampaignInfluence');
    expect(influence.totalSize).toBe(influenceRows);
    // Campaign outcomes: one per campaign and model; the primary (influence) model's figures on the Campaign too.
    const outcomes = await connection.adapter.connection.query('SELECT COUNT() FROM Campaign_Outcome__c');
    expect(outcomes.totalSize).toBe(tables.campaigns.length * MODELS.length);
    let wShapedPipeline = 0;
    for (const record of creditSyncRecords(reread, resolutions, prepareModels(reread, resolutions, [findModel('w-shaped')], SETTINGS))) {
      const credit = record.payload as { campaign_id: string; credit: number };
      if (record.kind === 'credit' && credit.campaign_id) wShapedPipeline += credit.credit;
    }
    const campaigns = await connection.adapter.connection.query<{ Attributed_Pipeline__c: number }>('SELECT Attributed_Pipeline__c FROM Campaign');
    const attributed = campaigns.records.reduce((sum, campaign) => sum + (campaign.Attributed_Pipeline__c ?? 0), 0);
    expect(attributed).toBeCloseTo(wShapedPipeline, 0);
  }, 120_000);

  it('reads more than one Bulk 2.0 results page (the jsforce multi-page bug work-around)', async () => {
    const keys: string[] = [];
    for await (const row of bulkQuery(connection.adapter.connection, 'SELECT External_Key__c FROM Attribution_Touchpoint__c', NO_CALLS, {
      pageSize: 700,
      pollIntervalMs: 20,
    }))
      keys.push(row.External_Key__c);
    expect(keys).toHaveLength(2000);
    expect(new Set(keys).size).toBe(2000);
    const pages = sandbox.requestLog().filter((entry) => entry.path.includes('/jobs/query/') && entry.path.endsWith('/results'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('reads incrementally by SystemModstamp', async () => {
    const none = await connection.readTables({ mode: 'since', since: Date.now() + 60_000 }, NO_CALLS);
    expect(none.deals).toHaveLength(0);
    const all = await connection.readTables({ mode: 'since', since: 0 }, NO_CALLS);
    expect(all.deals).toHaveLength(tables.deals.length);
  }, 60_000);

  it('reconciles and erases a contact from Salesforce and the outbox', async () => {
    const reports = await reconcileCrm(connection.adapter, outbox, ['touchpoint', 'credit'], NO_CALLS, false);
    expect(reports.map((report) => [report.missing, report.unexpected, report.duplicates, report.different])).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const contact = 'ct-6';
    const report = await eraseContact(contact, [connection], outbox, NO_CALLS);
    expect(report.errors).toEqual([]);
    expect(report.crm.salesforce?.touchpoint).toBe(tables.touchpoints.filter((touchpoint) => touchpoint.contact_id === contact).length);
    for (const kind of ['touchpoint', 'credit', 'revenue'] as const)
      expect(await connection.adapter.findKeysOfContact(kind, contact, NO_CALLS)).toEqual([]);
    expect(outbox.keysOfContact(contact)).toEqual([]);
  }, 60_000);
});
