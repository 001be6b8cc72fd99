import type { Connection } from 'jsforce';
import { csvLine } from '@pipeline-attribution/core';
import type { CallObserver } from '@pipeline-attribution/core/dist/sync';
import { budgetFromLimitInfo, toSalesforceCallError } from './salesforceErrors';

export interface BulkRowResult {
  readonly success: boolean;
  readonly id?: string;
  readonly error?: string;
}

/** A Bulk API CSV cell: '' would leave a field unchanged on update, `#N/A` sets it to null (Bulk API 2.0 CSV rules). */
function csvCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '#N/A';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * Upserts records by External ID with a Bulk API 2.0 ingest job through jsforce (create → upload CSV →
 * UploadComplete → poll → results; contract §d.4) and returns each row's result by external id, from the
 * job's successfulResults (sf__Id) and failedResults (sf__Error). Unprocessed rows count as failed. Any
 * whole-job failure throws, and the engine retries the batch: the upsert makes a second job harmless.
 */
export async function bulkUpsert(
  connection: Connection,
  sobject: string,
  externalIdField: string,
  records: ReadonlyArray<Record<string, unknown>>,
  call: CallObserver,
  poll: { intervalMs: number; timeoutMs: number },
): Promise<Map<string, BulkRowResult>> {
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const csv = csvLine(columns) + records.map((record) => csvLine(columns.map((column) => csvCell(record[column])))).join('');
  const job = connection.bulk2.createJob({ object: sobject, operation: 'upsert', externalIdFieldName: externalIdField, lineEnding: 'LF' });
  const observe = () => call.onCall(budgetFromLimitInfo(connection.limitInfo));
  let results;
  try {
    await job.open();
    observe();
    await job.uploadData(csv);
    observe();
    await job.close();
    observe();
    await job.poll(poll.intervalMs, poll.timeoutMs);
    observe();
    results = await job.getAllResults();
    observe();
    observe();
    observe();
  } catch (error) {
    observe();
    throw toSalesforceCallError(error);
  }
  const byKey = new Map<string, BulkRowResult>();
  for (const row of results.successfulResults as Array<Record<string, unknown>>)
    byKey.set(String(row[externalIdField]), { success: true, id: String(row.sf__Id) });
  for (const row of results.failedResults as Array<Record<string, unknown>>)
    byKey.set(String(row[externalIdField]), { success: false, error: String(row.sf__Error ?? 'failed in the bulk job') });
  for (const row of results.unprocessedRecords as Array<Record<string, unknown>>)
    byKey.set(String(row[externalIdField]), { success: false, error: 'not processed by the bulk job' });
  return byKey;
}
