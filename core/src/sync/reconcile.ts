import type { CallObserver, CrmAdapter } from './crmPort';
import type { SyncOutbox } from './outbox';
import type { SyncKind } from './syncRecords';

export interface ReconcileKindReport {
  readonly kind: SyncKind;
  /** Records the outbox says should be in the CRM. */
  expected: number;
  /** Records the CRM holds (written by this app). */
  found: number;
  missing: number;
  different: number;
  /** In the CRM but not expected (stale credits, erased data): deleted when repairing. */
  unexpected: number;
  duplicates: number;
  deleted: number;
  requeued: number;
}

/** Kinds we own outright in the CRM; contacts and deals belong to the customer, so extras there are never deleted. */
const OWNED_KINDS: readonly SyncKind[] = ['creator', 'campaign', 'touchpoint', 'credit', 'revenue'];

function valuesDiffer(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(expected - actual) > 1e-9 * Math.max(1, Math.abs(expected));
  }
  return JSON.stringify(expected) !== JSON.stringify(actual);
}

/**
 * Compares what the CRM holds with what the outbox says should be there, kind by kind: missing and
 * different records are put back in the queue, unexpected ones (of the kinds we own) are deleted.
 * Comparison covers the fields the adapter reads back. With `repair` false it only reports.
 * The caller drains the outbox afterwards to write what was requeued.
 */
export async function reconcileCrm(
  adapter: CrmAdapter,
  outbox: SyncOutbox,
  kinds: readonly SyncKind[],
  call: CallObserver,
  repair: boolean,
): Promise<ReconcileKindReport[]> {
  const reports: ReconcileKindReport[] = [];
  for (const kind of kinds) {
    const expected = new Map<string, Record<string, unknown>>();
    for (const entry of outbox.entries(adapter.name, kind)) expected.set(entry.key, entry.payload as Record<string, unknown>);
    const report: ReconcileKindReport = {
      kind,
      expected: expected.size,
      found: 0,
      missing: 0,
      different: 0,
      unexpected: 0,
      duplicates: 0,
      deleted: 0,
      requeued: 0,
    };
    const seen = new Set<string>();
    const toRequeue: string[] = [];
    const toDelete: string[] = [];
    for await (const record of adapter.readAll(kind, call)) {
      report.found++;
      if (seen.has(record.key)) {
        report.duplicates++;
        continue;
      }
      seen.add(record.key);
      const wanted = expected.get(record.key);
      if (!wanted) {
        report.unexpected++;
        if (OWNED_KINDS.includes(kind)) toDelete.push(record.key);
        continue;
      }
      const differs = Object.entries(record.payload).some(([field, value]) => field in wanted && valuesDiffer(wanted[field], value));
      if (differs) {
        report.different++;
        toRequeue.push(record.key);
      }
    }
    for (const key of expected.keys()) {
      if (!seen.has(key)) {
        report.missing++;
        toRequeue.push(key);
      }
    }
    if (repair) {
      report.requeued = outbox.requeue(adapter.name, kind, toRequeue);
      if (toDelete.length > 0) report.deleted = (await adapter.deleteByKeys(kind, toDelete, call)).length;
    }
    reports.push(report);
  }
  return reports;
}
