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
// Copied, not transferred: a path table is a few MB, and its arrays may share buffers.
answerSyncCaller(result);
