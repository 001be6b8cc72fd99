import { CrmCallError, type CallObserver, type CrmAdapter, type CrmRecord, type RecordOutcome } from '../crmPort';
import type { Clock } from '../ratePacer';
import type { SyncKind, SyncRecord } from '../syncRecords';

/**
 * An in-memory CRM port for the engine's pure logic (pacing, retries, outbox bookkeeping). It is not
 * an emulator of either API: the adapters are tested against the sandbox with the real clients.
 * Faults are decided by a seeded generator so each test is reproducible.
 */
export class FakeCrm implements CrmAdapter {
  readonly name = 'hubspot' as const;
  readonly kinds = ['creator', 'campaign', 'contact', 'deal', 'touchpoint', 'credit', 'revenue'] as const;
  readonly maxConcurrency: number;
  readonly rateWindow?: { maxRequests: number; intervalMs: number };
  readonly stored = new Map<string, Map<string, unknown>>();
  readonly callTimes: number[] = [];
  writeCalls = 0;
  upserts = 0;
  private random: () => number;

  constructor(
    private readonly settings: {
      cap?: number;
      maxConcurrency?: number;
      rateWindow?: { maxRequests: number; intervalMs: number };
      faults?: { rateLimit?: number; server?: number; network?: number; recordFailure?: number; permanent?: (key: string) => boolean };
      seed?: number;
      clock?: Clock;
      /** Enforce the window like the real API: calls over it get a 429. */
      enforceWindow?: boolean;
    } = {},
  ) {
    this.maxConcurrency = settings.maxConcurrency ?? 4;
    this.rateWindow = settings.rateWindow;
    let state = settings.seed ?? 42;
    this.random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  batchCap(): number {
    return this.settings.cap ?? 100;
  }

  async writeBatch(kind: SyncKind, records: readonly SyncRecord[], call: CallObserver): Promise<RecordOutcome[]> {
    const now = this.settings.clock?.now() ?? Date.now();
    this.callTimes.push(now);
    this.writeCalls++;
    call.onCall();
    if (records.length > this.batchCap()) throw new CrmCallError('client', `batch of ${records.length} over the cap`);
    await Promise.resolve();
    const window = this.rateWindow;
    if (this.settings.enforceWindow && window) {
      const inWindow = this.callTimes.filter((time) => time > now - window.intervalMs).length;
      if (inWindow > window.maxRequests)
        throw new CrmCallError('rate-limit', 'You have reached your ten_secondly_rolling limit.', {
          status: 429,
          policyName: 'TEN_SECONDLY_ROLLING',
        });
    }
    const faults = this.settings.faults ?? {};
    const draw = this.random();
    if (draw < (faults.rateLimit ?? 0)) throw new CrmCallError('rate-limit', '429', { status: 429, retryAfterMs: 50 });
    if (draw < (faults.rateLimit ?? 0) + (faults.server ?? 0)) throw new CrmCallError('server', '502 Bad Gateway', { status: 502 });
    const dropped = draw < (faults.rateLimit ?? 0) + (faults.server ?? 0) + (faults.network ?? 0);
    let table = this.stored.get(kind);
    if (!table) this.stored.set(kind, (table = new Map()));
    const outcomes: RecordOutcome[] = [];
    for (const record of records) {
      if (faults.permanent?.(record.key) || this.random() < (faults.recordFailure ?? 0)) {
        outcomes.push({ key: record.key, status: 'failed', reason: `INVALID_FIELD: rejected ${record.key}` });
        continue;
      }
      table.set(record.key, record.payload);
      this.upserts++;
      outcomes.push({ key: record.key, status: 'written', crmId: `id-${record.key}` });
    }
    // A dropped connection after the CRM applied the writes: the client never sees the answer.
    if (dropped) throw new TypeError('fetch failed');
    return outcomes;
  }

  async *readAll(kind: SyncKind): AsyncIterable<CrmRecord> {
    for (const [key, payload] of this.stored.get(kind) ?? []) yield { key, crmId: `id-${key}`, payload: payload as CrmRecord['payload'] };
  }

  async deleteByKeys(kind: SyncKind, keys: readonly string[]): Promise<string[]> {
    const table = this.stored.get(kind);
    return keys.filter((key) => table?.delete(key));
  }

  async findKeysOfContact(kind: SyncKind, contactKey: string): Promise<string[]> {
    return [...(this.stored.get(kind) ?? [])]
      .filter(([, payload]) => (payload as { contact_id?: string }).contact_id === contactKey)
      .map(([key]) => key);
  }
}

/** A virtual clock: sleeping advances time instantly, so backoffs and windows cost no wall time. */
export function virtualClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    async sleep(ms: number) {
      // Concurrent sleepers wake at their own deadlines: time moves to the latest deadline reached, not the sum.
      const deadline = now + ms;
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, deadline);
    },
  };
}
