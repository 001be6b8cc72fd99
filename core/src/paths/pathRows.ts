import { InputError } from '../dataset/inputError';
import type { PathTableBuilder } from '../models/data-driven/pathTable';
import { PathKeyTable, pathKeyHash } from './pathKeyTable';
import type { PathsLayout } from './readPathsFile';

export type ByteBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const GREATER_THAN = 62;
const DIGIT_ZERO = 48;
export const MAX_FIELDS = 64;
/** Four line feeds: a word holds one when (word ^ this) has a zero byte. */
const LINE_FEED_WORD = 0x0a0a0a0a;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

const SKIP = 0;
const PATH = 1;
const CONVERSIONS = 2;
const VALUE = 3;
const NULLS = 4;

/**
 * Parses the rows in bytes[from, to) (whole lines) into `builder`; `lineBefore` is the line number
 * of the line before `from`. Identical paths are aggregated. Returns the rows read and the last line.
 *
 * Two readers of a line, one result. The plain one takes the lines of the common form: no quote,
 * no blank line, no space around a count, whole-number counts, exactly the header's fields. It
 * finds the path field with a native search for the separator, hashes it a 32-bit word at a time
 * (checking each word for a line feed: a line short of fields), and reads the counts digit by
 * digit, all in one loop over locals. Any other line (and any line it doubts) goes to the general
 * reader, which splits quoted fields, reads any number form and raises the errors, naming the
 * line. Both look paths up by the raw bytes of the path field and decode a path's states once,
 * when first seen, so paths and states are numbered in order of first appearance either way.
 * A property test holds the two readers to the same tables and errors.
 */
