import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startSandbox } from '../sandbox';

const FIXTURES = join(__dirname, '..', 'salesforce', '__tests__', 'fixtures');

describe('startSandbox', () => {
  it('keeps portals, orgs, records and tokens in its database file across restarts', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pa-sandbox-'));
    try {
      const dbFile = join(directory, 'sandbox.db');
      const first = await startSandbox({ dbFile, salesforceMetadataDir: FIXTURES });
      expect(first.created).toBe(true);
      const response = await fetch(`${first.hubspot.baseUrl}/crm/v3/objects/contacts`, {
        method: 'POST', headers: { Authorization: `Bearer ${first.hubspot.accessToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ properties: { email: 'kept@example.com' } }),
      });
      const { id } = (await response.json()) as { id: string };
      await first.stop();

      const second = await startSandbox({ dbFile, salesforceMetadataDir: FIXTURES });
      expect(second.created).toBe(false);
      expect(second.hubspot.accessToken).toBe(first.hubspot.accessToken);
      expect(second.salesforce.orgId).toBe(first.salesforce.orgId);
      const kept = await fetch(`${second.hubspot.baseUrl}/crm/v3/objects/contacts/${id}?properties=email`, { headers: { Authorization: `Bearer ${second.hubspot.accessToken}` } });
      expect(((await kept.json()) as { properties: { email: string } }).properties.email).toBe('kept@example.com');
      await second.stop();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('rejects bad options naming them', async () => {
    await expect(startSandbox({ hubspotPort: -1 })).rejects.toThrow('hubspotPort');
    await expect(startSandbox({ faults: 'bogus:1' })).rejects.toThrow('bogus');
  });

  it('serves several orgs apart in one sandbox', async () => {
    const sandbox = await startSandbox({ salesforceMetadataDir: FIXTURES });
    try {
      const other = sandbox.addSalesforceOrg();
      expect(other.orgId).not.toBe(sandbox.salesforce.orgId);
      const create = (credentials: typeof other) =>
        fetch(`${credentials.instanceUrl}/services/data/v62.0/sobjects/Account`, { method: 'POST', headers: { Authorization: `Bearer ${credentials.accessToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ Name: 'Mine' }) });
      const { id } = (await (await create(other)).json()) as { id: string };
      const fromFirst = await fetch(`${sandbox.salesforce.instanceUrl}/services/data/v62.0/sobjects/Account/${id}`, { headers: { Authorization: `Bearer ${sandbox.salesforce.accessToken}` } });
      expect(fromFirst.status).toBe(404);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('attribution sandbox (CLI)', () => {
  it('prints one JSON line with both services, serves, and stops on SIGTERM', async () => {
    const bin = join(__dirname, '..', '..', '..', 'core', 'bin', 'attribution.js');
    const child = spawn(process.execPath, [bin, 'sandbox', '--faults', 'latency-ms:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const printed = JSON.parse(firstLine) as { hubspot: { baseUrl: string; accessToken: string; portalId: number }; salesforce: { instanceUrl: string; loginUrl: string; accessToken: string; apiVersion: string } };
    expect(Object.keys(printed.hubspot).sort()).toEqual(['accessToken', 'baseUrl', 'portalId']);
    expect(Object.keys(printed.salesforce).sort()).toEqual(['accessToken', 'apiVersion', 'instanceUrl', 'loginUrl']);
    const response = await fetch(`${printed.hubspot.baseUrl}/crm/v3/objects/deals?limit=1`, { headers: { Authorization: `Bearer ${printed.hubspot.accessToken}` } });
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
