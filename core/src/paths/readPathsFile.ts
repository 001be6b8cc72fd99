import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../dataset/inputError';
import { PathTableBuilder, type PathTable } from '../models/data-driven/pathTable';
import { lineStartAfter, readFileRange } from '../util/fileSplit';
import { inputErrorOf, startSyncWorker } from '../util/syncWorker';
import type { PathRowsRequest, PathRowsResult } from './pathRowsProtocol';
import { ByteDictionary } from '../csv/byteDictionary';
import { grownTo } from '../util/typedArrays';

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

/** Below this size one thread reads a paths file faster than two (a worker takes ~50 ms to start). */
const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;
/**
 * This thread's part of a split file: over half, since the worker first starts (about 50 ms) and
 * then only reads, while this thread reads, merges the worker's table and goes on.
 */
const MAIN_THREAD_SHARE = 0.52;
/** Where to look for the header row before the worker starts (a header past this reads on one thread). */
const HEADER_PROBE_BYTES = 1024 * 1024;

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
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  const workerScript = options.workerScript ?? join(__dirname, 'pathRowsWorker.js');
  const split = size >= (options.parallelFromBytes ?? PARALLEL_FROM_BYTES) && existsSync(workerScript) ? lineStartAfter(file, Math.floor(size * MAIN_THREAD_SHARE), size) : -1;
  if (split < 0) return parsePathsBytes(readFileRange(file, 0, size), file);

  // The header from the file's head, so the worker starts before this thread reads its part.
  let header: ReturnType<typeof readPathsHeader>;
  const probeLength = Math.min(split, HEADER_PROBE_BYTES);
  try {
    header = readPathsHeader(readFileRange(file, 0, probeLength) as ByteBuffer, file);
  } catch {
    return parsePathsBytes(readFileRange(file, 0, size), file); // no header near the start: one thread says why
  }
  if (header.bodyStart >= probeLength && probeLength < split) return parsePathsBytes(readFileRange(file, 0, size), file); // a header line longer than the probe
  const worker = startSyncWorker<PathRowsRequest, PathRowsResult>(workerScript, { file, start: split, end: size, header: header.text });
  try {
    const firstPart = readFileRange(file, 0, split) as ByteBuffer;
    const startedAt = Date.now();
    const builder = new PathTableBuilder(expectedPaths(split));
    const first = parsePathRows(firstPart, header.bodyStart, firstPart.length, header.layout, builder, file, header.line);
    const result = worker.wait(Math.max(60_000, 4 * (Date.now() - startedAt)));
    if (result === undefined || result.failure?.kind === 'crash') {
      // The worker never answered or failed unexpectedly: read the rest here.
      const rest = parsePathRows(readFileRange(file, split, size) as ByteBuffer, 0, size - split, header.layout, builder, file, first.lastLine);
      if (first.rows + rest.rows === 0) throw new InputError('no path rows after the header', { file, line: rest.lastLine });
      return pathsFileOf(builder, first.rows + rest.rows, header.layout);
    }
    if (result.failure) throw inputErrorOf(result.failure, file, first.lastLine);
    mergePathTable(builder, result.table!);
    const rows = first.rows + result.rows!;
    if (rows === 0) throw new InputError('no path rows after the header', { file, line: first.lastLine + result.lastLine! });
    return pathsFileOf(builder, rows, header.layout);
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


/** Splits one line on `separator`, honouring RFC 4180 double quotes (a path may hold either separator). */
function splitQuoted(line: string, separator: string, file: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quoted) {
      if (character === '"') {
        if (line[index + 1] === '"') {
          field += '"';
          index++;
        } else quoted = false;
      } else field += character;
    } else if (character === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (character === separator) {
      fields.push(field);
      field = '';
    } else field += character;
  }
  if (quoted) throw new InputError('unterminated quoted field (a path must fit on one line)', { file, line: lineNumber });
  fields.push(field);
  return fields;
}

function count(raw: string | undefined, column: string, required: boolean, file: string, line: number): number {
  const text = raw === undefined ? '' : raw.trim();
  if (text === '') {
    if (required) throw new InputError(`missing ${column}`, { file, line, column });
    return 0;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new InputError(`expected a non-negative number, found ${JSON.stringify(text)}`, { file, line, column });
  return value;
}

function isBlankRange(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (bytes[index] > 32) return false;
  return true;
}

/** A count field's value from its bytes: whole numbers digit by digit, anything else via count(). */
function byteNumber(bytes: ByteBuffer, fieldStart: number, fieldEnd: number, column: string, required: boolean, file: string, line: number): number {
  let start = fieldStart;
  let end = fieldEnd;
  while (start < end && bytes[start] <= 32) start++;
  while (end > start && bytes[end - 1] <= 32) end--;
  if (start === end) return count('', column, required, file, line);
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index] - DIGIT_ZERO;
    if (digit < 0 || digit > 9 || index - start > 14) return count(bytes.utf8Slice(start, end), column, required, file, line);
    value = value * 10 + digit;
  }
  return value;
}

