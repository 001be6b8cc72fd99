/**
 * Worker thread entry: reads touchpoint rows from a byte range of touchpoints.csv that starts at a
 * record boundary, with contacts numbered locally, and sends back plain arrays for the main thread
 * to merge (see readTouchpointFile.ts). Errors travel as data, with lines relative to the range.
 */
import { answerSyncCaller, failureOf, syncWorkerRequest } from '../util/syncWorker';
import { trace } from '../util/trace';
import { ByteDictionary } from '../csv/byteDictionary';
import { ByteCsvParser, CsvSyntaxError } from '../csv/byteCsvParser';
import { headerPositions, readByteChunks } from '../csv/readCsvTable';
import { touchpointColumns } from '../schemas/touchpointColumns';
import { RepeatedRowError, TouchpointRowReader } from './touchpointRowReader';
import type { TouchpointWorkerFailure, WorkerRequest, WorkerResult } from './touchpointWorkerProtocol';

const request = syncWorkerRequest<WorkerRequest>();
trace('read: the touchpoint worker starts');

function send(result: WorkerResult): void {
  trace('read: the touchpoint worker answers');
  const transfer: ArrayBuffer[] = [];
  if (result.rows) {
    const { rows, ids, contacts, dictionaries } = result.rows;
    transfer.push(rows.occurredAt.buffer as ArrayBuffer, rows.rowContact.buffer as ArrayBuffer, rows.rowTouchpoint.buffer as ArrayBuffer, result.rows.lines.buffer as ArrayBuffer);
    for (const codes of rows.codes) transfer.push(codes.buffer as ArrayBuffer);
    for (const keys of [ids, contacts, ...dictionaries]) transfer.push(keys.bytes.buffer as ArrayBuffer, keys.offsets.buffer as ArrayBuffer, keys.hashes.buffer as ArrayBuffer);
  }
  answerSyncCaller(result, transfer);
}

const contacts = new ByteDictionary(4096);
const reader = new TouchpointRowReader(request.file, { local: contacts }, request.expectedRows);
let failure: TouchpointWorkerFailure | undefined;
try {
  reader.useHeader(headerPositions(request.header, touchpointColumns, request.file, 1), request.header.length);
  const parser = new ByteCsvParser(reader.onRecord);
  parser.startAt(1);
  for (const chunk of readByteChunks(request.file, request.start, request.end)) parser.push(chunk);
  parser.end();
} catch (error) {
  if (error instanceof RepeatedRowError) failure = { kind: 'repeat', touchpoint: error.touchpoint, problem: error.problem, line: error.location.line! };
  else if (error instanceof CsvSyntaxError) failure = { kind: 'input', detail: error.message, line: error.line, column: error.column };
  else failure = failureOf(error);
}
send({
  rows: {
    rows: reader.builder.exportRows(),
    lines: reader.lines.subarray(0, reader.rowCount),
    ids: reader.ids.exportKeys(),
    contacts: contacts.exportKeys(),
    dictionaries: reader.dictionaries.map((dictionary) => dictionary.exportKeys()),
  },
  failure,
});
