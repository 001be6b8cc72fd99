import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { InputError } from '../dataset/inputError';

/**
 * A worker thread whose single answer a synchronous caller can wait for: the caller keeps working
 * while the worker runs, then blocks (Atomics.wait, no spinning) until the worker has posted its
 * result, and takes it with receiveMessageOnPort. This keeps readers like readDataset synchronous
 * while they split a large file over two threads.
 */
export interface SyncWorker<Result> {
  /** The worker's answer, or undefined when none came within `patienceMs` (it could not start, or died). */
  wait(patienceMs: number): Result | undefined;
  /** Stops the worker; safe to call more than once. */
  cancel(): void;
}

/** What the worker receives as workerData: the caller's request plus the reply channel. */
export interface SyncWorkerData<Request> {
  readonly request: Request;
  readonly port: MessagePort;
  /** Int32 flag set (and notified) once the answer is posted. */
  readonly signal: SharedArrayBuffer;
}

export function startSyncWorker<Request, Result>(script: string, request: Request): SyncWorker<Result> {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const data: SyncWorkerData<Request> = { request, port: port2, signal };
  const worker = new Worker(script, { workerData: data, transferList: [port2] });
  worker.unref();
  const flag = new Int32Array(signal);
  let cancelled = false;
  return {
    wait(patienceMs: number): Result | undefined {
      const deadline = Date.now() + patienceMs;
      for (;;) {
        Atomics.wait(flag, 0, 0, 1000);
        const message = receiveMessageOnPort(port1);
        if (message) return message.message as Result;
        if (Date.now() > deadline) return undefined;
      }
    },
    cancel(): void {
      if (cancelled) return;
      cancelled = true;
      port1.close();
      void worker.terminate();
    },
  };
}

/** Inside the worker: its request. */
export function syncWorkerRequest<Request>(): Request {
  return (workerData as SyncWorkerData<Request>).request;
}

/** Inside the worker: posts the answer and wakes the waiting caller. */
export function answerSyncCaller<Result>(result: Result, transfer: readonly TransferListItem[] = []): void {
  const data = workerData as SyncWorkerData<unknown>;
  data.port.postMessage(result, transfer as TransferListItem[]);
  const flag = new Int32Array(data.signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** Why a worker stopped, as data: bad input (lines relative to the worker's part of the file) or a crash. */
export type InputFailure = { kind: 'input'; detail: string; line?: number; column?: string | number };
export type WorkerFailure = InputFailure | { kind: 'crash'; detail: string };

/** Inside the worker: an error as data for the caller (an InputError keeps its detail, line and column). */
export function failureOf(error: unknown): WorkerFailure {
  if (error instanceof InputError) return { kind: 'input', detail: error.detail, line: error.location.line, column: error.location.column };
  return { kind: 'crash', detail: (error as Error).stack ?? String(error) };
}

/** In the caller: the worker's input failure as an InputError, its line moved past the lines before the worker's part. */
export function inputErrorOf(failure: InputFailure, file: string, lineOffset: number): InputError {
  return new InputError(failure.detail, { file, line: failure.line === undefined ? undefined : failure.line + lineOffset, column: failure.column });
}