/** Parses the text of a paths file (see PathsFile). */
export function parsePathsText(text: string, file: string): PathsFile {
  return parsePathsBytes(Buffer.from(text, 'utf8'), file);
}

export type ByteBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const GREATER_THAN = 62;
const DIGIT_ZERO = 48;
const MAX_FIELDS = 64;

/**
 * Parses a paths file's bytes; identical paths are aggregated. O(bytes): lines and fields are
 * found by byte scanning, a path is decoded to states only the first time it is seen (keyed by
 * its raw bytes), and whole-number counts are read digit by digit. Lines holding a double quote
 * go through the quote-aware splitter.
 */
export function parsePathsBytes(input: Buffer, file: string): PathsFile {
  const bytes = input as ByteBuffer;
  const header = readPathsHeader(bytes, file);
  const builder = new PathTableBuilder(expectedPaths(bytes.length));
  const { rows, lastLine } = parsePathRows(bytes, header.bodyStart, bytes.length, header.layout, builder, file, header.line);
  if (rows === 0) throw new InputError('no path rows after the header', { file, line: lastLine });
  return pathsFileOf(builder, rows, header.layout);
}

/**
 * A guess at the distinct paths in `bytes` of a paths file, to size the tables: a row is rarely
 * under 40 bytes, and per-journey files repeat their paths (a million journeys held 206,000
 * distinct paths in the benchmark); aggregated files outgrow the guess and the tables grow.
 */
export function expectedPaths(bytes: number): number {
  return Math.min(1 << 22, Math.max(1024, Math.round(bytes / 200)));
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

export function pathsFileOf(builder: PathTableBuilder, rows: number, layout: PathsLayout): PathsFile {
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
    throw new InputError(`unknown separator in the header ${JSON.stringify(header.slice(0, 80))}; expected columns path and total_conversions separated by , or ;`, {
      file,
      line: lineNumber,
    });
  }
  const columns = splitQuoted(header, separator, file, lineNumber).map((name) => name.trim().toLowerCase());
  for (const name of REQUIRED) {
    if (!columns.includes(name)) throw new InputError(`missing column ${name} (found ${columns.join(', ')})`, { file, line: lineNumber });
  }
  if (columns.length > MAX_FIELDS) throw new InputError(`at most ${MAX_FIELDS} columns are supported, found ${columns.length}`, { file, line: lineNumber });
  return {
    separator,
    columnCount: columns.length,
    pathColumn: columns.indexOf('path'),
    conversionsColumn: columns.indexOf('total_conversions'),
    valueColumn: columns.indexOf('total_conversion_value'),
    nullColumn: columns.indexOf('total_null'),
  };
}

/**
 * Parses the rows in bytes[from, to) (whole lines) into `builder`; `lineBefore` is the line number
 * of the line before `from`. Identical paths are aggregated. Returns the rows read and the last line.
 */
