import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteDictionary, ExportedKeys } from '../csv/byteDictionary';
import { ByteCsvParser, CsvSyntaxError, fieldText } from '../csv/byteCsvParser';
import { readByteChunks } from '../csv/readCsvTable';
import { repeatedTouchpointError, unknownContactError } from './dataset';
import { InputError } from './inputError';
import { finishRows, readTouchpointRows, type TouchpointFileRows } from './readTouchpointRows';
import { TouchpointRowReader } from './touchpointRowReader';
import { TOUCHPOINT_TEXT_FIELDS } from './touchpointTable';
import { estimatedLines, fileSize, lineStartAfter } from '../util/fileSplit';
import { inputErrorOf, startSyncWorker } from '../util/syncWorker';
import type { WorkerRequest, WorkerResult } from './touchpointWorkerProtocol';
import { grownTo } from '../util/typedArrays';
import { trace } from '../util/trace';

/** Below this size one thread reads the file faster than two (a worker takes ~50 ms to start). */
const PARALLEL_FROM_BYTES = 24 * 1024 * 1024;
/**
 * The part of the file this thread reads: under half, since it also reads contacts and deals, looks
 * contacts up and merges the worker's rows, while the worker only reads.
 */
const MAIN_THREAD_SHARE = 0.38;
/**
 * How long this thread waits for the worker before reading the rest itself: at least a minute, and
 * four times what its own part took (the worker's part is about as large).
 */
const MIN_WORKER_WAIT_MS = 60_000;

export interface ReadTouchpointFileOptions {
  /** Files at least this large are split over two threads (default 24 MB). */
  readonly parallelFromBytes?: number;
  /** The compiled worker script (default: next to this module; absent under ts-jest, then one thread). */
  readonly workerScript?: string;
}

/**
 * Reads touchpoints.csv, splitting a large file over two threads: a worker reads the second half
 * (from the first line break after the middle) while this thread reads the first, then this thread
 * merges the worker's rows in file order, checking contacts and repeated ids exactly as a one-thread
 * read would, so results and errors (the first bad row, by line) are the same. If the split falls
 * inside a quoted field (the first half ends mid-record), the worker's work is dropped and this
 * thread reads on.
 */
export function readTouchpointFile(file: string, contactIds: ByteDictionary, contactCount: number, options: ReadTouchpointFileOptions = {}): TouchpointFileRows {
  return beginTouchpointFileRead(file, options).finish(contactIds, contactCount);
}

/** A read of touchpoints.csv under way: the worker (if any) already reads while the caller reads contacts. */
export interface TouchpointFileRead {
  finish(contactIds: ByteDictionary, contactCount: number): TouchpointFileRows;
  /** Stops the worker (when the caller fails before finishing). */
  cancel(): void;
}

/** A read started ahead of need (prestartTouchpointFileRead), for the next beginTouchpointFileRead of that file. */
let earlyRead: { readonly file: string; readonly options: ReadTouchpointFileOptions; readonly read: TouchpointFileRead } | undefined;

/**
 * Starts the read of touchpoints.csv before the command that needs it has loaded: a worker takes
 * 150-170 ms to start on this machine, about what loading a command's modules and parsing its
 * arguments take, so the worker's part no longer waits behind them. The next
 * beginTouchpointFileRead takes this read if it is of the same file with the same options, and
 * stops it otherwise; a file that cannot be read is left for that call to report.
 */
export function prestartTouchpointFileRead(file: string, options: ReadTouchpointFileOptions = {}): void {
  if (earlyRead) return;
  try {
    earlyRead = { file, options, read: beginTouchpointFileRead(file, options) };
  } catch {
    earlyRead = undefined;
  }
}

