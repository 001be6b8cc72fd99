import { startSandbox, type SandboxHandle } from '@pipeline-attribution/sandbox';
import { createDataset, defaultResolver } from '@pipeline-attribution/core';
import {
  datasetSyncRecords,
  drainOutbox,
  filterKinds,
  syntheticSyncTables,
  SyncOutbox,
  type CallObserver,
} from '@pipeline-attribution/core/dist/sync';
import { connectHubspot } from '../hubspotConnector';
import { createHubspotClient } from '../hubspotConnection';
import { hubspotCall } from '../hubspotCalls';

const NO_CALLS: CallObserver = { onCall() {} };

describe('HubSpot association records (HUBSPOT_ASSOCIATIONS=true)', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ hubspotRateLimitWindowMs: 1000 });
  });
  afterAll(async () => sandbox?.stop());

  it('links every pushed touchpoint to its contact, once, even when pushed twice', async () => {
    const environment = {
      HUBSPOT_ACCESS_TOKEN: sandbox.hubspot.accessToken,
      HUBSPOT_BASE_URL: sandbox.hubspot.baseUrl,
      HUBSPOT_ASSOCIATIONS: 'true',
    };
    const connection = connectHubspot(environment);
    await connection.setup!(NO_CALLS);
    const tables = syntheticSyncTables({ touchpoints: 300, seed: 5 });
    const dataset = createDataset(tables);
    const records = [...filterKinds(datasetSyncRecords(dataset, defaultResolver().resolve(dataset)), new Set(connection.adapter.kinds))];
    for (const run of [1, 2]) {
      const outbox = new SyncOutbox(':memory:');
      outbox.enqueue('hubspot', records);
      const summary = await drainOutbox({ adapter: connection.adapter, outbox, mode: `push ${run}` });
      expect(summary).toMatchObject({ failed: 0, pending: 0 });
      outbox.close();
    }
    const client = createHubspotClient({ accessToken: sandbox.hubspot.accessToken, baseUrl: sandbox.hubspot.baseUrl });
    const contact = await hubspotCall(NO_CALLS, () =>
      client.crm.objects.basicApi.getByIdWithHttpInfo('contacts', 'ct-2', ['pa_contact_key'], undefined, undefined, undefined, 'pa_contact_key'),
    );
    const linked = await hubspotCall(NO_CALLS, () =>
      client.crm.associations.v4.basicApi.getPageWithHttpInfo('contacts', contact.id, 'pa_touchpoint', undefined, 500),
    );
    expect(linked.results).toHaveLength(tables.touchpoints.filter((touchpoint) => touchpoint.contact_id === 'ct-2').length);
  }, 60_000);
});
