'use strict';
/**
 * The sync reliability run (issue 6): push N touchpoints (with their campaigns, contacts and deals) to one
 * CRM of the sandbox while it answers 10% of calls with 429, 2% with 5xx, drops 1% of connections and
 * fails 1% of records inside batches; SIGKILL the `attribution push` process twice mid-run and restart it;
 * then one retry pass of the dead letters, and a credit sync. Checks: exactly N touchpoints in the CRM,
 * no duplicate, the credits equal a recompute from scratch, and no dead letter left.
 * Used by the tests (small N) and by scripts/bench/sync-reliability.js (N = 100,000).
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const Database = require('better-sqlite3');
const { startSandbox } = require('../../sandbox/dist');
const { createDataset, defaultResolver, findModel, prepareModels } = require('../../core/dist');
const { creditSyncRecords, syntheticSyncTables, SyncOutbox } = require('../../core/dist/sync');
const { writeDatasetCsv } = require('./writeDatasetCsv');

const CLI = join(__dirname, '..', '..', 'core', 'bin', 'attribution.js');
const FAULTS = '429:0.1,500:0.02,drop:0.01,partial:0.01';
/** The retry pass runs without per-record failures: the injected ones stand for transient CRM rejections. */
const RETRY_FAULTS = '429:0.1,500:0.02,drop:0.01';
const AS_OF = '2026-10-01';
const MODELS = ['linear', 'w-shaped'];
const NO_CALLS = { onCall() {} };

function connectorFor(crm) {
  return crm === 'hubspot'
    ? require('../../hubspot-app/dist/hubspotConnector').HUBSPOT_CONNECTOR
    : require('../../salesforce-package/dist/salesforceConnector').SALESFORCE_CONNECTOR;
}

function environmentFor(crm, sandbox) {
  const base = { ...process.env, FORCE_COLOR: '0' };
  if (crm === 'hubspot') return { ...base, HUBSPOT_ACCESS_TOKEN: sandbox.hubspot.accessToken, HUBSPOT_BASE_URL: sandbox.hubspot.baseUrl };
  return { ...base, SF_INSTANCE_URL: sandbox.salesforce.instanceUrl, SF_ACCESS_TOKEN: sandbox.salesforce.accessToken, SF_API_VERSION: '62.0' };
}

/** Runs the CLI; kills it with SIGKILL once the outbox shows `killAtWritten` records written. */
function runCli(args, environment, outboxFile, killAtWritten) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let killed = false;
    let timer;
    if (killAtWritten !== undefined) {
      timer = setInterval(() => {
        let written = 0;
        try {
          const reader = new Database(outboxFile, { readonly: true, fileMustExist: true });
          written = reader.prepare("SELECT COUNT(*) AS count FROM outbox WHERE state = 'written' AND kind = 'touchpoint'").get().count;
          reader.close();
        } catch {
          return; // not created yet
        }
        if (written >= killAtWritten && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }, 50);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, killed, stdout, stderr });
    });
  });
}

/** The error line of a failed CLI run (its stack frames left out). */
function firstError(stderr) {
  return stderr
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join(' ')
    .slice(0, 600);
}

async function touchpointKeys(connection) {
  const keys = [];
  for await (const record of connection.adapter.readAll('touchpoint', NO_CALLS)) keys.push(record.key);
  return keys;
}

