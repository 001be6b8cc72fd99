import type { CallObserver, CrmAdapter, CrmCallError, RecordOutcome } from './crmPort';
import type { OutboxEntry, SyncOutbox } from './outbox';
import { RatePacer, SYSTEM_CLOCK, type Clock } from './ratePacer';
import { backoffDelayMs, classifyFailure, DEFAULT_RETRY_SETTINGS, isRetryable, type RetrySettings } from './retryPolicy';
import { SYNC_KIND_ORDER, validateSyncPayload, type SyncKind, type SyncRecord } from './syncRecords';

export interface SyncProgress {
  readonly kind: SyncKind;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

export interface DrainOptions {
  readonly adapter: CrmAdapter;
  readonly outbox: SyncOutbox;
  /** What the run is, for the status table: 'push', 'sync full', 'sync since …', 'realtime deal …', 'retry'. */
  readonly mode: string;
  readonly kinds?: readonly SyncKind[];
  readonly retry?: RetrySettings;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly signal?: AbortSignal;
  /** Rate window override (tests, or an account with a purchased limit increase). */
  readonly rateWindow?: { maxRequests: number; intervalMs: number };
  /** Records skipped at enqueue time (unchanged), carried into the run status. */
  readonly skipped?: number;
  /** The pacer to use; by default one per adapter, kept across runs so back-to-back drains share the window. */
  readonly pacer?: RatePacer;
}

const pacers = new WeakMap<CrmAdapter, RatePacer>();

/** One pacer per adapter (per API token): requests of consecutive drains count against the same rolling window. */
function pacerOf(adapter: CrmAdapter, create: () => RatePacer): RatePacer {
  let pacer = pacers.get(adapter);
  if (!pacer) pacers.set(adapter, (pacer = create()));
  return pacer;
}

export interface SyncRunSummary {
  readonly runId: number;
  readonly crm: string;
  readonly mode: string;
  written: number;
  /** Records the CRM rejected in this run: now dead letters with its reason. */
  failed: number;
  skipped: number;
  /** Records still queued at the end (transient failures past the retry budget, a daily limit, or an interruption). */
  pending: number;
  apiCalls: number;
  rateLimited: number;
  durationMs: number;
  /** Longest wait of a record written in this run, from queued to confirmed by the CRM. */
  lagMs: number;
  budget: string;
  status: 'completed' | 'interrupted' | 'stopped-daily-limit' | 'incomplete';
}

const PAGE_BATCHES = 16;
const MAX_RATE_LIMIT_RETRIES = 60;

/**
 * Writes every pending outbox record to the CRM, kind by kind in dependency order, in batches of the
 * API's cap, with as many requests in flight as the rate budget allows. Each batch is validated again
 * (zod), sent, and its per-record outcomes are committed to the outbox: written, or dead-lettered with
 * the CRM's reason. Whole-call failures are retried (429: the pacer's wait; 5xx and dropped
 * connections: jittered exponential backoff); past the retry budget the records simply stay pending.
 */
export async function drainOutbox(options: DrainOptions): Promise<SyncRunSummary> {
  const { adapter, outbox } = options;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const random = options.random ?? Math.random;
  const retry = options.retry ?? DEFAULT_RETRY_SETTINGS;
  const window = options.rateWindow ?? adapter.rateWindow;
  const pacer =
    options.pacer ??
    pacerOf(
      adapter,
      () =>
        new RatePacer({ maxRequests: window?.maxRequests, intervalMs: window?.intervalMs, maxConcurrency: adapter.maxConcurrency, clock, random }),
    );
  const rateLimitedBefore = pacer.rateLimited;
  const startedAt = clock.now();
  const runId = outbox.startRun(adapter.name, options.mode, startedAt);
  const summary: SyncRunSummary = {
    runId,
    crm: adapter.name,
    mode: options.mode,
    written: 0,
    failed: 0,
    skipped: options.skipped ?? 0,
    pending: 0,
    apiCalls: 0,
    rateLimited: 0,
    durationMs: 0,
    lagMs: 0,
    budget: '',
    status: 'completed',
  };
  let stopDailyLimit = false;
  const observer: CallObserver = {
    onCall(budget) {
      summary.apiCalls++;
      pacer.observe(budget);
    },
  };
  const stopped = () => stopDailyLimit || options.signal?.aborted === true;

  const kinds = (options.kinds ?? SYNC_KIND_ORDER).filter((kind) => SYNC_KIND_ORDER.includes(kind));
  for (const kind of kinds) {
    if (stopped()) break;
    const total = outbox.countPending(adapter.name, kind);
    if (total === 0) continue;
    const cap = adapter.batchCap(kind);
    let done = 0;
    let afterKey = '';
    const page: OutboxEntry[][] = [];
    let exhausted = false;
    const nextBatch = (): OutboxEntry[] | undefined => {
      if (page.length === 0 && !exhausted) {
        const rows = outbox.pending(adapter.name, kind, afterKey, cap * PAGE_BATCHES);
        if (rows.length === 0) exhausted = true;
        else {
          afterKey = rows[rows.length - 1].key;
          for (let start = 0; start < rows.length; start += cap) page.push(rows.slice(start, start + cap));
        }
      }
      return page.shift();
    };

    const writeBatch = async (entries: OutboxEntry[]): Promise<void> => {
      const records: SyncRecord[] = [];
      const invalid: Array<{ key: string; reason: string }> = [];
      for (const entry of entries) {
        try {
          records.push({ kind, key: entry.key, payload: validateSyncPayload(kind, entry.payload, `record ${entry.key}`) });
        } catch (error) {
          invalid.push({ key: entry.key, reason: (error as Error).message });
        }
      }
      if (invalid.length > 0) {
        outbox.markDead(adapter.name, kind, invalid, clock.now());
        summary.failed += invalid.length;
      }
      let transientAttempts = 0;
      let rateLimitedAttempts = 0;
      while (records.length > 0) {
        if (stopped()) return;
        await pacer.acquire();
        let outcomes: RecordOutcome[] | undefined;
        let failure: CrmCallError | undefined;
        try {
          outcomes = await adapter.writeBatch(kind, records, observer);
          pacer.onSuccess();
        } catch (error) {
          failure = classifyFailure(error);
        } finally {
          pacer.release();
        }
        if (outcomes) {
          commitOutcomes(kind, records, outcomes, entries);
          return;
        }
        const callFailure = failure as CrmCallError;
        const keys = records.map((record) => record.key);
        if (callFailure.kind === 'rate-limit' && rateLimitedAttempts < MAX_RATE_LIMIT_RETRIES) {
          rateLimitedAttempts++;
          pacer.onRateLimited(callFailure.details.retryAfterMs);
          continue;
        }
        if (callFailure.kind === 'daily-limit') {
          stopDailyLimit = true;
          outbox.noteAttempt(adapter.name, kind, keys, callFailure.message, clock.now());
          return;
        }
        if (isRetryable(callFailure)) {
          if (transientAttempts < retry.maxAttempts) {
            await clock.sleep(backoffDelayMs(transientAttempts, retry, random));
            transientAttempts++;
            continue;
          }
          outbox.noteAttempt(adapter.name, kind, keys, callFailure.message, clock.now());
          return;
        }
        // Not retryable (bad request, no permission): every record of the call is a dead letter with the CRM's reason.
        outbox.markDead(
          adapter.name,
          kind,
          keys.map((key) => ({ key, reason: callFailure.message })),
          clock.now(),
        );
        summary.failed += keys.length;
        done += keys.length;
        return;
      }
    };

    const commitOutcomes = (batchKind: SyncKind, records: SyncRecord[], outcomes: RecordOutcome[], entries: OutboxEntry[]) => {
      const byKey = new Map(outcomes.map((outcome) => [outcome.key, outcome]));
      const written: Array<{ key: string; crmId?: string }> = [];
      const dead: Array<{ key: string; reason: string }> = [];
      for (const record of records) {
        const outcome = byKey.get(record.key);
        if (!outcome) dead.push({ key: record.key, reason: 'the CRM returned no result for this record' });
        else if (outcome.status === 'written') written.push({ key: record.key, crmId: outcome.crmId });
        else dead.push({ key: record.key, reason: outcome.reason });
      }
      const now = clock.now();
      outbox.markWritten(adapter.name, batchKind, written, now);
      if (dead.length > 0) outbox.markDead(adapter.name, batchKind, dead, now);
      summary.written += written.length;
      summary.failed += dead.length;
      const writtenKeys = new Set(written.map((item) => item.key));
      for (const entry of entries) if (writtenKeys.has(entry.key)) summary.lagMs = Math.max(summary.lagMs, now - entry.enqueuedAt);
      done += records.length;
      options.onProgress?.({ kind: batchKind, done, total, elapsedMs: now - startedAt });
    };

    const worker = async () => {
      for (let batch = nextBatch(); batch && !stopped(); batch = nextBatch()) await writeBatch(batch);
    };
    await Promise.all(Array.from({ length: Math.max(1, adapter.maxConcurrency) }, worker));
  }

  const finishedAt = clock.now();
  const counts = outbox.countByState(adapter.name);
  summary.pending = counts.pending;
  summary.rateLimited = pacer.rateLimited - rateLimitedBefore;
  summary.durationMs = finishedAt - startedAt;
  const { maxRequests, intervalMs } = pacer.budget;
  summary.budget =
    maxRequests !== undefined
      ? `${summary.apiCalls} calls in ${(summary.durationMs / 1000).toFixed(1)} s against ${maxRequests} per ${intervalMs / 1000} s (ceiling ${Math.floor((maxRequests * summary.durationMs) / intervalMs)})`
      : `${summary.apiCalls} calls in ${(summary.durationMs / 1000).toFixed(1)} s`;
  summary.status = stopDailyLimit
    ? 'stopped-daily-limit'
    : options.signal?.aborted
      ? 'interrupted'
      : summary.pending > 0
        ? 'incomplete'
        : 'completed';
  outbox.updateRun(runId, {
    finishedAt,
    written: summary.written,
    failed: summary.failed,
    skipped: summary.skipped,
    pendingAtEnd: summary.pending,
    apiCalls: summary.apiCalls,
    rateLimited: summary.rateLimited,
    budget: summary.budget,
    lagMs: summary.lagMs,
    status: summary.status,
  });
  return summary;
}

/** Puts the dead letters back in the queue and drains again: the retry pass. */
export async function retryDeadLetters(options: DrainOptions): Promise<SyncRunSummary & { requeued: number }> {
  const requeued = options.outbox.requeueDeadLetters(options.adapter.name, options.kinds);
  const summary = await drainOutbox({ ...options, mode: `${options.mode} (retry of ${requeued} dead letters)` });
  return { ...summary, requeued };
}