export function parsePathRows(
  bytes: ByteBuffer,
  from: number,
  to: number,
  layout: PathsLayout,
  builder: PathTableBuilder,
  file: string,
  lineBefore: number,
): { rows: number; lastLine: number } {
  const length = to;
  const position = from;
  const { separator, pathColumn, conversionsColumn, valueColumn, nullColumn } = layout;
  const separatorByte = separator.charCodeAt(0);
  const pathIndexByText = new Map<string, number>();
  // Paths and states keyed by their raw bytes (a path's states are decoded the first time only).
  const expected = Math.max(1 << 16, expectedPaths(to - from));
  const pathKeys = new ByteDictionary(expected);
  let pathIndexOfKey = new Int32Array(expected);
  /** Path keys below this have their path index in pathIndexOfKey. */
  let knownPathKeys = 0;
  const firstQuote = bytes.indexOf(QUOTE, position);
  const fileHasQuote = firstQuote >= 0 && firstQuote < to;
  const stateKeys = new ByteDictionary(1 << 8);
  const stateIdOfKey: number[] = [];
  const fieldStarts = new Int32Array(MAX_FIELDS + 1);
  const fieldEnds = new Int32Array(MAX_FIELDS + 1);
  let rows = 0;

  // The row loop keeps its positions in locals (no closure writes them): V8 then holds them in
  // registers instead of a heap context, which matters at a million rows.
  let at = position;
  let row = lineBefore;
  while (at < length) {
    let lineEnd = bytes.indexOf(LINE_FEED, at);
    if (lineEnd < 0) lineEnd = length;
    const lineStart = at;
    at = lineEnd + 1;
    if (lineEnd > lineStart && bytes[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--;
    row++;
    if (lineEnd === lineStart || (bytes[lineStart] <= 32 && isBlankRange(bytes, lineStart, lineEnd))) continue;
    const lineNumber = row;
    // One pass for the field boundaries; a line holding a quote (looked for only when the file
    // holds one) goes through the quote-aware splitter instead.
    let fieldCount = 0;
    let hasQuote = false;
    let fieldStart = lineStart;
    let index = lineStart;
    for (; index < lineEnd; index++) {
      if (bytes[index] === separatorByte) {
        if (fieldCount < MAX_FIELDS) {
          fieldStarts[fieldCount] = fieldStart;
          fieldEnds[fieldCount] = index;
        }
        fieldCount++;
        fieldStart = index + 1;
      }
    }
    if (fileHasQuote) {
      for (let scan = lineStart; scan < lineEnd; scan++) {
        if (bytes[scan] === QUOTE) {
          hasQuote = true;
          break;
        }
      }
    }
    if (fieldCount < MAX_FIELDS) {
      fieldStarts[fieldCount] = fieldStart;
      fieldEnds[fieldCount] = lineEnd;
    }
    fieldCount++;
    let quotedFields: string[] | undefined;
    if (hasQuote) {
      quotedFields = splitQuoted(bytes.utf8Slice(lineStart, lineEnd), separator, file, lineNumber);
      fieldCount = quotedFields.length;
    }
    if (fieldCount < layout.columnCount) {
      throw new InputError(`expected ${layout.columnCount} fields separated by ${JSON.stringify(separator)}, found ${fieldCount}`, { file, line: lineNumber });
    }
    const pathStart = fieldStarts[pathColumn];
    const pathEnd = fieldEnds[pathColumn];
    let pathKey = -1;
    let pathIndex = -1;
    if (quotedFields) pathIndex = pathIndexByText.get(quotedFields[pathColumn]) ?? -1;
    else {
      pathKey = pathKeys.intern(bytes, pathStart, pathEnd);
      if (pathKey < knownPathKeys) pathIndex = pathIndexOfKey[pathKey];
    }
    if (pathIndex < 0) {
      const states: number[] = [];
      const emptyStep = (pathText: string): InputError =>
        new InputError(pathText.trim() === '' ? 'empty path' : `empty state in path ${JSON.stringify(pathText)}`, { file, line: lineNumber, column: 'path' });
      if (quotedFields) {
        const pathText = quotedFields[pathColumn];
        for (const rawName of pathText.split('>')) {
          const name = rawName.trim();
          if (name === '') throw emptyStep(pathText);
          states.push(builder.stateId(name));
        }
        pathIndex = builder.pathIndex(states);
        pathIndexByText.set(pathText, pathIndex);
      } else {
        // Split on '>' and trim at byte level; a state's name is decoded once, when first seen.
        let stepStart = pathStart;
        for (let index = pathStart; index <= pathEnd; index++) {
          if (index < pathEnd && bytes[index] !== GREATER_THAN) continue;
          let from = stepStart;
          let to = index;
          while (from < to && bytes[from] <= 32) from++;
          while (to > from && bytes[to - 1] <= 32) to--;
          if (from === to) throw emptyStep(bytes.utf8Slice(pathStart, pathEnd));
          const stateKey = stateKeys.intern(bytes, from, to);
          let state = stateKey < stateIdOfKey.length ? stateIdOfKey[stateKey] : -1;
          if (state < 0) {
            const name = bytes.utf8Slice(from, to).trim();
            if (name === '') throw emptyStep(bytes.utf8Slice(pathStart, pathEnd));
            state = builder.stateId(name);
            stateIdOfKey[stateKey] = state;
          }
          states.push(state);
          stepStart = index + 1;
        }
        pathIndex = builder.pathIndex(states);
        if (pathKey >= pathIndexOfKey.length) {
          pathIndexOfKey = grownTo(pathIndexOfKey, pathIndexOfKey.length * 2);
        }
        pathIndexOfKey[pathKey] = pathIndex;
        knownPathKeys = pathKey + 1;
      }
    }
    const conversions = quotedFields
      ? count(quotedFields[conversionsColumn], 'total_conversions', true, file, lineNumber)
      : byteNumber(bytes, fieldStarts[conversionsColumn], fieldEnds[conversionsColumn], 'total_conversions', true, file, lineNumber);
    let value = 0;
    if (valueColumn >= 0) {
      value = quotedFields
        ? count(quotedFields[valueColumn], 'total_conversion_value', false, file, lineNumber)
        : byteNumber(bytes, fieldStarts[valueColumn], fieldEnds[valueColumn], 'total_conversion_value', false, file, lineNumber);
    }
    let nulls = conversions === 0 ? 1 : 0;
    if (nullColumn >= 0) {
      nulls = quotedFields
        ? count(quotedFields[nullColumn], 'total_null', false, file, lineNumber)
        : byteNumber(bytes, fieldStarts[nullColumn], fieldEnds[nullColumn], 'total_null', false, file, lineNumber);
    }
    builder.addToPath(pathIndex, conversions, value, nulls);
    rows++;
  }
  return { rows, lastLine: row };
}
