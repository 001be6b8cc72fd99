/**
 * Worker thread entry: aggregates the path rows of a byte range of a paths file (whole lines, after
 * the header) into a path table and sends it back for the main thread to merge (readPathsFile).
 * Errors travel as data, with lines relative to the range (its first line is line 1).
 */
import { PathTableBuilder } from '../models/data-driven/pathTable';
import { readFileRange } from '../util/fileSplit';
import { answerSyncCaller, failureOf, syncWorkerRequest } from '../util/syncWorker';
import { expectedPaths, parsePathRows, type ByteBuffer } from './pathRows';
import { pathsLayout } from './readPathsFile';
import type { PathRowsRequest, PathRowsResult } from './pathRowsProtocol';

const request = syncWorkerRequest<PathRowsRequest>();
let result: PathRowsResult;
try {
  const bytes = readFileRange(request.file, request.start, request.end) as ByteBuffer;
  const layout = pathsLayout(request.header, request.file, 1);
  const builder = new PathTableBuilder(expectedPaths(bytes.length));
  const { rows, lastLine } = parsePathRows(bytes, 0, bytes.length, layout, builder, request.file, 0);
  result = { table: builder.build(), rows, lastLine };
} catch (error) {
  result = { failure: failureOf(error) };
}
// The table's arrays are transferred, not copied (a few MB the caller would otherwise clone): each
// has a buffer of its own (PathTableBuilder.build slices or allocates every one).
const table = result.table;
const buffers = (table ? [table.pathOffsets, table.pathStates, table.conversions, table.values, table.nulls] : []).map(
  (array) => array.buffer as ArrayBuffer,
);
answerSyncCaller(result, new Set(buffers).size === buffers.length ? buffers : []);
