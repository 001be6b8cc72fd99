import type { ExportedKeys } from '../csv/byteDictionary';
import type { WorkerFailure } from '../util/syncWorker';
import type { ExportedTouchpointRows, RepeatProblem } from './touchpointTable';

/** What the main thread asks a touchpoint worker to read. */
export interface WorkerRequest {
  readonly file: string;
  /** Byte range; `start` is the first byte of a record. */
  readonly start: number;
  readonly end: number;
  readonly header: string[];
  readonly expectedRows: number;
}

/** Why the worker stopped early; lines are relative to its range (its first record is line 1). */
export type TouchpointWorkerFailure = WorkerFailure | { kind: 'repeat'; touchpoint: number; problem: RepeatProblem; line: number };

/** The rows read before any failure, with every dictionary's keys; contact codes are the worker's own. */
export interface WorkerResult {
  readonly rows?: {
    readonly rows: ExportedTouchpointRows;
    readonly lines: Int32Array;
    readonly ids: ExportedKeys;
    readonly contacts: ExportedKeys;
    readonly dictionaries: ExportedKeys[];
  };
  readonly failure?: TouchpointWorkerFailure;
}
