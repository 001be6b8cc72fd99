import { z } from 'zod';
import { ApiError, json, noContent } from '../../http/reply';
import type { Router } from '../../http/router';
import { jobInfo, type BulkJobs, type QueryJob } from '../bulk/bulkJobs';
import { COLUMN_DELIMITERS, formatCsvRows } from '../bulk/csv';
import { malformedQuery, parseJson } from '../errors';
import type { SalesforceContext } from '../salesforceContext';
import { executeSoql } from '../soql/evaluateSoql';
import { parseSoql } from '../soql/parseSoql';
import { invalidJobState } from './bulk2Ingest';

const createQuerySchema = z.object({
  query: z.string().min(1),
  operation: z.enum(['query', 'queryAll']).default('query'),
  columnDelimiter: z.enum(['COMMA', 'TAB', 'PIPE', 'SEMICOLON', 'CARET', 'BACKQUOTE']).default('COMMA'),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  contentType: z.literal('CSV').optional(),
});

/** Flattens a REST-shaped record to CSV cells in header order (`Account.Name` for parent fields). */
function flatten(record: Record<string, unknown>, columns: string[][]): string[] {
  return columns.map((path) => {
    let value: unknown = record;
    for (const segment of path) {
      if (value === null || value === undefined || typeof value !== 'object') return '';
      const entry = Object.entries(value as Record<string, unknown>).find(([key]) => key.toLowerCase() === segment.toLowerCase());
      value = entry?.[1];
    }
    return value === null || value === undefined ? '' : typeof value === 'string' ? value.replace(/\+0000$/, 'Z') : String(value);
  });
}

/** Bulk API 2.0 query: `/jobs/query` with `Sforce-Locator` paging (`null` on the last page, contract §d.4). */
export function registerBulkQueryRoutes(router: Router<SalesforceContext>, jobs: BulkJobs): void {
  const find = (context: SalesforceContext, id: string): QueryJob => {
    const job = jobs.get(context.org.orgId, id, 'query');
    if (!job) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return job as QueryJob;
  };

  router.add('POST', '/jobs/query', (request, context) => {
    const parsed = createQuerySchema.safeParse(parseJson(request.rawBody));
    if (!parsed.success) throw new ApiError(400, 'INVALIDJOB', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    const soql = parseSoql(parsed.data.query);
    if (soql.count) throw malformedQuery('Bulk API 2.0 query does not support COUNT()');
    if (soql.select.some((item) => item.kind === 'subquery')) throw malformedQuery('Bulk API 2.0 query does not support nested (child relationship) queries');
    // Validate fields and objects now, as Salesforce rejects a bad query at job creation.
    executeSoql({ ...soql, limit: 0 }, { orgId: context.org.orgId, store: context.store, registry: context.registry, version: context.version, includeDeleted: false, now: context.now() });
    const now = new Date(context.now()).toISOString();
    const job: QueryJob = {
      id: jobs.newId(), orgId: context.org.orgId, kind: 'query', state: 'UploadComplete', object: context.registry.get(soql.from).name, operation: parsed.data.operation,
      columnDelimiter: parsed.data.columnDelimiter, lineEnding: parsed.data.lineEnding, apiVersion: Number(context.version), createdById: context.org.userId,
      createdDate: now, systemModstamp: now, numberRecordsProcessed: 0, numberRecordsFailed: 0, retries: 0, totalProcessingTime: 0, query: parsed.data.query, rows: [],
    };
    jobs.add(job);
    jobs.schedule(job, () => {
      const result = executeSoql(soql, { orgId: context.org.orgId, store: context.store, registry: context.registry, version: context.version, includeDeleted: job.operation === 'queryAll', now: context.now() });
      const columns = soql.select.map((item) => (item.kind === 'field' ? item.path : []));
      const header = columns.map((path) => path.join('.'));
      job.rows = [header, ...result.records.map((record) => flatten(record, columns))];
      job.numberRecordsProcessed = result.records.length;
    });
    return json(200, jobInfo(job, request.origin));
  });

  router.add('GET', '/jobs/query', (request, context) => json(200, { done: true, records: jobs.list(context.org.orgId, 'query').map((job) => jobInfo(job, request.origin)), nextRecordsUrl: null }));

  router.add('GET', '/jobs/query/:id', (request, context) => json(200, jobInfo(find(context, request.params.id), request.origin)));

  router.add('PATCH', '/jobs/query/:id', (request, context) => {
    const job = find(context, request.params.id);
    const parsed = z.object({ state: z.literal('Aborted') }).safeParse(parseJson(request.rawBody));
    if (!parsed.success) throw new ApiError(400, 'INVALIDJOBSTATE', 'state must be Aborted');
    if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') throw invalidJobState(`Cannot abort a job in state ${job.state}`);
    job.state = 'Aborted';
    return json(200, jobInfo(job, request.origin));
  });

  router.add('DELETE', '/jobs/query/:id', (request, context) => {
    const job = find(context, request.params.id);
    if (job.state === 'UploadComplete' || job.state === 'InProgress') throw invalidJobState(`Cannot delete a job in state ${job.state}; abort it first`);
    jobs.delete(job.id);
    return noContent();
  });

  router.add('GET', '/jobs/query/:id/results', (request, context) => {
    const job = find(context, request.params.id);
    if (job.state !== 'JobComplete') throw invalidJobState(`Results are available once the job is JobComplete; it is ${job.state}`);
    const dataRows = job.rows.length - 1;
    const locator = request.query.get('locator');
    const start = locator ? Number(Buffer.from(locator, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0 || start > dataRows) throw new ApiError(400, 'INVALID_LOCATOR', `invalid locator: ${locator}`);
    const maxRecords = Number(request.query.get('maxRecords') ?? dataRows) || dataRows;
    const end = Math.min(dataRows, start + Math.max(1, maxRecords));
    const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
    const body = formatCsvRows([job.rows[0], ...job.rows.slice(1 + start, 1 + end)], delimiter, job.lineEnding === 'CRLF' ? '\r\n' : '\n', true);
    return {
      status: 200, contentType: 'text/csv', body,
      headers: { 'Sforce-Locator': end < dataRows ? Buffer.from(String(end)).toString('base64url') : 'null', 'Sforce-NumberOfRecords': String(end - start) },
    };
  });
}