export function parsePathRows(
  bytes: ByteBuffer,
  from: number,
  to: number,
  layout: PathsLayout,
  builder: PathTableBuilder,
  file: string,
  lineBefore: number,
  options: { readonly generalOnly?: boolean } = {},
): { rows: number; lastLine: number } {
  const reader = new PathRowReader(bytes, to, layout, builder, file, Math.max(1 << 16, expectedPaths(to - from)));
  const separatorByte = layout.separator.charCodeAt(0);
  const lastColumn = layout.columnCount - 1;
  const roles = new Int8Array(layout.columnCount);
  roles[layout.pathColumn] = PATH;
  roles[layout.conversionsColumn] = CONVERSIONS;
  if (layout.valueColumn >= 0) roles[layout.valueColumn] = VALUE;
  if (layout.nullColumn >= 0) roles[layout.nullColumn] = NULLS;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keys = reader.keys;
  const generalOnly = options.generalOnly === true;
  /** The first quote at or after the current line (`to` when none): lines before it hold none. */
  let nextQuote = -1;
  const batch = new RowBatch();
  let batched = 0;
  let rows = 0;
  let line = lineBefore;
  let at = from;
  // The loop keeps its positions in locals (no closure writes them): V8 then holds them in
  // registers instead of a heap context, which matters at a million rows.
  while (at < to) {
    line++;
    const lineStart = at;
    if (nextQuote < lineStart) {
      nextQuote = bytes.indexOf(QUOTE, lineStart);
      if (nextQuote < 0 || nextQuote > to) nextQuote = to;
    }
    let plain = !generalOnly && bytes[lineStart] > 32;
    let pathStart = 0;
    let pathEnd = 0;
    let hash = 0;
    let conversions = 0;
    let value = 0;
    let nulls = -1;
    let index = lineStart;
    for (let column = 0; plain; column++) {
      const role = roles[column];
      if (role === PATH) {
        let end: number;
        if (column < lastColumn) {
          end = bytes.indexOf(separatorByte, index);
          if (end < 0 || end > to) end = to;
        } else {
          end = bytes.indexOf(LINE_FEED, index);
          if (end < 0 || end > to) end = to;
          if (end > index && bytes[end - 1] === CARRIAGE_RETURN) end--;
          // More fields than the header names: the general reader ignores the extra ones.
          const separatorAt = bytes.indexOf(separatorByte, index);
          if (separatorAt >= 0 && separatorAt < end) {
            plain = false;
            break;
          }
        }
        if (nextQuote < end) {
          plain = false;
          break;
        }
        let wordHash = FNV_OFFSET;
        let lineFeeds = 0;
        let position = index;
        for (; position + 4 <= end; position += 4) {
          const word = view.getInt32(position, true);
          const probe = word ^ LINE_FEED_WORD;
          lineFeeds |= (probe - 0x01010101) & ~probe;
          wordHash = Math.imul(wordHash ^ word, FNV_PRIME);
        }
        for (; position < end; position++) {
          const byte = bytes[position];
          if (byte === LINE_FEED) lineFeeds = -1;
          wordHash = Math.imul(wordHash ^ byte, FNV_PRIME);
        }
        if ((lineFeeds & 0x80808080) !== 0) {
          plain = false;
          break;
        }
        pathStart = index;
        pathEnd = end;
        hash = wordHash ^ (wordHash >>> 16);
        index = end;
      } else if (role === SKIP) {
        while (index < to) {
          const byte = bytes[index];
          if (byte === separatorByte || byte === LINE_FEED || byte === CARRIAGE_RETURN || byte === QUOTE) break;
          index++;
        }
      } else {
        const digitsStart = index;
        let number = 0;
        while (index < to) {
          const digit = bytes[index] - DIGIT_ZERO;
          if (digit < 0 || digit > 9) break;
          number = number * 10 + digit;
          index++;
        }
        // Up to 15 digits are exact in a double (as byteNumber reads them).
        if (index === digitsStart || index - digitsStart > 15) {
          plain = false;
          break;
        }
        if (role === CONVERSIONS) conversions = number;
        else if (role === VALUE) value = number;
        else nulls = number;
      }
      if (column < lastColumn) {
        if (index < to && bytes[index] === separatorByte) {
          index++;
          continue;
        }
        plain = false;
        break;
      }
      // After the last column: the line's end (LF, CR LF, or the end of the part).
      if (index < to && bytes[index] === CARRIAGE_RETURN) index++;
      if (index >= to) at = to;
      else if (bytes[index] === LINE_FEED) at = index + 1;
      else plain = false;
      break;
    }
    if (!plain) {
      let lineEnd = bytes.indexOf(LINE_FEED, lineStart);
      if (lineEnd < 0 || lineEnd > to) lineEnd = to;
      at = lineEnd + 1;
      // Rows keep their order: the batch goes first.
      if (batched > 0) batched = reader.addBatch(batch, batched);
      if (reader.generalLine(lineStart, lineEnd, line)) rows++;
      continue;
    }
    batch.pathStarts[batched] = pathStart;
    batch.pathEnds[batched] = pathEnd;
    batch.hashes[batched] = hash;
    batch.lines[batched] = line;
    batch.conversions[batched] = conversions;
    batch.values[batched] = value;
    batch.nulls[batched] = nulls < 0 ? (conversions === 0 ? 1 : 0) : nulls;
    if (++batched === ROW_BATCH) batched = reader.addBatch(batch, batched);
    rows++;
  }
  if (batched > 0) reader.addBatch(batch, batched);
  keys.addTotalsTo(builder);
  return { rows, lastLine: line };
}

/**
 * A guess at the distinct paths in `bytes` of a paths file, to size the tables: a row is rarely
 * under 40 bytes, and per-journey files repeat their paths (a million journeys held 206,000
 * distinct paths in the benchmark); aggregated files outgrow the guess and the tables grow.
 */
export function expectedPaths(bytes: number): number {
  return Math.min(1 << 22, Math.max(1024, Math.round(bytes / 200)));
}

/**
 * Plain rows read but not yet looked up. Rows are looked up a batch at a time so that the cache
 * misses of different rows overlap (PathKeyTable.prefetch) instead of coming one after another.
 */