/** Starts reading touchpoints.csv: the worker starts on the second part at once; `finish` reads the first part and merges. */
export function beginTouchpointFileRead(file: string, options: ReadTouchpointFileOptions = {}): TouchpointFileRead {
  if (earlyRead) {
    // Taken by the first read after it: the read it was started for, or none (then stopped).
    const early = earlyRead;
    earlyRead = undefined;
    if (early.file === file && early.options.parallelFromBytes === options.parallelFromBytes && early.options.workerScript === options.workerScript) return early.read;
    early.read.cancel();
  }
  const size = fileSize(file);
  const workerScript = options.workerScript ?? join(__dirname, 'touchpointRowsWorker.js');
  const oneThread: TouchpointFileRead = {
    finish: (contactIds, contactCount) => readTouchpointRows(file, contactIds, contactCount, { expectedRows: estimatedLines(file, 0, size) }),
    cancel: () => undefined,
  };
  if (size < (options.parallelFromBytes ?? PARALLEL_FROM_BYTES) || !existsSync(workerScript)) return oneThread;
  const header = readHeaderCells(file);
  const split = header === undefined ? -1 : lineStartAfter(file, Math.floor(size * MAIN_THREAD_SHARE), size);
  if (header === undefined || split < 0) return oneThread;

  // Rows, not bytes, set the arrays' sizes: row lengths vary along a file.
  const workerRows = estimatedLines(file, split, size);
  const request: WorkerRequest = { file, start: split, end: size, header, expectedRows: workerRows };
  const startedAt = Date.now();
  const worker = startSyncWorker<WorkerRequest, WorkerResult>(workerScript, request);
  const cancel = (): void => worker.cancel();
  const finish = (contactIds: ByteDictionary, contactCount: number): TouchpointFileRows => {
    try {
      const firstPartRows = estimatedLines(file, 0, split);
      const reader = new TouchpointRowReader(file, { known: contactIds }, firstPartRows + workerRows, firstPartRows);
      const parser = new ByteCsvParser(reader.onRecord);
      const read = (start: number, end?: number): void => {
        try {
          for (const chunk of readByteChunks(file, start, end)) parser.push(chunk);
          if (end === undefined) parser.end();
        } catch (error) {
          if (error instanceof CsvSyntaxError) throw new InputError(error.message, { file, line: error.line, column: error.column });
          throw error;
        }
      };
      read(0, split);
      trace('read: this thread\'s part of touchpoints.csv read; waiting for the worker\'s');
      // The line break after the split point sat inside a quoted field, or the worker never
      // answered (it could not start, or died), or it failed on something other than the input
      // (out of memory, say): read the rest here.
      const result = parser.midRecord ? undefined : worker.wait(Math.max(MIN_WORKER_WAIT_MS, 4 * (Date.now() - startedAt)));
      if (result === undefined || result.failure?.kind === 'crash') {
        read(split);
        return finishRows(reader, file, contactCount);
      }
      trace('read: merging the worker\'s rows');
      mergeWorkerRows(reader, result, file, contactIds, parser.nextLine - 1);
      trace('read: merged');
      const finished = finishRows(reader, file, contactCount);
      trace('read: finished');
      return finished;
    } finally {
      cancel();
    }
  };
  return { finish, cancel };
}

/**
 * Appends the worker's rows to the reader's, in file order: contacts looked up by id, text and ids
 * re-coded into the reader's dictionaries, each row checked as the reader checks its own. Then
 * reports the worker's own failure, if any, at its absolute line.
 */