async function runSyncReliability({ crm, touchpoints, hubspotRateLimitPer10s = 190, hubspotRateLimitWindowMs = 10_000, log = () => undefined }) {
  const directory = mkdtempSync(join(tmpdir(), `sync-reliability-${crm}-`));
  const sandbox = await startSandbox({ hubspotRateLimitPer10s, hubspotRateLimitWindowMs, salesforceDailyApiLimit: 100_000_000 });
  const figures = { crm, touchpoints, faults: FAULTS, runs: [] };
  try {
    const tables = syntheticSyncTables({ touchpoints, seed: 2026 });
    const dataDirectory = join(directory, 'data');
    writeDatasetCsv(dataDirectory, tables);
    const outboxFile = join(directory, 'outbox.sqlite');
    const environment = environmentFor(crm, sandbox);
    const connection = await connectorFor(crm).connect(environment);
    if (crm === 'hubspot') await connection.setup(NO_CALLS);
    sandbox.clearRequestLog();
    sandbox.setFaults(FAULTS);
    const started = Date.now();
    const pushArgs = ['push', crm, '--data', dataDirectory, '--outbox', outboxFile];
    for (const killAt of [Math.floor(touchpoints / 3), Math.floor((2 * touchpoints) / 3), undefined]) {
      const run = await runCli(pushArgs, environment, outboxFile, killAt);
      figures.runs.push({
        command: 'push',
        killedAtWritten: run.killed ? killAt : null,
        exit: run.signal ?? run.code,
        summary: run.stdout.trim().split('\n').pop() ?? '',
      });
      log(
        `push ${run.killed ? `killed at ≥${killAt} touchpoints written` : `exit ${run.code}`}: ${run.stdout.trim()} ${run.code && !run.killed ? firstError(run.stderr) : ''}`,
      );
    }
    const outbox = new SyncOutbox(outboxFile);
    figures.deadLettersBeforeRetry = outbox.countByState(crm).dead;
    figures.deadLetterSample = outbox.deadLetters(crm, 2).map((letter) => `${letter.kind} ${letter.key}: ${letter.reason}`);
    outbox.close();
    sandbox.setFaults(RETRY_FAULTS);
    const retry = await runCli([...pushArgs, '--retry-dead-letters'], environment, outboxFile);
    figures.runs.push({ command: 'push --retry-dead-letters', exit: retry.code, summary: retry.stdout.trim().split('\n').pop() ?? '' });
    log(`retry pass: ${retry.stdout.trim()}`);
    figures.pushSeconds = (Date.now() - started) / 1000;

    sandbox.setFaults(FAULTS);
    const syncStarted = Date.now();
    const syncArgs = ['sync', crm, '--models', MODELS.join(','), '--as-of', AS_OF, '--outbox', outboxFile];
    const sync = await runCli(syncArgs, environment, outboxFile);
    log(`sync: ${sync.stdout.trim()} ${sync.code ? firstError(sync.stderr) : ''}`);
    sandbox.setFaults(RETRY_FAULTS);
    const syncRetry = await runCli([...syncArgs, '--retry-dead-letters'], environment, outboxFile);
    log(`sync retry pass: ${syncRetry.stdout.trim()}`);
    figures.runs.push(
      { command: 'sync', exit: sync.code, summary: sync.stdout.trim().split('\n').pop() ?? '' },
      { command: 'sync --retry-dead-letters', exit: syncRetry.code, summary: syncRetry.stdout.trim().split('\n').pop() ?? '' },
    );
    figures.syncSeconds = (Date.now() - syncStarted) / 1000;
    sandbox.setFaults('');

    const requests = sandbox.requestLog().filter((entry) => entry.service === crm);
    figures.requests = requests.length;
    figures.status429 = requests.filter((entry) => entry.status === 429).length;
    figures.status5xx = requests.filter((entry) => entry.status >= 500).length;
    figures.dropped = requests.filter((entry) => entry.status === 0).length;

    const keys = await touchpointKeys(connection);
    figures.touchpointsInCrm = keys.length;
    figures.distinctTouchpointKeys = new Set(keys).size;
    const expectedKeys = new Set(tables.touchpoints.map((touchpoint) => `${touchpoint.touchpoint_id}|${touchpoint.contact_id}`));
    figures.missingTouchpoints = [...expectedKeys].filter((key) => !keys.includes(key)).length;

    // Recompute the credits from scratch from what the CRM holds, and compare key by key.
    const reread = createDataset(await connection.readTables({ mode: 'full' }, NO_CALLS));
    const resolutions = defaultResolver().resolve(reread);
    const settings = { asOf: Date.parse(`${AS_OF}T00:00:00Z`), lookbackDays: 365, halfLifeDays: 7 };
    const prepared = prepareModels(reread, resolutions, MODELS.map(findModel), settings);
    const expected = new Map();
    for (const record of creditSyncRecords(reread, resolutions, prepared))
      if (record.kind === 'credit') expected.set(record.key, record.payload.share);
    const actual = new Map();
    let duplicateCredits = 0;
    for await (const record of connection.adapter.readAll('credit', NO_CALLS)) {
      if (actual.has(record.key)) duplicateCredits++;
      actual.set(record.key, record.payload.share);
    }
    let creditMismatches = 0;
    for (const [key, share] of expected) if (!actual.has(key) || Math.abs(actual.get(key) - share) > 1e-9) creditMismatches++;
    for (const key of actual.keys()) if (!expected.has(key)) creditMismatches++;
    figures.creditsExpected = expected.size;
    figures.creditsInCrm = actual.size;
    figures.duplicateCredits = duplicateCredits;
    figures.creditMismatches = creditMismatches;
    const finalOutbox = new SyncOutbox(outboxFile);
    figures.deadLettersAfterRetry = finalOutbox.countByState(crm).dead;
    figures.pendingAtEnd = finalOutbox.countByState(crm).pending;
    finalOutbox.close();
    await connection.close?.();
    return figures;
  } finally {
    await sandbox.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

module.exports = { runSyncReliability, FAULTS };