const ROW_BATCH = 64;

class RowBatch {
  readonly pathStarts = new Int32Array(ROW_BATCH);
  readonly pathEnds = new Int32Array(ROW_BATCH);
  readonly hashes = new Int32Array(ROW_BATCH);
  readonly lines = new Int32Array(ROW_BATCH);
  readonly conversions = new Float64Array(ROW_BATCH);
  readonly values = new Float64Array(ROW_BATCH);
  readonly nulls = new Float64Array(ROW_BATCH);
}

/** The general reader of one line, and the path decoding both readers share. */
class PathRowReader {
  readonly keys: PathKeyTable;
  private readonly view: DataView;
  /** Entries of quoted paths, by their unquoted text. */
  private readonly entryByText = new Map<string, number>();
  /** State ids by the raw bytes of a state's name in a path (the same table as paths: few keys, hot in the cache). */
  private readonly stateTokens: PathKeyTable;
  private states = new Int32Array(64);
  private readonly fieldStarts = new Int32Array(MAX_FIELDS + 1);
  private readonly fieldEnds = new Int32Array(MAX_FIELDS + 1);
  private readonly fileHasQuote: boolean;

  constructor(
    private readonly bytes: ByteBuffer,
    private readonly to: number,
    private readonly layout: PathsLayout,
    private readonly builder: PathTableBuilder,
    private readonly file: string,
    expectedKeys: number,
  ) {
    this.keys = new PathKeyTable(bytes, expectedKeys);
    this.stateTokens = new PathKeyTable(bytes, 256);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const firstQuote = bytes.indexOf(QUOTE);
    this.fileHasQuote = firstQuote >= 0 && firstQuote < to;
  }

