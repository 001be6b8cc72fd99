import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncOutbox } from '../outbox';
import { drainOutbox, retryDeadLetters } from '../syncEngine';
import { makeSyncRecord, type SyncRecord } from '../syncRecords';
import { FakeCrm, virtualClock } from './fakeCrm';

function touchpoints(count: number): SyncRecord[] {
  return Array.from({ length: count }, (_, index) =>
    makeSyncRecord('touchpoint', {
      touchpoint_id: `tp-${String(index).padStart(6, '0')}`,
      contact_id: `c-${index % 97}`,
      occurred_at: 1_700_000_000_000 + index * 1000,
      type: 'click',
      utm_campaign: `campaign-${index % 7}`,
    }),
  );
}

describe('drainOutbox', () => {
  let directory: string;
  let outbox: SyncOutbox;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sync-engine-'));
    outbox = new SyncOutbox(join(directory, 'outbox.sqlite'));
  });
  afterEach(() => {
    outbox.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes every record once in batches of the cap, and a rerun skips them all', async () => {
    const clock = virtualClock();
    const crm = new FakeCrm({ cap: 100, clock });
    const records = touchpoints(1050);
    expect(outbox.enqueue('hubspot', records)).toEqual({ queued: 1050, skipped: 0 });
    const summary = await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    expect(summary).toMatchObject({ written: 1050, failed: 0, pending: 0, apiCalls: 11, status: 'completed' });
    expect(crm.writeCalls).toBe(11);
    expect(crm.stored.get('touchpoint')?.size).toBe(1050);
    expect(outbox.enqueue('hubspot', records)).toEqual({ queued: 0, skipped: 1050 });
    const again = await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    expect(again.apiCalls).toBe(0);
  });

  it('requeues only a changed record', async () => {
    const clock = virtualClock();
    const crm = new FakeCrm({ clock });
    const records = touchpoints(10);
    outbox.enqueue('hubspot', records);
    await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    const changed = makeSyncRecord('touchpoint', { ...records[3].payload, type: 'meeting' });
    expect(outbox.enqueue('hubspot', [...records.slice(0, 3), changed, ...records.slice(4)])).toEqual({ queued: 1, skipped: 9 });
  });

  it('retries 429s, 5xx and dropped connections, dead-letters rejected records with the reason, and one retry pass empties the list', async () => {
    const clock = virtualClock();
    const crm = new FakeCrm({ cap: 50, clock, seed: 7, faults: { rateLimit: 0.1, server: 0.05, network: 0.05, recordFailure: 0.02 } });
    outbox.enqueue('hubspot', touchpoints(3000));
    const summary = await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    expect(summary.written + summary.failed).toBe(3000);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.rateLimited).toBeGreaterThan(0);
    const dead = outbox.deadLetters('hubspot');
    expect(dead).toHaveLength(summary.failed);
    expect(dead[0].reason).toMatch(/^INVALID_FIELD: rejected tp-/);
    const fixedCrm = new FakeCrm({ cap: 50, clock, seed: 8 });
    for (const [kind, table] of crm.stored) fixedCrm.stored.set(kind, new Map(table));
    const retried = await retryDeadLetters({ adapter: fixedCrm, outbox, mode: 'push', clock });
    expect(retried.requeued).toBe(summary.failed);
    expect(outbox.deadLetters('hubspot')).toHaveLength(0);
    expect(outbox.countByState('hubspot')).toEqual({ pending: 0, written: 3000, dead: 0 });
    expect(fixedCrm.stored.get('touchpoint')?.size).toBe(3000);
  });

  it('keeps records of a call that failed past the retry budget pending, and the next run writes them', async () => {
    const clock = virtualClock();
    const broken = new FakeCrm({ clock, faults: { server: 1 } });
    outbox.enqueue('hubspot', touchpoints(250));
    const first = await drainOutbox({ adapter: broken, outbox, mode: 'push', clock, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 } });
    expect(first).toMatchObject({ written: 0, failed: 0, pending: 250, status: 'incomplete' });
    expect(outbox.deadLetters('hubspot')).toHaveLength(0);
    const healthy = new FakeCrm({ clock });
    const second = await drainOutbox({ adapter: healthy, outbox, mode: 'push', clock });
    expect(second).toMatchObject({ written: 250, pending: 0, status: 'completed' });
  });

  it('resumes after an interruption without losing or duplicating a record', async () => {
    const clock = virtualClock();
    const crm = new FakeCrm({ cap: 100, clock, faults: { network: 0.05 } });
    outbox.enqueue('hubspot', touchpoints(2000));
    const controller = new AbortController();
    const interrupted = await drainOutbox({
      adapter: crm,
      outbox,
      mode: 'push',
      clock,
      signal: controller.signal,
      onProgress: (progress) => progress.done >= 700 && controller.abort(),
    });
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.pending).toBeGreaterThan(0);
    outbox.close();
    outbox = new SyncOutbox(join(directory, 'outbox.sqlite'));
    const resumed = await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    expect(resumed.status).toBe('completed');
    expect(crm.stored.get('touchpoint')?.size).toBe(2000);
    expect(outbox.countByState('hubspot').written).toBe(2000);
  });

  it('never exceeds the rate window and uses most of it', async () => {
    const clock = virtualClock();
    const window = { maxRequests: 190, intervalMs: 10_000 };
    const crm = new FakeCrm({ cap: 10, clock, maxConcurrency: 8, rateWindow: window, enforceWindow: true });
    outbox.enqueue('hubspot', touchpoints(2_000));
    const summary = await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    expect(summary.rateLimited).toBe(0);
    expect(summary.written).toBe(2_000);
    for (let index = 0; index < crm.callTimes.length; index++) {
      const windowCalls = crm.callTimes.filter((time) => time > crm.callTimes[index] - window.intervalMs && time <= crm.callTimes[index]).length;
      expect(windowCalls).toBeLessThanOrEqual(window.maxRequests);
    }
    // 200 calls at 188 per 10 s (1% margin): the last 12 wait for the first window to pass, so just over 10 s.
    expect(summary.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(summary.durationMs).toBeLessThan(11_000);
  });

  it('dead-letters a record that fails validation without sending it', async () => {
    const clock = virtualClock();
    const crm = new FakeCrm({ clock });
    outbox.enqueue('hubspot', touchpoints(3));
    // Corrupt one queued payload behind the engine's back (as a bad migration or a hand edit would).
    (outbox as unknown as { database: { prepare(sql: string): { run(...args: unknown[]): void } } }).database
      .prepare("UPDATE outbox SET payload = json_set(payload, '$.occurred_at', 'yesterday') WHERE key = ?")
      .run('tp-000001|c-1');
    const summary = await drainOutbox({ adapter: crm, outbox, mode: 'push', clock });
    expect(summary).toMatchObject({ written: 2, failed: 1 });
    expect(outbox.deadLetters('hubspot')[0].reason).toMatch(/invalid touchpoint record tp-000001\|c-1: occurred_at/);
  });
});
