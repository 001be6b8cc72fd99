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
  type CrmConnection,
} from '@pipeline-attribution/core/dist/sync';
import { connectHubspot } from '../hubspotConnector';
import { createHubspotClient } from '../hubspotConnection';
import { hubspotCall } from '../hubspotCalls';

const NO_CALLS: CallObserver = { onCall() {} };
const SETTINGS = { asOf: Date.UTC(2026, 9, 1), lookbackDays: 365, halfLifeDays: 7 };
const MODELS = [findModel('linear'), findModel('w-shaped')];

async function keysOf(connection: CrmConnection, kind: 'touchpoint' | 'credit' | 'revenue'): Promise<string[]> {
  const keys: string[] = [];
  for await (const record of connection.adapter.readAll(kind, NO_CALLS)) keys.push(record.key);
  return keys;
}

describe('HubSpot through @hubspot/api-client against the sandbox', () => {
  let sandbox: SandboxHandle;
  let directory: string;
  let outbox: SyncOutbox;
  let connection: CrmConnection;
  const tables = syntheticSyncTables({ touchpoints: 2000, seed: 11 });

  beforeAll(async () => {
    sandbox = await startSandbox({ hubspotRateLimitPer10s: 190, hubspotRateLimitWindowMs: 1000 });
    directory = mkdtempSync(join(tmpdir(), 'hubspot-sync-'));
    outbox = new SyncOutbox(join(directory, 'outbox.sqlite'));
    connection = connectHubspot({ HUBSPOT_ACCESS_TOKEN: sandbox.hubspot.accessToken, HUBSPOT_BASE_URL: sandbox.hubspot.baseUrl });
  }, 30_000);
  afterAll(async () => {
    outbox?.close();
    await sandbox?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('sets up the schemas idempotently: a second run changes nothing', async () => {
    const first = await connection.setup!(NO_CALLS);
    expect(first).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^created object pa_touchpoint \(2-\d+\)/),
        expect.stringMatching(/^created association pa_credit ↔ pa_campaign/),
      ]),
    );
    expect(first).toEqual(expect.arrayContaining(['added property contacts.pa_contact_key', 'added property deals.pa_deal_key']));
    expect(await connection.setup!(NO_CALLS)).toEqual([]);
    const client = createHubspotClient({ accessToken: sandbox.hubspot.accessToken, baseUrl: sandbox.hubspot.baseUrl });
    const schema = await hubspotCall(NO_CALLS, () => client.crm.schemas.coreApi.getByIdWithHttpInfo('pa_touchpoint'));
    expect(schema.properties.find((property) => property.name === 'pa_touchpoint_key')?.hasUniqueValue).toBe(true);
    expect(schema.associations.map((association) => association.toObjectTypeId).sort()).toEqual(expect.arrayContaining(['0-1', '0-3']));
  });

  it('pushes a data set once; a rerun skips every record and makes no call', async () => {
    const dataset = createDataset(tables);
    const resolutions = defaultResolver().resolve(dataset);
    const supported = new Set(connection.adapter.kinds);
    const queued = outbox.enqueue('hubspot', filterKinds(datasetSyncRecords(dataset, resolutions), supported));
    expect(queued.skipped).toBe(0);
    const summary = await drainOutbox({ adapter: connection.adapter, outbox, mode: 'push' });
    expect(outbox.deadLetters('hubspot', 3).map((letter) => `${letter.kind} ${letter.key}: ${letter.reason}`)).toEqual([]);
    expect(summary).toMatchObject({ failed: 0, pending: 0, status: 'completed', written: queued.queued });
    const keys = await keysOf(connection, 'touchpoint');
    expect(keys).toHaveLength(2000);
    expect(new Set(keys).size).toBe(2000);
    const again = outbox.enqueue('hubspot', filterKinds(datasetSyncRecords(dataset, resolutions), supported));
    expect(again).toEqual({ queued: 0, skipped: queued.queued });
    expect((await drainOutbox({ adapter: connection.adapter, outbox, mode: 'push' })).apiCalls).toBe(0);
  }, 60_000);

  it('syncs credits read back from HubSpot that equal a recompute from scratch', async () => {
    const result = await runCreditSync(connection, outbox, { mode: 'full' }, MODELS, SETTINGS);
    expect(outbox.deadLetters('hubspot', 2).map((letter) => `${letter.kind} ${letter.key}: ${letter.reason}`)).toEqual([]);
    expect(result.summary).toMatchObject({ failed: 0, pending: 0, status: 'completed' });
    expect(result.touchpoints).toBe(2000);
    const dataset = createDataset(tables);
    const resolutions = defaultResolver().resolve(dataset);
    const expected = new Map<string, number>();
    for (const record of creditSyncRecords(dataset, resolutions, prepareModels(dataset, resolutions, MODELS, SETTINGS))) {
      if (record.kind === 'credit') expected.set(record.key, (record.payload as { share: number }).share);
    }
    const actual = new Map<string, number>();
    for await (const record of connection.adapter.readAll('credit', NO_CALLS)) actual.set(record.key, (record.payload as { share: number }).share);
    expect(actual.size).toBe(expected.size);
    for (const [key, share] of expected) expect(actual.get(key)).toBeCloseTo(share, 9);
    let outcomes = 0;
    for await (const record of connection.adapter.readAll('outcome', NO_CALLS))
      outcomes += record.key.startsWith('linear|') || record.key.startsWith('w-shaped|') ? 1 : 0;
    expect(outcomes).toBe(tables.campaigns.length * MODELS.length);
  }, 90_000);

  it('reconciles: a record deleted behind our back is found missing and written again', async () => {
    const [victim] = (await keysOf(connection, 'touchpoint')).sort();
    await connection.adapter.deleteByKeys('touchpoint', [victim], NO_CALLS);
    const reports = await reconcileCrm(connection.adapter, outbox, ['touchpoint'], NO_CALLS, true);
    expect(reports[0]).toMatchObject({ expected: 2000, found: 1999, missing: 1, unexpected: 0, duplicates: 0, requeued: 1 });
    const repaired = await drainOutbox({ adapter: connection.adapter, outbox, mode: 'reconcile repair', kinds: ['touchpoint'] });
    expect(repaired.written).toBe(1);
    expect(await keysOf(connection, 'touchpoint')).toHaveLength(2000);
  }, 60_000);

  it("erases a contact's touchpoints and credits from HubSpot and the outbox", async () => {
    const contact = 'ct-3';
    const ownTouchpoints = tables.touchpoints.filter((touchpoint) => touchpoint.contact_id === contact).length;
    const report = await eraseContact(contact, [connection], outbox, NO_CALLS);
    expect(report.errors).toEqual([]);
    expect(report.crm.hubspot?.touchpoint).toBe(ownTouchpoints);
    expect(report.outbox.touchpoint).toBe(ownTouchpoints);
    expect(report.outbox.contact).toBe(1);
    for (const kind of ['touchpoint', 'credit', 'revenue'] as const) {
      expect(await connection.adapter.findKeysOfContact(kind, contact, NO_CALLS)).toEqual([]);
    }
    expect(outbox.keysOfContact(contact)).toEqual([]);
  }, 60_000);
});
