import { randomBytes } from 'node:crypto';

export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface BulkJobBase {
  id: string;
  orgId: string;
  kind: 'ingest' | 'query';
  state: JobState;
  object: string;
  operation: string;
  columnDelimiter: string;
  lineEnding: 'LF' | 'CRLF';
  apiVersion: number;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  retries: number;
  totalProcessingTime: number;
  errorMessage?: string;
}

export interface IngestJob extends BulkJobBase {
  kind: 'ingest';
  externalIdFieldName?: string;
  uploads: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  header: string[];
}

export interface QueryJob extends BulkJobBase {
  kind: 'query';
  query: string;
  /** Result rows with the header row first, computed when the job completes. */
  rows: string[][];
}

export type BulkJob = IngestJob | QueryJob;

/**
 * Bulk API 2.0 jobs (in memory, per sandbox run) and their asynchronous state machine:
 * UploadComplete → InProgress → JobComplete | Failed, each step after `processingMs`
 * (contract §d.4; jsforce polls the job until it leaves InProgress).
 */
export class BulkJobs {
  private readonly jobs = new Map<string, BulkJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly processingMs: number) {}

  newId(): string {
    return `750${'5g'}${randomBytes(10).toString('hex').slice(0, 13)}`;
  }

  add(job: BulkJob): void {
    this.jobs.set(job.id, job);
  }

  get(orgId: string, id: string, kind: BulkJob['kind']): BulkJob | undefined {
    const job = this.jobs.get(id);
    return job && job.orgId === orgId && job.kind === kind ? job : undefined;
  }

  list(orgId: string, kind: BulkJob['kind']): BulkJob[] {
    return [...this.jobs.values()].filter((job) => job.orgId === orgId && job.kind === kind);
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  private later(work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, this.processingMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Moves an UploadComplete job through InProgress to its final state, running `process` in between. */
  schedule(job: BulkJob, process: (job: BulkJob) => void): void {
    this.later(() => {
      if (job.state !== 'UploadComplete') return;
      job.state = 'InProgress';
      job.systemModstamp = new Date().toISOString();
      this.later(() => {
        if (job.state !== 'InProgress') return;
        const started = Date.now();
        try {
          process(job);
          job.state = 'JobComplete';
        } catch (error) {
          job.state = 'Failed';
          job.errorMessage = (error as Error).message;
        }
        job.totalProcessingTime = Date.now() - started;
        job.systemModstamp = new Date().toISOString();
      });
    });
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** JobInfo as Bulk API 2.0 returns it. */
export function jobInfo(job: BulkJob, origin: string): Record<string, unknown> {
  const common: Record<string, unknown> = {
    id: job.id, operation: job.operation, object: job.object, createdById: job.createdById, createdDate: job.createdDate.replace(/Z$/, '+0000'),
    systemModstamp: job.systemModstamp.replace(/Z$/, '+0000'), state: job.state, concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: job.apiVersion,
    lineEnding: job.lineEnding, columnDelimiter: job.columnDelimiter, numberRecordsProcessed: job.numberRecordsProcessed, retries: job.retries,
    totalProcessingTime: job.totalProcessingTime,
  };
  if (job.kind === 'ingest') {
    Object.assign(common, {
      externalIdFieldName: job.externalIdFieldName, jobType: 'V2Ingest', contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches`,
      numberRecordsFailed: job.numberRecordsFailed, apiActiveProcessingTime: job.totalProcessingTime, apexProcessingTime: 0,
    });
  } else {
    Object.assign(common, { jobType: 'V2Query', query: job.query });
  }
  if (job.errorMessage) common.errorMessage = job.errorMessage;
  void origin;
  return common;
}
