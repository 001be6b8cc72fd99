import type { Connection } from 'jsforce';
import { QueryJobV2 } from 'jsforce/lib/api/bulk2';
import type { CallObserver } from '@pipeline-attribution/core/dist/sync';
import { budgetFromLimitInfo, toSalesforceCallError } from './salesforceErrors';

/** What the job's private request helper looks like (jsforce 3.10 lib/api/bulk2.js QueryJobV2.createQueryRequest). */
interface QueryJobInternals {
  locator?: string;
  createQueryRequest(request: { method: 'GET'; path: string; headers: Record<string, string> }): PromiseLike<unknown>;
}

export interface BulkQueryOptions {
  readonly pageSize?: number;
  readonly pollIntervalMs?: number;
  readonly pollTimeoutMs?: number;
}

/**
 * Bulk API 2.0 query, one results page at a time. jsforce's `bulk2.query` pipes every page into one
 * stream and ends it after the first, so results spanning more than one page crash with
 * ERR_STREAM_WRITE_AFTER_END (jsforce/jsforce#1546, #1693; contract §d.4). We let jsforce create and poll
 * the job, then request `/jobs/query/{id}/results?maxRecords=N&locator=L` page by page through the job's
 * own request helper (which records the Sforce-Locator header), until the locator is the string "null".
 */
export async function* bulkQuery(
  connection: Connection,
  soql: string,
  call: CallObserver,
  options: BulkQueryOptions = {},
): AsyncGenerator<Record<string, string>> {
  const job = new QueryJobV2(connection, {
    bodyParams: { query: soql, operation: 'query' },
    pollingOptions: { pollInterval: options.pollIntervalMs ?? 500, pollTimeout: options.pollTimeoutMs ?? 600_000 },
  });
  const observe = () => call.onCall(budgetFromLimitInfo(connection.limitInfo));
  try {
    await job.open();
    observe();
    await job.poll();
    observe();
  } catch (error) {
    observe();
    throw toSalesforceCallError(error);
  }
  const internals = job as unknown as QueryJobInternals;
  const pageSize = options.pageSize ?? 50_000;
  let locator: string | undefined;
  for (let page = 0; ; page++) {
    const path = `/${job.id}/results?maxRecords=${pageSize}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
    let body: unknown;
    try {
      body = await internals.createQueryRequest({ method: 'GET', path, headers: { Accept: 'text/csv' } });
    } catch (error) {
      observe();
      throw toSalesforceCallError(error);
    }
    observe();
    // jsforce parses text/csv responses into records; an empty page comes back as an empty string.
    if (Array.isArray(body)) yield* body as Array<Record<string, string>>;
    locator = internals.locator;
    if (!locator || locator === 'null') break;
  }
}
