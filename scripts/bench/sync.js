'use strict';
/**
 * Sync speed (issue 6), against the sandbox through the real clients:
 *  - HubSpot: push N touchpoints (plus their campaigns, contacts and deals) with the sandbox enforcing
 *    190 requests per rolling 10 s; the ceiling is 100 records × 19 requests/s = 1,900 records/s.
 *  - Salesforce: push the same data through sObject Collections (200 per call), then through Bulk API 2.0
 *    ingest jobs (10,000 records per job) into a second org.
 * Usage: node scripts/bench/sync.js [touchpoints=100000] [hubspot|salesforce|both]
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startSandbox } = require('../../sandbox/dist');
const { createDataset, defaultResolver } = require('../../core/dist');
const { datasetSyncRecords, drainOutbox, filterKinds, syntheticSyncTables, SyncOutbox } = require('../../core/dist/sync');

const touchpoints = Number(process.argv[2] ?? 100_000);
const which = process.argv[3] ?? 'both';
const NO_CALLS = { onCall() {} };

async function pushOnce(crm, connection, sandbox, tables) {
  const directory = mkdtempSync(join(tmpdir(), `bench-sync-${crm}-`));
  const outbox = new SyncOutbox(join(directory, 'outbox.sqlite'));
  try {
    const dataset = createDataset(tables);
    const resolutions = defaultResolver().resolve(dataset);
    const enqueueStarted = process.hrtime.bigint();
    const counts = outbox.enqueue(crm, filterKinds(datasetSyncRecords(dataset, resolutions), new Set(connection.adapter.kinds)));
    const enqueueSeconds = Number(process.hrtime.bigint() - enqueueStarted) / 1e9;
    sandbox.clearRequestLog();
    const phases = [];
    let total = { written: 0, apiCalls: 0, seconds: 0, rateLimited: 0, failed: 0 };
    for (const kinds of [['creator', 'campaign', 'contact', 'deal'], ['touchpoint']]) {
      const started = process.hrtime.bigint();
      const summary = await drainOutbox({ adapter: connection.adapter, outbox, mode: 'bench push', kinds });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      phases.push({
        kinds: kinds.join('+'),
        written: summary.written,
        failed: summary.failed,
        apiCalls: summary.apiCalls,
        rateLimited: summary.rateLimited,
        seconds,
        recordsPerSecond: summary.written / seconds,
      });
      total = {
        written: total.written + summary.written,
        apiCalls: total.apiCalls + summary.apiCalls,
        seconds: total.seconds + seconds,
        rateLimited: total.rateLimited + summary.rateLimited,
        failed: total.failed + summary.failed,
      };
    }
    const requests = sandbox.requestLog().filter((entry) => entry.service === crm);
    return {
      queued: counts.queued,
      enqueueSeconds,
      phases,
      total,
      sandboxRequests: requests.length,
      sandbox429: requests.filter((entry) => entry.status === 429).length,
    };
  } finally {
    outbox.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function report(crm, result, ceiling) {
  for (const phase of result.phases) {
    const share = ceiling ? ` = ${((100 * phase.recordsPerSecond) / ceiling).toFixed(1)}% of the ${ceiling} records/s ceiling` : '';
    console.log(
      `${crm} push ${phase.kinds}: ${phase.written} records in ${phase.seconds.toFixed(1)} s = ${Math.round(phase.recordsPerSecond)} records/s${share}; ${phase.apiCalls} API calls (${phase.rateLimited} answered 429), ${phase.failed} failed`,
    );
  }
  const overall = result.total.written / result.total.seconds;
  console.log(
    `${crm} push total: ${result.total.written} records (${touchpoints} touchpoints) in ${result.total.seconds.toFixed(1)} s = ${Math.round(overall)} records/s` +
      `${ceiling ? ` = ${((100 * overall) / ceiling).toFixed(1)}% of the ceiling` : ''}; ${result.total.apiCalls} API calls, sandbox saw ${result.sandboxRequests} requests (${result.sandbox429} × 429); queueing ${result.queued} records took ${result.enqueueSeconds.toFixed(1)} s (not counted)`,
  );
}

(async () => {
  const tables = syntheticSyncTables({ touchpoints, seed: 7 });
  if (which === 'both' || which === 'hubspot') {
    const sandbox = await startSandbox({ hubspotRateLimitPer10s: 190 });
    try {
      const { connectHubspot } = require('../../hubspot-app/dist/hubspotConnector');
      const connection = connectHubspot({
        HUBSPOT_ACCESS_TOKEN: sandbox.hubspot.accessToken,
        HUBSPOT_BASE_URL: sandbox.hubspot.baseUrl,
        HUBSPOT_RATE_LIMIT_PER_10S: '190',
      });
      await connection.setup(NO_CALLS);
      // Start with a fresh window: setup's calls are not part of the push.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      sandbox.resetLimits();
      report('hubspot', await pushOnce('hubspot', connection, sandbox, tables), 1900);
    } finally {
      await sandbox.stop();
    }
  }
  if (which === 'both' || which === 'salesforce') {
    const sandbox = await startSandbox({ salesforceDailyApiLimit: 100_000_000 });
    try {
      const { connectSalesforce } = require('../../salesforce-package/dist/salesforceConnector');
      const environment = {
        SF_INSTANCE_URL: sandbox.salesforce.instanceUrl,
        SF_ACCESS_TOKEN: sandbox.salesforce.accessToken,
        SF_API_VERSION: '62.0',
      };
      report(
        'salesforce (collections, 200 per call)',
        await pushOnce('salesforce', await connectSalesforce(environment), sandbox, tables),
        undefined,
      );
      // A second org, so the Bulk API run inserts rather than updates what the first run wrote.
      const org = sandbox.addSalesforceOrg();
      const bulkEnvironment = {
        SF_INSTANCE_URL: org.instanceUrl,
        SF_ACCESS_TOKEN: org.accessToken,
        SF_API_VERSION: '62.0',
        SF_BULK_BATCH_SIZE: '10000',
        SF_BULK_POLL_MS: '25',
      };
      report(
        'salesforce (Bulk API 2.0, 10,000 per job)',
        await pushOnce('salesforce', await connectSalesforce(bulkEnvironment), sandbox, tables),
        undefined,
      );
    } finally {
      await sandbox.stop();
    }
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
