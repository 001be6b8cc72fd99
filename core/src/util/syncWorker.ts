import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
  const session = startSyncSession<Request, never, Result>(script, request);
  return { wait: (patienceMs) => session.next(patienceMs), cancel: () => session.cancel() };
}

/**
 * A worker thread a synchronous caller holds a conversation with: it starts from `request`
 * (workerData), then answers each further request the caller sends (`ask`), in order; the caller
 * takes each answer with `next`, blocking until it is there. The signal counts the answers
 * posted, so the caller sleeps (Atomics.wait) only while the count equals what it has taken.
 */
export interface SyncSession<Request, Answer> {
  /** Sends a further request (the worker handles it once it is idle; see serveSyncRequests). */
  ask(request: Request, transfer?: readonly TransferListItem[]): void;
  /** The next answer, or undefined when none came within `patienceMs` (the worker could not start, or died). */
  next(patienceMs: number): Answer | undefined;
  /** Stops the worker; safe to call more than once. */
  cancel(): void;
}

export function startSyncSession<Start, Request, Answer>(script: string, request: Start): SyncSession<Request, Answer> {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const data: SyncWorkerData<Start> = { request, port: port2, signal };
  const worker = new Worker(script, { workerData: data, transferList: [port2] });
  worker.unref();
  const answersPosted = new Int32Array(signal);
  let answersTaken = 0;
  let cancelled = false;
  return {
    ask(next: Request, transfer: readonly TransferListItem[] = []): void {
      port1.postMessage(next, transfer as TransferListItem[]);
    },
    next(patienceMs: number): Answer | undefined {
      const deadline = Date.now() + patienceMs;
      for (;;) {
        // Posted before counted (answerSyncCaller), so a count past what was taken means a message is queued.
        const message = receiveMessageOnPort(port1);
        if (message) {
          answersTaken++;
          return message.message as Answer;
        }
        if (Date.now() > deadline) return undefined;
        Atomics.wait(answersPosted, 0, answersTaken, Math.min(1000, Math.max(1, deadline - Date.now())));
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

/**
 * A session booted ahead of need, for a later caller to take: creating the thread and loading its
 * modules then overlaps other work. One at a time; taking it for another script stops it.
 */
export class SpareSession<Request, Answer> {
  private spare: { readonly script: string; readonly session: SyncSession<Request, Answer> } | undefined;

  /** Boots one for `script`, unless one is already booted, the machine has one core or the script is missing. */
  boot(script: string): void {
    if (this.spare || availableParallelism() < 2 || !existsSync(script)) return;
    this.spare = { script, session: startSyncSession<null, Request, Answer>(script, null) };
  }

  /** The session booted for `script`, handed over to the caller (who stops it); undefined when there is none. */
  take(script: string): SyncSession<Request, Answer> | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (spare?.script === script) return spare.session;
    spare?.session.cancel();
    return undefined;
  }
}

/** Inside the worker: its request. */
export function syncWorkerRequest<Request>(): Request {
  return (workerData as SyncWorkerData<Request>).request;
}

/** Inside the worker: posts an answer and wakes the waiting caller. */
export function answerSyncCaller<Result>(result: Result, transfer: readonly TransferListItem[] = []): void {
  const data = workerData as SyncWorkerData<unknown>;
  data.port.postMessage(result, transfer as TransferListItem[]);
  const answersPosted = new Int32Array(data.signal);
  Atomics.add(answersPosted, 0, 1);
  Atomics.notify(answersPosted, 0);
}

/**
 * Inside the worker: answers each further request of the caller (SyncSession.ask) with `handle`'s
 * result, in order. The worker then waits for requests until the caller stops it (SyncSession.
 * cancel); it does not keep the process alive (startSyncSession unreferences it).
 */
export function serveSyncRequests<Request, Answer>(handle: (request: Request) => { answer: Answer; transfer?: readonly TransferListItem[] }): void {
  const data = workerData as SyncWorkerData<unknown>;
  data.port.on('message', (request: Request) => {
    const { answer, transfer } = handle(request);
    answerSyncCaller(answer, transfer);
  });
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