function mergeWorkerRows(reader: TouchpointRowReader, result: WorkerResult, file: string, contactIds: ByteDictionary, lineOffset: number): void {
  const failure = result.failure;
  const worker = result.rows!;
  const contactOf = remapKeys(worker.contacts, (bytes, start, end) => contactIds.find(bytes, start, end));
  const textCodeMaps = TOUCHPOINT_TEXT_FIELDS.map((_field, position) =>
    remapKeys(worker.dictionaries[position], (bytes, start, end, hash) => reader.dictionaries[position].internHashed(bytes, start, end, hash)),
  );
  const { occurredAt, rowContact, rowTouchpoint } = worker.rows;
  const touchpointCount = occurredAt.length;
  const globalTouchpoint = new Int32Array(worker.ids.offsets.length - 1).fill(-1);
  // Which worker ids the first part also has: a filter over the first part's ids, fed the hashes
  // the worker sends, rules most out at once; the rest are looked up. Ids the first part lacks are
  // appended unindexed (no lookups follow).
  const mightBeInFirstPart = reader.ids.hashFilter();
  const inFirstPart = (local: number): number =>
    mightBeInFirstPart(worker.ids.hashes[local]) ? reader.ids.find(worker.ids.bytes, worker.ids.offsets[local], worker.ids.offsets[local + 1]) : -1;
  const sharedWithFirstPart = new Int32Array(globalTouchpoint.length);
  let sharedCount = 0;
  for (let local = 0; local < sharedWithFirstPart.length; local++) if ((sharedWithFirstPart[local] = inFirstPart(local)) >= 0) sharedCount++;
  const lines = worker.lines;
  const idBytes = worker.ids.bytes;
  const idOffsets = worker.ids.offsets;
  const ids = reader.ids;
  const builder = reader.builder;
  const fieldCount = TOUCHPOINT_TEXT_FIELDS.length;
  // Text codes re-coded in place (the worker's arrays are ours now), once per worker touchpoint and
  // field by field (not once per row), without a second copy of them all.
  const workerCodes = worker.rows.codes;
  for (let field = 0; field < fieldCount; field++) {
    const map = textCodeMaps[field];
    const codes = workerCodes[field];
    for (let local = 0; local < touchpointCount; local++) codes[local] = map[codes[local]];
  }
  const rowCodes = new Int32Array(fieldCount);
  const keyText = (keys: ExportedKeys, code: number): string => Buffer.from(keys.bytes.subarray(keys.offsets[code], keys.offsets[code + 1])).toString('utf8');
  reserveLines(reader, reader.rowCount + rowContact.length);
  const readerLines = reader.lines;
  let rowCount = reader.rowCount;
  if (sharedCount === 0) {
    // The usual case: no touchpoint spans the split, so every worker touchpoint is new here and
    // the rows append in bulk. Contacts are re-coded first; the first unknown one is the error.
    for (let row = 0; row < rowContact.length; row++) {
      const contact = contactOf[rowContact[row]];
      if (contact < 0) throw unknownContactError(keyText(worker.contacts, rowContact[row]), { file, line: lines[row] + lineOffset });
      rowContact[row] = contact;
    }
    ids.appendKeysUnindexed(worker.ids, touchpointCount);
    builder.appendNewTouchpoints(occurredAt, workerCodes, rowContact, rowTouchpoint);
    for (let row = 0; row < rowContact.length; row++) readerLines[rowCount++] = lines[row] + lineOffset;
    reader.rowCount = rowCount;
    for (let local = 0; local < touchpointCount; local++) globalTouchpoint[local] = builder.touchpointCount - touchpointCount + local;
  } else {
    // Some touchpoints span the split (one row per contact on each side): row by row, with the checks.
    for (let row = 0; row < rowContact.length; row++) {
      const line = lines[row] + lineOffset;
      const contact = contactOf[rowContact[row]];
      if (contact < 0) throw unknownContactError(keyText(worker.contacts, rowContact[row]), { file, line });
      const local = rowTouchpoint[row];
      let touchpoint = globalTouchpoint[local];
      if (touchpoint < 0) {
        touchpoint = sharedWithFirstPart[local];
        if (touchpoint < 0) touchpoint = ids.appendUnindexed(idBytes, idOffsets[local], idOffsets[local + 1]);
        globalTouchpoint[local] = touchpoint;
      }
      for (let field = 0; field < fieldCount; field++) rowCodes[field] = workerCodes[field][local];
      const problem = builder.addRow(touchpoint, contact, occurredAt[local], rowCodes);
      if (problem) throw repeatedTouchpointError(ids.decode(touchpoint), problem, { file, line }, `line ${readerLines[builder.firstRowOf(touchpoint)]}`);
      readerLines[rowCount++] = line;
      reader.rowCount = rowCount;
    }
  }
  if (failure?.kind === 'repeat') {
    const touchpoint = globalTouchpoint[failure.touchpoint];
    const firstLine = reader.lines[reader.builder.firstRowOf(touchpoint)];
    throw repeatedTouchpointError(reader.ids.decode(touchpoint), failure.problem, { file, line: failure.line + lineOffset }, `line ${firstLine}`);
  }
  if (failure?.kind === 'input') throw inputErrorOf(failure, file, lineOffset);
}

function reserveLines(reader: TouchpointRowReader, rows: number): void {
  if (rows > reader.lines.length) reader.lines = grownTo(reader.lines, rows);
}

function remapKeys(keys: ExportedKeys, codeOf: (bytes: Uint8Array, start: number, end: number, hash: number) => number): Int32Array {
  const map = new Int32Array(keys.offsets.length - 1);
  for (let code = 0; code < map.length; code++) map[code] = codeOf(keys.bytes, keys.offsets[code], keys.offsets[code + 1], keys.hashes[code]);
  return map;
}

/** The header row's cells, or undefined when the file has none (the one-thread reader reports it). */
function readHeaderCells(file: string): string[] | undefined {
  let header: string[] | undefined;
  const stop = new Error('header read');
  const parser = new ByteCsvParser((buffer, fields) => {
    header = Array.from({ length: fields.count }, (_, index) => fieldText(buffer, fields, index));
    throw stop;
  });
  try {
    for (const chunk of readByteChunks(file)) parser.push(chunk);
  } catch (error) {
    if (error !== stop) return undefined;
  }
  return header;
}
