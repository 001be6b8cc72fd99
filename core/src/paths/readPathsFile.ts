import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../dataset/inputError';
import { PathTableBuilder, type PathTable } from '../models/data-driven/pathTable';
import { lineStartAfter, readFileRange, readingFile } from '../util/fileSplit';
import { inputErrorOf, startSyncWorker } from '../util/syncWorker';
import { trace } from '../util/trace';
import type { PathRowsRequest, PathRowsResult } from './pathRowsProtocol';
import { expectedPaths, parsePathRange, parsePathRows, type ByteBuffer } from './pathRows';
import { isBlankRange, MAX_FIELDS, splitQuoted } from './pathRowReader';

export { expectedPaths, parsePathRows, type ByteBuffer } from './pathRows';

/**
 * A ChannelAttribution-format paths file (the `Data` argument of markov_model / heuristic_models):
 * columns `path` (states joined by " > "), `total_conversions`, optional `total_conversion_value`,
 * optional `total_null`; one row per unique path or one per journey; comma or semicolon separated
 * (the separator is whatever the header uses). Without a `total_null` column, a row with no
 * conversion is one non-converting journey (the one-row-per-journey layout). Other columns are
 * ignored.
 */
export interface PathsFile {
  readonly table: PathTable;
  readonly rows: number;
  readonly separator: ',' | ';';
  readonly hasValue: boolean;
  readonly hasNull: boolean;
}

const REQUIRED = ['path', 'total_conversions'] as const;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/** Below this size one thread reads a paths file faster than two (a worker takes ~50 ms to start). */
const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;
/**
 * This thread's part of a split file: over half, since the worker first starts (about 50 ms) and
 * then only reads, while this thread reads, merges the worker's table and goes on. 0.56 left
 * this thread waiting 5-7 ms for the worker on a million journeys (0.52: 30-165 ms), on a quiet
 * machine.
 */
const MAIN_THREAD_SHARE = 0.56;
/** Where to look for the header row (a header past this, or a bad one, is read with the whole file, which says why). */
const HEADER_PROBE_BYTES = 64 * 1024;

/** How errors name `--input -`. */
const STANDARD_INPUT = 'standard input';

export interface ReadPathsOptions {
  /** Files at least this large are split over two threads (default 16 MB). */
  readonly parallelFromBytes?: number;
  /** The compiled worker script (default: next to this module; absent under ts-jest, then one thread). */
  readonly workerScript?: string;
}

/**
 * Reads a paths file. A large one is split over two threads: a worker aggregates the lines after the
 * first line break past the middle while this thread aggregates the first half; the worker's path
 * table is then merged in (paths and states keep their order of first appearance, so the table is
 * the one a single thread builds, but for the rounding of fractional values summed in another
 * order). Paths files hold one record per line (a quoted path may not
 * span lines), so any line break is a record boundary. Errors name the line as a one-thread read
 * would: this thread's part is read, and reported, first.
 */
export function readPathsFile(file: string, options: ReadPathsOptions = {}): PathsFile {
  // Standard input (`-`), a pipe or a process substitution (`<(zcat paths.csv.gz)`) has no size to
  // split by: read whole, then parsed as one buffer. Errors name `-` as standard input.
  if (file === '-')
    return parsePathsBytes(
      readingFile(STANDARD_INPUT, () => readFileSync(0)),
      STANDARD_INPUT,
    );
  const stats = readingFile(file, () => statSync(file));
  if (!stats.isFile())
    return parsePathsBytes(
      readingFile(file, () => readFileSync(file)),
      file,
    );
  const size = stats.size;
  // The header from the file's head; the rows are then read a chunk at a time (parsePathRange).
  let header: ReturnType<typeof readPathsHeader>;
  const probeLength = Math.min(size, HEADER_PROBE_BYTES);
  try {
    header = readPathsHeader(readFileRange(file, 0, probeLength) as ByteBuffer, file);
  } catch {
    return parsePathsBytes(readFileRange(file, 0, size), file); // no usable header near the start: the whole read says why
  }
  if (header.bodyStart >= probeLength && probeLength < size) return parsePathsBytes(readFileRange(file, 0, size), file); // a header line longer than the probe
  const workerScript = options.workerScript ?? join(__dirname, 'pathRowsWorker.js');
  const split =
    size >= (options.parallelFromBytes ?? PARALLEL_FROM_BYTES) && existsSync(workerScript)
      ? lineStartAfter(file, Math.max(header.bodyStart, Math.floor(size * MAIN_THREAD_SHARE)), size)
      : -1;
  if (split < 0) {
    const builder = new PathTableBuilder(expectedPaths(size));
    const { rows, lastLine } = parsePathRange(file, header.bodyStart, size, header.layout, builder, header.line);
    return pathsFileOf(builder, rows, header.layout, file, lastLine);
  }

  // The worker starts before this thread reads its part.
  trace('paths read: worker starting');
  const worker = startSyncWorker<PathRowsRequest, PathRowsResult>(workerScript, { file, start: split, end: size, header: header.text });
  try {
    const startedAt = Date.now();
    const builder = new PathTableBuilder(expectedPaths(size));
    const first = parsePathRange(file, header.bodyStart, split, header.layout, builder, header.line);
    trace('paths read: own part read');
    const result = worker.wait(Math.max(60_000, 4 * (Date.now() - startedAt)));
    trace('paths read: worker answered');
    if (result === undefined || result.failure?.kind === 'crash') {
      // The worker never answered or failed unexpectedly: read the rest here.
      const rest = parsePathRange(file, split, size, header.layout, builder, first.lastLine);
      return pathsFileOf(builder, first.rows + rest.rows, header.layout, file, rest.lastLine);
    }
    if (result.failure) throw inputErrorOf(result.failure, file, first.lastLine);
    mergePathTable(builder, result.table!);
    trace('paths read: merged');
    return pathsFileOf(builder, first.rows + result.rows!, header.layout, file, first.lastLine + result.lastLine!);
  } finally {
    worker.cancel();
  }
}

