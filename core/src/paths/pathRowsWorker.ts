/**
 * Worker thread entry: aggregates the path rows of a byte range of a paths file (whole lines, after
 * the header) into a path table and sends it back for the main thread to merge (readPathsFile).
 * Errors travel as data, with lines relative to the range (its first line is line 1).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../dataset/inputError';
import { PathTableBuilder } from '../models/data-driven/pathTable';
import { answerSyncCaller, syncWorkerRequest } from '../util/syncWorker';
import { parsePathRows, pathsLayout, type ByteBuffer } from './readPathsFile';
import type { PathRowsRequest, PathRowsResult } from './pathRowsProtocol';

const request = syncWorkerRequest<PathRowsRequest>();
let result: PathRowsResult;
try {
  const bytes = Buffer.allocUnsafe(request.end - request.start) as ByteBuffer;
  const descriptor = openSync(request.file, 'r');
  try {
    for (let filled = 0; filled < bytes.length; ) {
      const read = readSync(descriptor, bytes, filled, bytes.length - filled, request.start + filled);
      if (read === 0) break;
      filled += read;
    }
  } finally {
    closeSync(descriptor);
  }
  const layout = pathsLayout(request.header, request.file, 1);
  const builder = new PathTableBuilder();
  const { rows, lastLine } = parsePathRows(bytes, 0, bytes.length, layout, builder, request.file, 0);
  result = { table: builder.build(), rows, lastLine };
} catch (error) {
  result =
    error instanceof InputError
      ? { failure: { kind: 'input', detail: error.detail, line: error.location.line, column: error.location.column } }
      : { failure: { kind: 'crash', detail: (error as Error).stack ?? String(error) } };
}
// Copied, not transferred: a path table is a few MB, and its arrays may share buffers.
answerSyncCaller(result);
