import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START = join(__dirname, '..', '..', '..', 'scripts', 'start.js');

/** `npm start` smoke test: seeds on the first start, reuses the data on the second, reads back through both clients. */
describe('npm start (scripts/start.js)', () => {
  it('seeds once, compares every model on data read back through the real clients, and reopens the same database', () => {
    const directory = mkdtempSync(join(tmpdir(), 'pa-start-'));
    try {
      const run = () => spawnSync(process.execPath, [START], { env: { ...process.env, PA_START_ONCE: '1', PA_SANDBOX_DIR: directory }, encoding: 'utf8', timeout: 120_000 });
      const first = run();
      // On failure this shows stderr next to the exit status.
      expect({ status: first.status, stderr: first.status === 0 ? '' : first.stderr }).toEqual({ status: 0, stderr: '' });
      expect(first.stdout).toMatch(/^Sandbox created and seeded at /);
      expect(first.stdout).toMatch(/HubSpot portal \d+ \(@hubspot\/api-client\): \d+ campaigns, \d+ contacts, \d+ deals, \d+ touchpoints/);
      expect(first.stdout).toMatch(/Salesforce org 00D\w+ \(jsforce\): \d+ campaigns, \d+ contacts, \d+ leads, \d+ opportunities/);
      expect(first.stdout).toContain('Credited pipeline (open + won deals) by campaign');
      expect(first.stdout).toMatch(/linear\s+position-based/);
      // Open deals are judged as of the demo's latest activity, so their touches stay inside the lookback.
      expect(first.stdout).toMatch(/by campaign \(as of 2025-/);
      expect(first.stdout).not.toContain('(no touchpoints)');
      expect(first.stdout).toMatch(/HubSpot sandbox: +http:\/\/127\.0\.0\.1:\d+/);
      const second = run();
      expect({ status: second.status, stderr: second.status === 0 ? '' : second.stderr }).toEqual({ status: 0, stderr: '' });
      expect(second.stdout).toMatch(/^Sandbox reopened at /);
      const counts = (output: string) => output.split('\n').filter((line) => line.includes('(@hubspot/api-client)') || line.includes('(jsforce)'));
      expect(counts(second.stdout)).toEqual(counts(first.stdout));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 240_000);
});