/** Adds another table's paths and totals to `builder`, its states and paths in their order. */
function mergePathTable(builder: PathTableBuilder, table: PathTable): void {
  const stateIds = table.stateNames.map((name) => builder.stateId(name));
  let states = new Int32Array(64);
  for (let path = 0; path + 1 < table.pathOffsets.length; path++) {
    const start = table.pathOffsets[path];
    const length = table.pathOffsets[path + 1] - start;
    if (length > states.length) states = new Int32Array(length * 2);
    for (let step = 0; step < length; step++) states[step] = stateIds[table.pathStates[start + step]];
    builder.addToPath(builder.pathIndex(states, 0, length), table.conversions[path], table.values[path], table.nulls[path]);
  }
}

/** Parses the text of a paths file (see PathsFile). */
export function parsePathsText(text: string, file: string): PathsFile {
  return parsePathsBytes(Buffer.from(text, 'utf8'), file);
}

/**
 * Parses a paths file's bytes; identical paths are aggregated. O(bytes): see parsePathRows.
 */
export function parsePathsBytes(input: Buffer, file: string): PathsFile {
  const bytes = input as ByteBuffer;
  const header = readPathsHeader(bytes, file);
  const builder = new PathTableBuilder(expectedPaths(bytes.length));
  const { rows, lastLine } = parsePathRows(bytes, header.bodyStart, bytes.length, header.layout, builder, file, header.line);
  return pathsFileOf(builder, rows, header.layout, file, lastLine);
}

/** What the header says: the separator and where each column is. */
export interface PathsLayout {
  readonly separator: ',' | ';';
  readonly columnCount: number;
  readonly pathColumn: number;
  readonly conversionsColumn: number;
  readonly valueColumn: number;
  readonly nullColumn: number;
}

/** The paths file read into `builder`: `rows` of them, at least one (else an InputError at `lastLine`, the last line read). */
function pathsFileOf(builder: PathTableBuilder, rows: number, layout: PathsLayout, file: string, lastLine: number): PathsFile {
  if (rows === 0) throw new InputError('no path rows after the header', { file, line: lastLine });
  return { table: builder.build(), rows, separator: layout.separator, hasValue: layout.valueColumn >= 0, hasNull: layout.nullColumn >= 0 };
}

/** The header line (the first non-blank one) and where the rows start; throws InputError for a bad header. */
export function readPathsHeader(bytes: ByteBuffer, file: string): { layout: PathsLayout; text: string; line: number; bodyStart: number } {
  const length = bytes.length;
  let position = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let lineNumber = 0;
  for (;;) {
    if (position >= length) throw new InputError('the file is empty; expected a header with path and total_conversions', { file, line: 1 });
    let end = bytes.indexOf(LINE_FEED, position);
    if (end < 0) end = length;
    const lineStart = position;
    const lineEnd = end > lineStart && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    position = end + 1;
    lineNumber++;
    if (isBlankRange(bytes, lineStart, lineEnd)) continue;
    const text = bytes.utf8Slice(lineStart, lineEnd);
    return { layout: pathsLayout(text, file, lineNumber), text, line: lineNumber, bodyStart: Math.min(position, length) };
  }
}

/** The layout a header line describes; throws InputError naming the line for an unusable one. */
export function pathsLayout(header: string, file: string, lineNumber: number): PathsLayout {
  const separator: ',' | ';' | undefined = header.includes(',') ? ',' : header.includes(';') ? ';' : undefined;
  if (!separator) {
    throw new InputError(
      `unknown separator in the header ${JSON.stringify(header.slice(0, 80))}; expected columns path and total_conversions separated by , or ;`,
      {
        file,
        line: lineNumber,
      },
    );
  }
  const columns = splitQuoted(header, separator, file, lineNumber).map((name) => name.trim().toLowerCase());
  for (const name of REQUIRED) {
    if (!columns.includes(name)) throw new InputError(`missing column ${name} (found ${columns.join(', ')})`, { file, line: lineNumber });
  }
  if (columns.length > MAX_FIELDS)
    throw new InputError(`at most ${MAX_FIELDS} columns are supported, found ${columns.length}`, { file, line: lineNumber });
  return {
    separator,
    columnCount: columns.length,
    pathColumn: columns.indexOf('path'),
    conversionsColumn: columns.indexOf('total_conversions'),
    valueColumn: columns.indexOf('total_conversion_value'),
    nullColumn: columns.indexOf('total_null'),
  };
}
