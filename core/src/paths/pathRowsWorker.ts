/**
 * Worker thread entry: aggregates the path rows of a byte range of a paths file (whole lines, after
 * the header) into a path table and sends it back for the main thread to merge (readPathsFile).
 * Errors travel as data, with lines relative to the range (its first line is line 1).
 */
import { PathTableBuilder } from '../models/data-driven/pathTable';
import { answerSyncCaller, failureOf, syncWorkerRequest } from '../util/syncWorker';
import { trace } from '../util/trace';
import { expectedPaths, parsePathRange } from './pathRows';
import { pathsLayout } from './readPathsFile';
import type { PathRowsRequest, PathRowsResult } from './pathRowsProtocol';

const request = syncWorkerRequest<PathRowsRequest>();
trace('paths read worker: started');
let result: PathRowsResult;
try {
  const layout = pathsLayout(request.header, request.file, 1);
  const builder = new PathTableBuilder(expectedPaths(request.end - request.start));
  const { rows, lastLine } = parsePathRange(request.file, request.start, request.end, layout, builder, 0);
  trace('paths read worker: part read');
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
