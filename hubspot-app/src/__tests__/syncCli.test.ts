import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '@pipeline-attribution/sandbox';
import { main } from '@pipeline-attribution/core/dist/cli/main';
import { syntheticSyncTables, SyncOutbox } from '@pipeline-attribution/core/dist/sync';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeDatasetCsv } = require('../../../scripts/sync/writeDatasetCsv');

describe('attribution push hubspot (the CLI, in process)', () => {
  let sandbox: SandboxHandle;
  let directory: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    sandbox = await startSandbox({ hubspotDailyLimit: 40 });
    directory = mkdtempSync(join(tmpdir(), 'sync-cli-'));
    writeDatasetCsv(join(directory, 'data'), syntheticSyncTables({ touchpoints: 6000, seed: 3 }));
    process.env.HUBSPOT_ACCESS_TOKEN = sandbox.hubspot.accessToken;
    process.env.HUBSPOT_BASE_URL = sandbox.hubspot.baseUrl;
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stops at the daily limit with exit 1, keeps the rest queued, and `sync status` shows it', async () => {
    const outboxFile = join(directory, 'outbox.sqlite');
    expect(await main(['setup', 'hubspot'])).toBe(0);
    const output: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (output.push(String(chunk)), true));
    try {
      expect(await main(['push', 'hubspot', '--data', join(directory, 'data'), '--outbox', outboxFile])).toBe(1);
      expect(await main(['sync', 'status', '--outbox', outboxFile])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(output.join('')).toMatch(/hubspot push: stopped-daily-limit — written \d+, failed 0/);
    const outbox = new SyncOutbox(outboxFile);
    const counts = outbox.countByState('hubspot');
    outbox.close();
    expect(counts.pending).toBeGreaterThan(0);
    expect(output.join('')).toContain(`hubspot: pending ${counts.pending}, written ${counts.written}, dead letters 0`);
  }, 60_000);
});
