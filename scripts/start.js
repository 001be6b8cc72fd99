#!/usr/bin/env node
// `npm start`: the product's main job until the CRM screens land. Starts the local CRM sandbox on a
// persistent database under .sandbox/, seeds a demo HubSpot portal and Salesforce org on the first
// start, reads the demo data back THROUGH THE REAL CLIENTS (@hubspot/api-client, jsforce), runs every
// attribution model on what came back (the `compare` command: prepareModels + compareModels), prints
// the comparison with the sandbox URLs and credentials, and serves until Ctrl-C.
// PA_START_ONCE=1 exits after printing (smoke tests); PA_HUBSPOT_PORT / PA_SALESFORCE_PORT pin ports;
// PA_SANDBOX_DIR moves the database folder (default .sandbox/).
'use strict';
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { startSandbox } = require('../sandbox/dist');
const { HUBSPOT_DEMO } = require('../sandbox/dist/demo/demoSchema');
const { main } = require('../core/dist/cli/main');
const { csvLine } = require('../core/dist');
const { Client } = require('@hubspot/api-client');
const { Connection } = require('jsforce');

const SANDBOX_DIR = process.env.PA_SANDBOX_DIR || join(root, '.sandbox');
const ms = (iso) => (iso ? new Date(iso).toISOString() : '');

/** Reads the demo portal back with @hubspot/api-client and writes the four CSV files `compare` reads. */
async function readHubSpotDemo(credentials, directory) {
  // 250 per 10 s is HubSpot's burst with the API limit increase pack (contract §b.8); the client's own
  // limiter is relaxed so reading ~200 pages does not take half a minute.
  const client = new Client({ accessToken: credentials.accessToken, basePath: credentials.baseUrl, numberOfApiCallRetries: 3, limiterOptions: { minTime: 0, maxConcurrent: 4 } });
  // The objects API has no getAll helper: page custom objects with basicApi.getPage until paging ends.
  const allOf = async (objectType, properties) => {
    const records = [];
    let after;
    do {
      const page = await client.crm.objects.basicApi.getPage(objectType, 100, after, properties);
      records.push(...page.results);
      after = page.paging?.next?.after;
    } while (after);
    return records;
  };
  const [campaigns, contacts, touchpoints, deals] = await Promise.all([
    allOf(HUBSPOT_DEMO.campaignObject, [...HUBSPOT_DEMO.campaignProperties]),
    client.crm.contacts.getAll(100, undefined, [HUBSPOT_DEMO.contactKey, 'createdate']),
    allOf(HUBSPOT_DEMO.touchpointObject, [...HUBSPOT_DEMO.touchpointProperties]),
    client.crm.deals.getAll(100, undefined, ['dealname', 'amount', HUBSPOT_DEMO.dealCurrency, HUBSPOT_DEMO.dealKey, 'dealstage', 'createdate', 'closedate'], undefined, ['contacts']),
  ]);
  const contactKeyById = new Map(contacts.map((contact) => [contact.id, contact.properties[HUBSPOT_DEMO.contactKey]]));
  const write = (name, header, rows) => writeFileSync(join(directory, name), csvLine(header) + rows.map((row) => csvLine(header.map((column) => row[column] ?? ''))).join(''));
  write('campaigns.csv', HUBSPOT_DEMO.campaignProperties, campaigns.map((record) => ({ ...record.properties, start_at: ms(record.properties.start_at), end_at: ms(record.properties.end_at) })));
  write('contacts.csv', ['contact_id', 'created_at'], contacts.map((record) => ({ contact_id: record.properties[HUBSPOT_DEMO.contactKey], created_at: ms(record.properties.createdate) })));
  write('touchpoints.csv', HUBSPOT_DEMO.touchpointProperties.filter((column) => column !== 'touchpoint_key'), touchpoints.map((record) => ({ ...record.properties, occurred_at: ms(record.properties.occurred_at) })));
  write('deals.csv', ['deal_id', 'name', 'amount', 'currency', 'stage', 'created_at', 'closed_at', 'is_won', 'contact_ids'], deals.map((record) => {
    const stage = record.properties.dealstage;
    const closed = stage === 'closedwon' || stage === 'closedlost';
    const contactIds = (record.associations?.contacts?.results ?? []).map((association) => contactKeyById.get(association.id)).filter(Boolean);
    return {
      deal_id: record.properties[HUBSPOT_DEMO.dealKey], name: record.properties.dealname, amount: record.properties.amount, currency: record.properties[HUBSPOT_DEMO.dealCurrency] || 'USD',
      stage, created_at: ms(record.properties.createdate), closed_at: closed ? ms(record.properties.closedate) : '', is_won: String(stage === 'closedwon'), contact_ids: contactIds.join(';'),
    };
  }));
  // The demo is a snapshot of one period: open deals are judged as of its latest recorded activity, not
  // today, or every open deal's lookback window would fall after its touches.
  const times = [
    ...touchpoints.map((record) => record.properties.occurred_at),
    ...deals.flatMap((record) => [record.properties.createdate, record.properties.closedate]),
  ].map((iso) => (iso ? Date.parse(iso) : NaN)).filter(Number.isFinite);
  const latestActivity = times.length > 0 ? new Date(Math.max(...times)).toISOString() : undefined;
  return { campaigns: campaigns.length, contacts: contacts.length, touchpoints: touchpoints.length, deals: deals.length, latestActivity };
}

