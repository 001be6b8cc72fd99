import type { PathTable } from '../models/data-driven/pathTable';
import type { WorkerFailure } from '../util/syncWorker';

/** The part of a paths file a worker aggregates: whole lines in [start, end), after the header. */
export interface PathRowsRequest {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly header: string;
}

/** The worker's path table, or why it stopped (lines relative to its range: its first line is 1). */
export interface PathRowsResult {
  readonly table?: PathTable;
  readonly rows?: number;
  /** Lines in the range (blank ones included). */
  readonly lastLine?: number;
  readonly failure?: WorkerFailure;
}
