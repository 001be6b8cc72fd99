import { z } from 'zod';
import { ApiError, json, noContent, type Reply } from '../../http/reply';
import type { Router } from '../../http/router';
import { jobInfo, type BulkJobs, type IngestJob } from '../bulk/bulkJobs';
import { COLUMN_DELIMITERS, formatCsvRows, parseCsv } from '../bulk/csv';
import { parseJson, SaveFailure } from '../errors';
import { normaliseId } from '../ids';
import { readInput } from '../recordWriter';
import type { SalesforceContext } from '../salesforceContext';

const createJobSchema = z.object({
  object: z.string().min(1),
  operation: z.enum(['insert', 'update', 'upsert', 'delete', 'hardDelete']),
  externalIdFieldName: z.string().optional(),
  contentType: z.literal('CSV').optional(),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  columnDelimiter: z.enum(['COMMA', 'TAB', 'PIPE', 'SEMICOLON', 'CARET', 'BACKQUOTE']).default('COMMA'),
  assignmentRuleId: z.string().optional(),
});

export const invalidJobState = (message: string): ApiError => new ApiError(400, 'INVALIDJOBSTATE', message);

/** One row's values by column; '' leaves a field unset and `#N/A` clears it (Bulk API CSV rules). */
function rowInput(header: string[], row: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const value = row[index] ?? '';
    if (value === '') return;
    input[column] = value === '#N/A' ? null : value;
  });
  return input;
}