/** Reads the demo org back with jsforce: opportunities, people and touchpoints. */
async function readSalesforceDemo(credentials) {
  const connection = new Connection({ instanceUrl: credentials.instanceUrl, accessToken: credentials.accessToken, version: credentials.apiVersion });
  const opportunities = await connection.query('SELECT Id, Amount, IsWon, IsClosed, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity', { autoFetch: true, maxFetch: 1_000_000 });
  const count = async (object) => (await connection.query(`SELECT COUNT() FROM ${object}`)).totalSize;
  const touchpoints = await count('Attribution_Touchpoint__c').catch(() => 0);
  const won = opportunities.records.filter((record) => record.IsWon);
  return {
    opportunities: opportunities.totalSize,
    won: won.length,
    wonAmount: won.reduce((sum, record) => sum + (record.Amount ?? 0), 0),
    contacts: await count('Contact'),
    leads: await count('Lead'),
    campaigns: await count('Campaign'),
    touchpoints,
  };
}

async function run() {
  mkdirSync(SANDBOX_DIR, { recursive: true });
  // The folder ignores itself, so the database never lands in git.
  writeFileSync(join(SANDBOX_DIR, '.gitignore'), '*\n');
  const started = Date.now();
  const sandbox = await startSandbox({
    dbFile: join(SANDBOX_DIR, 'sandbox.db'),
    seedDemo: true,
    hubspotPort: Number(process.env.PA_HUBSPOT_PORT ?? 0),
    salesforcePort: Number(process.env.PA_SALESFORCE_PORT ?? 0),
    hubspotRateLimitPer10s: 250,
  });
  process.stdout.write(`Sandbox ${sandbox.created ? 'created and seeded' : 'reopened'} at ${join(SANDBOX_DIR, 'sandbox.db')} in ${Date.now() - started} ms\n\n`);
  const directory = mkdtempSync(join(tmpdir(), 'pa-demo-'));
  let code = 0;
  try {
    code = await compareThroughClients(sandbox, directory);
  } catch (error) {
    await sandbox.stop();
    throw error;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  printCredentials(sandbox);
  if (process.env.PA_START_ONCE === '1') {
    await sandbox.stop();
    return code;
  }
  process.stdout.write('\nServing until Ctrl-C.\n');
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.stop();
  return code;
}

async function compareThroughClients(sandbox, directory) {
  {
    const readStarted = Date.now();
    const [hubspotCounts, salesforceCounts] = await Promise.all([readHubSpotDemo(sandbox.hubspot, directory), readSalesforceDemo(sandbox.salesforce)]);
    process.stdout.write(
      `Read back through the real clients in ${Date.now() - readStarted} ms:\n` +
        `  HubSpot portal ${sandbox.hubspot.portalId} (@hubspot/api-client): ${hubspotCounts.campaigns} campaigns, ${hubspotCounts.contacts} contacts, ${hubspotCounts.deals} deals, ${hubspotCounts.touchpoints} touchpoints\n` +
        `  Salesforce org ${sandbox.salesforce.orgId} (jsforce): ${salesforceCounts.campaigns} campaigns, ${salesforceCounts.contacts} contacts, ${salesforceCounts.leads} leads, ` +
        `${salesforceCounts.opportunities} opportunities (${salesforceCounts.won} won, ${salesforceCounts.wonAmount.toLocaleString('en-US')} won amount), ${salesforceCounts.touchpoints} touchpoints\n\n`,
    );
    const asOf = hubspotCounts.latestActivity ? ['--as-of', hubspotCounts.latestActivity] : [];
    return main(['compare', '--data', directory, '--models', 'all', '--rules', join(root, 'examples', 'custom-rules.json'), ...asOf]);
  }
}

function printCredentials(sandbox) {
  const { hubspot, salesforce } = sandbox;
  process.stdout.write(
    `\nHubSpot sandbox:    ${hubspot.baseUrl}  portal ${hubspot.portalId}\n` +
      `  access token ${hubspot.accessToken}\n  OAuth app client_id ${hubspot.clientId} client_secret ${hubspot.clientSecret} refresh_token ${hubspot.refreshToken}\n` +
      `Salesforce sandbox: ${salesforce.instanceUrl}  org ${salesforce.orgId}  API v${salesforce.apiVersion}\n` +
      `  access token ${salesforce.accessToken}\n  username ${salesforce.username} password ${salesforce.password} client_id ${salesforce.clientId}\n` +
      `(local sandbox credentials only; they reach nothing outside this machine)\n`,
  );
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`npm start: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
