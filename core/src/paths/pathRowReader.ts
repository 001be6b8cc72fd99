import { InputError } from '../dataset/inputError';
import type { PathTableBuilder } from '../models/data-driven/pathTable';
import { PathKeyTable, pathKeyHash } from './pathKeyTable';
import type { ByteBuffer } from './pathRows';
import type { PathsLayout } from './readPathsFile';

const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const GREATER_THAN = 62;
const DIGIT_ZERO = 48;
/** The most fields a line may have (readPathsFile reports more as an error, naming the line). */
export const MAX_FIELDS = 64;

/**
 * Plain rows read but not yet looked up. Rows are looked up a batch at a time so that the cache
 * misses of different rows overlap (PathKeyTable.prefetch) instead of coming one after another.
 */
export const ROW_BATCH = 64;

export class RowBatch {
  readonly pathStarts = new Int32Array(ROW_BATCH);
  readonly pathEnds = new Int32Array(ROW_BATCH);
  readonly hashes = new Int32Array(ROW_BATCH);
  readonly lines = new Int32Array(ROW_BATCH);
  readonly conversions = new Float64Array(ROW_BATCH);
  readonly values = new Float64Array(ROW_BATCH);
  readonly nulls = new Float64Array(ROW_BATCH);
}

/** The general reader of one line, and the path decoding both readers share. */
export class PathRowReader {
  readonly keys: PathKeyTable;
  /** The chunk of the file being read (setInput) and a view of it. */
  private bytes = Buffer.alloc(0) as ByteBuffer;
  private view = new DataView(this.bytes.buffer);
  /** Entries of quoted paths, by their unquoted text. */
  private readonly entryByText = new Map<string, number>();
  /** State ids by the raw bytes of a state's name in a path (the same table as paths: few keys, hot in the cache). */
  private readonly stateTokens: PathKeyTable;
  private states = new Int32Array(64);
  private readonly fieldStarts = new Int32Array(MAX_FIELDS + 1);
  private readonly fieldEnds = new Int32Array(MAX_FIELDS + 1);
  /** Whether the chunk holds a quote (lines are searched for one only then). */
  private chunkHasQuote = false;

  constructor(
    private readonly layout: PathsLayout,
    private readonly builder: PathTableBuilder,
    private readonly file: string,
    expectedKeys: number,
  ) {
    this.keys = new PathKeyTable(expectedKeys);
    this.stateTokens = new PathKeyTable(256);
  }

  /** The bytes that line and row positions refer to from now on: whole lines in bytes[0, to). */
  setInput(bytes: ByteBuffer, to: number): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.keys.setInput(bytes);
    this.stateTokens.setInput(bytes);
    const firstQuote = bytes.indexOf(QUOTE);
    this.chunkHasQuote = firstQuote >= 0 && firstQuote < to;
  }

  /** Reads the line bytes[lineStart, lineEnd) (LF excluded); false for a blank line. Throws InputError naming the line. */
  generalLine(lineStart: number, lineEnd: number, lineNumber: number): boolean {
    const { bytes, layout, file, fieldStarts, fieldEnds } = this;
    const { separator, pathColumn, conversionsColumn, valueColumn, nullColumn } = layout;
    if (lineEnd > lineStart && bytes[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--;
    if (lineEnd === lineStart || (bytes[lineStart] <= 32 && isBlankRange(bytes, lineStart, lineEnd))) return false;
    const separatorByte = separator.charCodeAt(0);
    // One pass for the field boundaries; a line holding a quote (looked for only when the chunk
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
    if (this.chunkHasQuote) {
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
        ? count(quotedFields[column], name, required, file, lineNumber, separator)
        : byteNumber(bytes, fieldStarts[column], fieldEnds[column], name, required, file, lineNumber, separator);
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

const DECIMAL = /^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** One decimal comma and no point: how a `;`-separated file (R's write.csv2, Excel in most of Europe) writes 1.5. */
const DECIMAL_COMMA = /^\+?\d*,\d+$/;

function count(raw: string | undefined, column: string, required: boolean, file: string, line: number, separator: string): number {
  const text = raw === undefined ? '' : raw.trim();
  if (text === '') {
    if (required) throw new InputError(`missing ${column}`, { file, line, column });
    return 0;
  }
  const decimal = separator === ';' && DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text;
  const value = DECIMAL.test(decimal) ? Number(decimal) : NaN;
  if (!Number.isFinite(value))
    throw new InputError(`expected a non-negative number${separator === ';' ? ' (a decimal point or comma)' : ''}, found ${JSON.stringify(text)}`, {
      file,
      line,
      column,
    });
  return value;
}

export function isBlankRange(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (bytes[index] > 32) return false;
  return true;
}

/** A count field's value from its bytes: whole numbers digit by digit, anything else via count(). */
function byteNumber(
  bytes: ByteBuffer,
  fieldStart: number,
  fieldEnd: number,
  column: string,
  required: boolean,
  file: string,
  line: number,
  separator: string,
): number {
  let start = fieldStart;
  let end = fieldEnd;
  while (start < end && bytes[start] <= 32) start++;
  while (end > start && bytes[end - 1] <= 32) end--;
  if (start === end) return count('', column, required, file, line, separator);
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index] - DIGIT_ZERO;
    if (digit < 0 || digit > 9 || index - start > 14) return count(bytes.utf8Slice(start, end), column, required, file, line, separator);
    value = value * 10 + digit;
  }
  return value;
}