/** Applies an ingest job's CSV rows with the REST write rules, collecting sf__ result rows. */
function processIngest(context: SalesforceContext, job: IngestJob): void {
  const object = context.registry.get(job.object);
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  const rows = job.uploads.flatMap((upload, uploadIndex) => {
    const parsed = parseCsv(upload, delimiter).filter((row) => row.length > 1 || row[0] !== '');
    if (parsed.length === 0) return [];
    if (uploadIndex === 0) job.header = parsed[0];
    else if (parsed[0].join('\u0000') !== job.header.join('\u0000')) throw new Error('All uploaded CSV data must have the same header row');
    return parsed.slice(1);
  });
  for (const column of job.header) {
    if (!object.fieldsByLowerName.has(column.toLowerCase())) throw new Error(`InvalidBatch : Field name not found : ${column}`);
  }
  const externalId = job.externalIdFieldName ? object.fieldsByLowerName.get(job.externalIdFieldName.toLowerCase()) : undefined;
  for (const row of rows) {
    const input = rowInput(job.header, row);
    try {
      if (context.faults.failRecord()) throw new SaveFailure([{ statusCode: 'UNKNOWN_EXCEPTION', message: 'Injected sandbox failure', fields: [] }]);
      const result = context.store.database.transaction((): { id: string; created: boolean } => {
        const idValue = String(Object.entries(input).find(([key]) => key.toLowerCase() === 'id')?.[1] ?? '');
        switch (job.operation) {
          case 'insert':
            return { id: context.writer.create(context.org, object, readInput(object, input, 'create'), context.now()).id, created: true };
          case 'update': {
            const existing = context.writer.find(context.org, object, idValue);
            if (!existing) throw new SaveFailure([{ statusCode: normaliseId(idValue) ? 'ENTITY_IS_DELETED' : 'MALFORMED_ID', message: normaliseId(idValue) ? 'entity is deleted' : `invalid record id: ${idValue}`, fields: ['Id'] }]);
            context.writer.update(context.org, object, existing, readInput(object, input, 'update', ['Id']), context.now());
            return { id: existing.id, created: false };
          }
          case 'upsert': {
            if (!externalId) throw new SaveFailure([{ statusCode: 'INVALID_FIELD', message: `external id field ${job.externalIdFieldName} not found`, fields: [] }]);
            const value = Object.entries(input).find(([key]) => key.toLowerCase() === externalId.name.toLowerCase())?.[1];
            if (value === undefined || value === null) throw new SaveFailure([{ statusCode: 'MISSING_ARGUMENT', message: `${externalId.name} not specified`, fields: [externalId.name] }]);
            const matches = context.writer.findByExternalId(context.org, object, externalId, String(value));
            if (matches.length > 1) throw new SaveFailure([{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${externalId.name}: more than one record found for external id field`, fields: [externalId.name] }]);
            if (matches.length === 1) {
              context.writer.update(context.org, object, matches[0], readInput(object, input, 'update', [externalId.name, 'Id']), context.now());
              return { id: matches[0].id, created: false };
            }
            return { id: context.writer.create(context.org, object, readInput(object, input, 'create', ['Id']), context.now()).id, created: true };
          }
          default: {
            const existing = context.writer.find(context.org, object, idValue);
            if (!existing) throw new SaveFailure([{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]);
            context.writer.delete(context.org, object, existing);
            if (job.operation === 'hardDelete') context.store.hardDelete(context.org.orgId, existing.id);
            return { id: existing.id, created: false };
          }
        }
      })();
      job.successful.push([result.id, String(result.created), ...row]);
    } catch (error) {
      if (!(error instanceof SaveFailure)) throw error;
      job.numberRecordsFailed++;
      const message = error.errors.map((saveError) => `${saveError.statusCode}:${saveError.message}:${saveError.fields.join(',')} --`).join(' ');
      job.failed.push(['', message, ...row]);
    }
    job.numberRecordsProcessed++;
  }
}

function resultsCsv(job: IngestJob, prefix: string[], rows: string[][]): Reply {
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  const lineEnding = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
  return { status: 200, contentType: 'text/csv', body: formatCsvRows([[...prefix, ...job.header], ...rows], delimiter, lineEnding, true) };
}

/** Bulk API 2.0 ingest: `/jobs/ingest` (contract §d.4). */
export function registerBulkIngestRoutes(router: Router<SalesforceContext>, jobs: BulkJobs): void {
  const find = (context: SalesforceContext, id: string): IngestJob => {
    const job = jobs.get(context.org.orgId, id, 'ingest');
    if (!job) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return job as IngestJob;
  };

  router.add('POST', '/jobs/ingest', (request, context) => {
    const parsed = createJobSchema.safeParse(parseJson(request.rawBody));
    if (!parsed.success) throw new ApiError(400, 'INVALIDJOB', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    const object = context.registry.find(parsed.data.object);
    if (!object) throw new ApiError(400, 'INVALIDJOB', `InvalidJob : Invalid sObject type: ${parsed.data.object}`);
    if (parsed.data.operation === 'upsert') {
      const field = parsed.data.externalIdFieldName ? object.fieldsByLowerName.get(parsed.data.externalIdFieldName.toLowerCase()) : undefined;
      if (!field || (!field.externalId && field.name !== 'Id')) throw new ApiError(400, 'INVALIDJOB', `InvalidJob : External ID field ${parsed.data.externalIdFieldName ?? '(missing)'} is not an external id of ${object.name}`);
    }
    const now = new Date(context.now()).toISOString();
    const job: IngestJob = {
      id: jobs.newId(), orgId: context.org.orgId, kind: 'ingest', state: 'Open', object: object.name, operation: parsed.data.operation,
      externalIdFieldName: parsed.data.externalIdFieldName, columnDelimiter: parsed.data.columnDelimiter, lineEnding: parsed.data.lineEnding,
      apiVersion: Number(context.version), createdById: context.org.userId, createdDate: now, systemModstamp: now,
      numberRecordsProcessed: 0, numberRecordsFailed: 0, retries: 0, totalProcessingTime: 0, uploads: [], successful: [], failed: [], unprocessed: [], header: [],
    };
    jobs.add(job);
    return json(200, jobInfo(job, request.origin));
  });

  router.add('GET', '/jobs/ingest', (request, context) => json(200, { done: true, records: jobs.list(context.org.orgId, 'ingest').map((job) => jobInfo(job, request.origin)), nextRecordsUrl: null }));

  router.add('PUT', '/jobs/ingest/:id/batches', (request, context) => {
    const job = find(context, request.params.id);
    if (job.state !== 'Open') throw invalidJobState(`Job state must be Open to upload data; it is ${job.state}`);
    const contentType = String(request.headers['content-type'] ?? '');
    if (!contentType.startsWith('text/csv')) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be text/csv, got ${contentType || '(none)'}`);
    job.uploads.push(request.rawBody);
    return { status: 201 };
  });

  router.add('PATCH', '/jobs/ingest/:id', (request, context) => {
    const job = find(context, request.params.id);
    const parsed = z.object({ state: z.enum(['UploadComplete', 'Aborted']) }).safeParse(parseJson(request.rawBody));
    if (!parsed.success) throw new ApiError(400, 'INVALIDJOBSTATE', 'state must be UploadComplete or Aborted');
    if (parsed.data.state === 'UploadComplete') {
      if (job.state !== 'Open') throw invalidJobState(`Cannot close a job in state ${job.state}`);
      job.state = 'UploadComplete';
      jobs.schedule(job, () => processIngest(context, job));
    } else {
      if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') throw invalidJobState(`Cannot abort a job in state ${job.state}`);
      job.state = 'Aborted';
    }
    job.systemModstamp = new Date(context.now()).toISOString();
    return json(200, jobInfo(job, request.origin));
  });

  router.add('GET', '/jobs/ingest/:id', (request, context) => json(200, jobInfo(find(context, request.params.id), request.origin)));

  router.add('DELETE', '/jobs/ingest/:id', (request, context) => {
    const job = find(context, request.params.id);
    if (job.state === 'Open' || job.state === 'InProgress') throw invalidJobState(`Cannot delete a job in state ${job.state}; close or abort it first`);
    jobs.delete(job.id);
    return noContent();
  });

  const results = (name: 'successfulResults' | 'failedResults' | 'unprocessedrecords') =>
    router.add('GET', `/jobs/ingest/:id/${name}`, (request, context) => {
      const job = find(context, request.params.id);
      if (name === 'unprocessedrecords') {
        const unprocessed = job.state === 'Aborted' || job.state === 'Failed' || job.state === 'Open' ? job.uploads.flatMap((upload) => parseCsv(upload, COLUMN_DELIMITERS[job.columnDelimiter]).slice(1)) : [];
        if (job.header.length === 0 && job.uploads.length > 0) job.header = parseCsv(job.uploads[0], COLUMN_DELIMITERS[job.columnDelimiter])[0] ?? [];
        return resultsCsv(job, [], unprocessed);
      }
      if (job.state !== 'JobComplete' && job.state !== 'Failed') throw invalidJobState(`Results are available once the job is complete; it is ${job.state}`);
      return name === 'successfulResults' ? resultsCsv(job, ['sf__Id', 'sf__Created'], job.successful) : resultsCsv(job, ['sf__Id', 'sf__Error'], job.failed);
    });
  results('successfulResults');
  results('failedResults');
  results('unprocessedrecords');
}