  /** Reads the line bytes[lineStart, lineEnd) (LF excluded); false for a blank line. Throws InputError naming the line. */
  generalLine(lineStart: number, lineEnd: number, lineNumber: number): boolean {
    const { bytes, layout, file, fieldStarts, fieldEnds } = this;
    const { separator, pathColumn, conversionsColumn, valueColumn, nullColumn } = layout;
    if (lineEnd > lineStart && bytes[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--;
    if (lineEnd === lineStart || (bytes[lineStart] <= 32 && isBlankRange(bytes, lineStart, lineEnd))) return false;
    const separatorByte = separator.charCodeAt(0);
    // One pass for the field boundaries; a line holding a quote (looked for only when the file
    // holds one) goes through the quote-aware splitter instead.
    let fieldCount = 0;
    let fieldStart = lineStart;
    for (let index = lineStart; index < lineEnd; index++) {
      if (bytes[index] === separatorByte) {
        if (fieldCount < MAX_FIELDS) {
          fieldStarts[fieldCount] = fieldStart;
          fieldEnds[fieldCount] = index;
        }
        fieldCount++;
        fieldStart = index + 1;
      }
    }
    let hasQuote = false;
    if (this.fileHasQuote) {
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
      throw new InputError(`expected ${layout.columnCount} fields separated by ${JSON.stringify(separator)}, found ${fieldCount}`, {
        file,
        line: lineNumber,
      });
    }
    let entry: number;
    if (quotedFields) {
      const pathText = quotedFields[pathColumn];
      entry = this.entryByText.get(pathText) ?? -1;
      if (entry < 0) {
        entry = this.keys.addUnindexed(this.decodePathText(pathText, lineNumber));
        this.entryByText.set(pathText, entry);
      }
    } else {
      const pathStart = fieldStarts[pathColumn];
      const pathEnd = fieldEnds[pathColumn];
      const hash = pathKeyHash(this.view, bytes, pathStart, pathEnd);
      entry = this.keys.entryOf(pathStart, pathEnd, hash);
      if (entry < 0) entry = this.keys.add(pathStart, pathEnd, hash, this.decodePath(pathStart, pathEnd, lineNumber));
    }
    const numberOf = (column: number, name: string, required: boolean): number =>
      quotedFields
        ? count(quotedFields[column], name, required, file, lineNumber)
        : byteNumber(bytes, fieldStarts[column], fieldEnds[column], name, required, file, lineNumber);
    const conversions = numberOf(conversionsColumn, 'total_conversions', true);
    const value = valueColumn >= 0 ? numberOf(valueColumn, 'total_conversion_value', false) : 0;
    const nulls = nullColumn >= 0 ? numberOf(nullColumn, 'total_null', false) : conversions === 0 ? 1 : 0;
    this.keys.addRow(entry, conversions, value, nulls);
    return true;
  }

  /** Adds a batch of plain rows, in order; returns 0 (the rows left in the batch). */
  addBatch(batch: RowBatch, count: number): number {
    const keys = this.keys;
    keys.prefetch(batch.hashes, batch.pathStarts, count);
    for (let row = 0; row < count; row++) {
      const pathStart = batch.pathStarts[row];
      const pathEnd = batch.pathEnds[row];
      const hash = batch.hashes[row];
      let entry = keys.entryOf(pathStart, pathEnd, hash);
      if (entry < 0) entry = keys.add(pathStart, pathEnd, hash, this.decodePath(pathStart, pathEnd, batch.lines[row]));
      keys.addRow(entry, batch.conversions[row], batch.values[row], batch.nulls[row]);
    }
    return 0;
  }

  /** The path index of the unquoted path field bytes[pathStart, pathEnd): split on '>', trimmed, each state's name decoded once. */
  decodePath(pathStart: number, pathEnd: number, lineNumber: number): number {
    const { bytes, stateTokens, view } = this;
    let length = 0;
    let stepStart = pathStart;
    for (let index = pathStart; index <= pathEnd; index++) {
      if (index < pathEnd && bytes[index] !== GREATER_THAN) continue;
      let from = stepStart;
      let to = index;
      while (from < to && bytes[from] <= 32) from++;
      while (to > from && bytes[to - 1] <= 32) to--;
      if (from === to) throw this.emptyStep(bytes.utf8Slice(pathStart, pathEnd), lineNumber);
      const hash = pathKeyHash(view, bytes, from, to);
      const token = stateTokens.entryOf(from, to, hash);
      let state: number;
      if (token >= 0) state = stateTokens.pathIndex(token);
      else {
        const name = bytes.utf8Slice(from, to).trim();
        if (name === '') throw this.emptyStep(bytes.utf8Slice(pathStart, pathEnd), lineNumber);
        state = this.builder.stateId(name);
        stateTokens.add(from, to, hash, state);
      }
      if (length === this.states.length) {
        const larger = new Int32Array(length * 2);
        larger.set(this.states);
        this.states = larger;
      }
      this.states[length++] = state;
      stepStart = index + 1;
    }
    return this.builder.pathIndex(this.states, 0, length);
  }

  /** The path index of a quoted path's text. */
  private decodePathText(pathText: string, lineNumber: number): number {
    const states: number[] = [];
    for (const rawName of pathText.split('>')) {
      const name = rawName.trim();
      if (name === '') throw this.emptyStep(pathText, lineNumber);
      states.push(this.builder.stateId(name));
    }
    return this.builder.pathIndex(states);
  }

  private emptyStep(pathText: string, lineNumber: number): InputError {
    return new InputError(pathText.trim() === '' ? 'empty path' : `empty state in path ${JSON.stringify(pathText)}`, {
      file: this.file,
      line: lineNumber,
      column: 'path',
    });
  }
}

/** Splits one line on `separator`, honouring RFC 4180 double quotes (a path may hold either separator). */
export function splitQuoted(line: string, separator: string, file: string, lineNumber: number): string[] {
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
  if (!Number.isFinite(value) || value < 0)
    throw new InputError(`expected a non-negative number, found ${JSON.stringify(text)}`, { file, line, column });
  return value;
}

export function isBlankRange(bytes: Uint8Array, start: number, end: number): boolean {
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
