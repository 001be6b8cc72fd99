import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { contactKeyOf, validateSyncPayload, type SyncKind, type SyncPayload, type SyncRecord } from './syncRecords';

export type OutboxState = 'pending' | 'written' | 'dead';

/** A queued record as stored. */
export interface OutboxEntry {
  readonly crm: string;
  readonly kind: SyncKind;
  readonly key: string;
  readonly payload: SyncPayload<SyncKind>;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly reason: string | null;
  readonly enqueuedAt: number;
}

export interface EnqueueCounts {
  /** New or changed records now waiting to be written. */
  queued: number;
  /** Identical to what the CRM already holds: nothing to do. */
  skipped: number;
}

export interface RunRecord {
  id: number;
  crm: string;
  mode: string;
  startedAt: number;
  finishedAt: number | null;
  written: number;
  failed: number;
  skipped: number;
  pendingAtEnd: number | null;
  apiCalls: number;
  rateLimited: number;
  budget: string | null;
  lagMs: number | null;
  status: string;
  message: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  crm TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
  payload TEXT NOT NULL, hash TEXT NOT NULL, contact_key TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending','written','dead')),
  attempts INTEGER NOT NULL DEFAULT 0, reason TEXT, crm_id TEXT,
  enqueued_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (crm, kind, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS outbox_by_state ON outbox (crm, state, kind, key);
CREATE INDEX IF NOT EXISTS outbox_by_contact ON outbox (contact_key);
CREATE INDEX IF NOT EXISTS outbox_by_crm_id ON outbox (crm, kind, crm_id);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, crm TEXT NOT NULL, mode TEXT NOT NULL,
  started_at INTEGER NOT NULL, finished_at INTEGER, written INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0, pending_at_end INTEGER,
  api_calls INTEGER NOT NULL DEFAULT 0, rate_limited INTEGER NOT NULL DEFAULT 0, budget TEXT,
  lag_ms INTEGER, status TEXT NOT NULL, message TEXT
);
CREATE TABLE IF NOT EXISTS cursors (crm TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (crm, name));
CREATE TABLE IF NOT EXISTS erasures (
  id INTEGER PRIMARY KEY AUTOINCREMENT, contact_key_hash TEXT NOT NULL, erased_at INTEGER NOT NULL, report TEXT NOT NULL
);
`;

/** A stable JSON text (sorted keys), so equal payloads hash equal whatever order their fields came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/**
 * The durable outbox (SQLite, WAL): every record to write is queued here in a transaction before any
 * API call, and marked written only after the CRM confirmed it. A crash at any point leaves the
 * unconfirmed records pending, and the next run resumes with them; because writes are upserts by
 * external key, re-sending a record the CRM already took changes nothing. Records the CRM rejected
 * (a 207 error, a failed collection row) are kept as dead letters with the CRM's reason until retried.
 */
export class SyncOutbox {
  private readonly database: Database.Database;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.database = new Database(file);
    this.database.pragma('journal_mode = WAL');
    // NORMAL is durable across a process crash in WAL mode (only an OS crash may lose the last commits).
    this.database.pragma('synchronous = NORMAL');
    this.database.pragma('busy_timeout = 5000');
    this.database.exec(SCHEMA);
  }

  close(): void {
    this.database.close();
  }

  /**
   * Queues records; a record identical to one already written (same payload hash) is skipped, a changed
   * one goes back to pending. Each record is validated with zod first: nothing invalid enters the outbox.
   */
  enqueue(crm: string, records: Iterable<SyncRecord>, now = Date.now()): EnqueueCounts {
    const select = this.database.prepare<[string, string, string], { hash: string; state: OutboxState }>(
      'SELECT hash, state FROM outbox WHERE crm = ? AND kind = ? AND key = ?',
    );
    const upsert = this.database.prepare(
      `INSERT INTO outbox (crm, kind, key, payload, hash, contact_key, state, attempts, reason, enqueued_at, updated_at)
       VALUES (@crm, @kind, @key, @payload, @hash, @contact, 'pending', 0, NULL, @now, @now)
       ON CONFLICT (crm, kind, key) DO UPDATE SET payload = excluded.payload, hash = excluded.hash, contact_key = excluded.contact_key,
         state = 'pending', attempts = 0, reason = NULL, enqueued_at = excluded.enqueued_at, updated_at = excluded.updated_at`,
    );
    const counts: EnqueueCounts = { queued: 0, skipped: 0 };
    const insertAll = this.database.transaction((batch: SyncRecord[]) => {
      for (const record of batch) {
        const payload = validateSyncPayload(record.kind, record.payload, `record ${record.key}`);
        const payloadText = canonicalJson(payload);
        const hash = hashOf(payloadText);
        const existing = select.get(crm, record.kind, record.key);
        if (existing && existing.hash === hash) {
          // Identical to what the CRM confirmed: nothing to do. Identical but still queued (a run was
          // interrupted) or dead: it stays as it is, and counts as queued.
          if (existing.state === 'written') counts.skipped++;
          else counts.queued++;
          continue;
        }
        upsert.run({ crm, kind: record.kind, key: record.key, payload: payloadText, hash, contact: contactKeyOf(record.kind, payload), now });
        counts.queued++;
      }
    });
    let batch: SyncRecord[] = [];
    for (const record of records) {
      batch.push(record);
      if (batch.length === 10_000) {
        insertAll(batch);
        batch = [];
      }
    }
    if (batch.length > 0) insertAll(batch);
    return counts;
  }

  /** Pending records of a kind with keys after `afterKey`, in key order (a cursor, so in-flight rows are not re-read). */
  pending(crm: string, kind: SyncKind, afterKey: string, limit: number): OutboxEntry[] {
    const rows = this.database
      .prepare<[string, string, string, number], RawEntry>(
        `SELECT crm, kind, key, payload, state, attempts, reason, enqueued_at FROM outbox WHERE crm = ? AND state = 'pending' AND kind = ? AND key > ? ORDER BY key LIMIT ?`,
      )
      .all(crm, kind, afterKey, limit);
    return rows.map(toEntry);
  }

  countPending(crm: string, kind: SyncKind): number {
    return (
      this.database
        .prepare<[string, string], { count: number }>("SELECT COUNT(*) AS count FROM outbox WHERE crm = ? AND state = 'pending' AND kind = ?")
        .get(crm, kind)?.count ?? 0
    );
  }

  countByState(crm: string): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { pending: 0, written: 0, dead: 0 };
    for (const row of this.database
      .prepare<[string], { state: OutboxState; count: number }>('SELECT state, COUNT(*) AS count FROM outbox WHERE crm = ? GROUP BY state')
      .all(crm)) {
      counts[row.state] = row.count;
    }
    return counts;
  }

  /** Enqueue time of the oldest pending record (the sync lag starts there), or null when nothing waits. */
  oldestPendingAt(crm: string): number | null {
    const row = this.database
      .prepare<[string], { oldest: number | null }>("SELECT MIN(enqueued_at) AS oldest FROM outbox WHERE crm = ? AND state = 'pending'")
      .get(crm);
    return row?.oldest ?? null;
  }

  /** Marks records written (in one transaction). */
  markWritten(crm: string, kind: SyncKind, outcomes: ReadonlyArray<{ key: string; crmId?: string }>, now = Date.now()): void {
    const statement = this.database.prepare(
      "UPDATE outbox SET state = 'written', reason = NULL, crm_id = COALESCE(?, crm_id), updated_at = ? WHERE crm = ? AND kind = ? AND key = ?",
    );
    this.database.transaction(() => {
      for (const outcome of outcomes) statement.run(outcome.crmId ?? null, now, crm, kind, outcome.key);
    })();
  }

  /** Moves records to the dead-letter list with the CRM's reason. */
  markDead(crm: string, kind: SyncKind, failures: ReadonlyArray<{ key: string; reason: string }>, now = Date.now()): void {
    const statement = this.database.prepare(
      "UPDATE outbox SET state = 'dead', reason = ?, attempts = attempts + 1, updated_at = ? WHERE crm = ? AND kind = ? AND key = ?",
    );
    this.database.transaction(() => {
      for (const failure of failures) statement.run(failure.reason, now, crm, kind, failure.key);
    })();
  }

  /** Counts a failed attempt of records that stay pending (transient failures). */
  noteAttempt(crm: string, kind: SyncKind, keys: readonly string[], reason: string, now = Date.now()): void {
    const statement = this.database.prepare(
      'UPDATE outbox SET attempts = attempts + 1, reason = ?, updated_at = ? WHERE crm = ? AND kind = ? AND key = ?',
    );
    this.database.transaction(() => {
      for (const key of keys) statement.run(reason, now, crm, kind, key);
    })();
  }

  deadLetters(crm: string, limit = 1000): OutboxEntry[] {
    return this.database
      .prepare<[string, number], RawEntry>(
        "SELECT crm, kind, key, payload, state, attempts, reason, enqueued_at FROM outbox WHERE crm = ? AND state = 'dead' ORDER BY kind, key LIMIT ?",
      )
      .all(crm, limit)
      .map(toEntry);
  }

  /** Puts every dead letter back in the queue (the retry pass); returns how many. */
  requeueDeadLetters(crm: string, kinds?: readonly SyncKind[], now = Date.now()): number {
    if (!kinds)
      return this.database.prepare("UPDATE outbox SET state = 'pending', updated_at = ? WHERE crm = ? AND state = 'dead'").run(now, crm).changes;
    const statement = this.database.prepare("UPDATE outbox SET state = 'pending', updated_at = ? WHERE crm = ? AND state = 'dead' AND kind = ?");
    return kinds.reduce((changed, kind) => changed + statement.run(now, crm, kind).changes, 0);
  }

  /** Puts records back in the queue (reconciliation found them missing or different in the CRM). */
  requeue(crm: string, kind: SyncKind, keys: readonly string[], now = Date.now()): number {
    const statement = this.database.prepare(
      "UPDATE outbox SET state = 'pending', attempts = 0, updated_at = ? WHERE crm = ? AND kind = ? AND key = ?",
    );
    let changed = 0;
    this.database.transaction(() => {
      for (const key of keys) changed += statement.run(now, crm, kind, key).changes;
    })();
    return changed;
  }

  /** Records of a kind, whatever their state (what should be in the CRM). */
  *entries(crm: string, kind: SyncKind): IterableIterator<OutboxEntry> {
    const statement = this.database.prepare<[string, string], RawEntry>(
      'SELECT crm, kind, key, payload, state, attempts, reason, enqueued_at FROM outbox WHERE crm = ? AND kind = ? ORDER BY key',
    );
    for (const row of statement.iterate(crm, kind)) yield toEntry(row);
  }

  /** Deletes records from the outbox; returns how many. */
  remove(crm: string, kind: SyncKind, keys: readonly string[]): number {
    const statement = this.database.prepare('DELETE FROM outbox WHERE crm = ? AND kind = ? AND key = ?');
    let removed = 0;
    this.database.transaction(() => {
      for (const key of keys) removed += statement.run(crm, kind, key).changes;
    })();
    return removed;
  }

  /** Our key of a record the CRM knows by its own id (a webhook names HubSpot's contact id). */
  keyOfCrmId(crm: string, kind: SyncKind, crmId: string): string | null {
    return (
      this.database
        .prepare<[string, string, string], { key: string }>('SELECT key FROM outbox WHERE crm = ? AND kind = ? AND crm_id = ?')
        .get(crm, kind, crmId)?.key ?? null
    );
  }

  /** Every outbox row of one contact, in every CRM (GDPR erasure). */
  keysOfContact(contactKey: string): Array<{ crm: string; kind: SyncKind; key: string }> {
    return this.database
      .prepare<[string], { crm: string; kind: SyncKind; key: string }>('SELECT crm, kind, key FROM outbox WHERE contact_key = ?')
      .all(contactKey);
  }

  /** Deletes every outbox row of a contact; returns the count per kind. */
  eraseContact(contactKey: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of this.database
      .prepare<[string], { kind: string; count: number }>('SELECT kind, COUNT(*) AS count FROM outbox WHERE contact_key = ? GROUP BY kind')
      .all(contactKey)) {
      counts[row.kind] = row.count;
    }
    this.database.prepare('DELETE FROM outbox WHERE contact_key = ?').run(contactKey);
    return counts;
  }

  /** Keeps an erasure report without the personal key itself (its hash proves which request it answered). */
  recordErasure(contactKey: string, report: unknown, now = Date.now()): void {
    this.database
      .prepare('INSERT INTO erasures (contact_key_hash, erased_at, report) VALUES (?, ?, ?)')
      .run(hashOf(`contact:${contactKey}`), now, JSON.stringify(report));
  }

  getCursor(crm: string, name: string): number | null {
    return (
      this.database.prepare<[string, string], { value: number }>('SELECT value FROM cursors WHERE crm = ? AND name = ?').get(crm, name)?.value ?? null
    );
  }

  setCursor(crm: string, name: string, value: number): void {
    this.database
      .prepare('INSERT INTO cursors (crm, name, value) VALUES (?, ?, ?) ON CONFLICT (crm, name) DO UPDATE SET value = excluded.value')
      .run(crm, name, value);
  }

  startRun(crm: string, mode: string, now = Date.now()): number {
    return Number(
      this.database.prepare("INSERT INTO runs (crm, mode, started_at, status) VALUES (?, ?, ?, 'running')").run(crm, mode, now).lastInsertRowid,
    );
  }

  updateRun(id: number, fields: Partial<Omit<RunRecord, 'id' | 'crm' | 'mode' | 'startedAt'>>): void {
    const columns: Record<string, string> = {
      finishedAt: 'finished_at',
      written: 'written',
      failed: 'failed',
      skipped: 'skipped',
      pendingAtEnd: 'pending_at_end',
      apiCalls: 'api_calls',
      rateLimited: 'rate_limited',
      budget: 'budget',
      lagMs: 'lag_ms',
      status: 'status',
      message: 'message',
    };
    const names = Object.keys(fields).filter((name) => name in columns);
    if (names.length === 0) return;
    const sql = `UPDATE runs SET ${names.map((name) => `${columns[name]} = @${name}`).join(', ')} WHERE id = @id`;
    this.database.prepare(sql).run({ ...fields, id });
  }

  recentRuns(limit = 10, crm?: string): RunRecord[] {
    const rows = crm
      ? this.database.prepare<[string, number], RawRun>('SELECT * FROM runs WHERE crm = ? ORDER BY id DESC LIMIT ?').all(crm, limit)
      : this.database.prepare<[number], RawRun>('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit);
    return rows.map((row) => ({
      id: row.id,
      crm: row.crm,
      mode: row.mode,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      written: row.written,
      failed: row.failed,
      skipped: row.skipped,
      pendingAtEnd: row.pending_at_end,
      apiCalls: row.api_calls,
      rateLimited: row.rate_limited,
      budget: row.budget,
      lagMs: row.lag_ms,
      status: row.status,
      message: row.message,
    }));
  }
}

interface RawEntry {
  crm: string;
  kind: SyncKind;
  key: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  reason: string | null;
  enqueued_at: number;
}

interface RawRun {
  id: number;
  crm: string;
  mode: string;
  started_at: number;
  finished_at: number | null;
  written: number;
  failed: number;
  skipped: number;
  pending_at_end: number | null;
  api_calls: number;
  rate_limited: number;
  budget: string | null;
  lag_ms: number | null;
  status: string;
  message: string | null;
}

function toEntry(row: RawEntry): OutboxEntry {
  return {
    crm: row.crm,
    kind: row.kind,
    key: row.key,
    payload: JSON.parse(row.payload),
    state: row.state,
    attempts: row.attempts,
    reason: row.reason,
    enqueuedAt: row.enqueued_at,
  };
}
