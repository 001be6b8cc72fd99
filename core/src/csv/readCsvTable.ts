import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../dataset/inputError';
import { INVALID, type ColumnKind, type ColumnSet, type RowOf } from '../schemas/columnKinds';
import { ByteCsvParser, CsvSyntaxError, fieldText, trimmedFieldEnd, trimmedFieldStart, type FieldSpans } from './byteCsvParser';
import { ByteDictionary } from './byteDictionary';
import { grownTo } from '../util/typedArrays';

export interface CsvTable<Row> {
  readonly rows: Row[];
  /** Physical line of each row, for errors found after parsing (unknown references, duplicates). */
  readonly lines: Int32Array;
  readonly file: string;
  /** Optional columns the header leaves out (read as empty in every row). */
  readonly absentColumns: string[];
}

const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Yields a file's bytes, or those of [start, end), in chunks (so files of any size read in bounded
 * memory). Every chunk is a view of one reused buffer, valid only until the next is requested: feed
 * it to a parser that copies what it keeps (ByteCsvParser does). Reuse matters: a fresh 8 MB buffer
 * per chunk counts as external memory, and V8 answers each such growth with a full mark-compact of
 * the heap (about 40 ms each with the deals in memory).
 */
export function* readByteChunks(file: string, start = 0, end = Infinity): Generator<Buffer> {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new InputError(`cannot open the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  // One buffer per thread, lent to one read at a time: every file this thread reads fills the same
  // memory (fresh 8 MB means 2,048 page faults).
  const buffer = spareBuffer ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
  spareBuffer = undefined;
  try {
    for (let position = start; position < end; ) {
      const wanted = Math.min(buffer.length, end - position);
      const bytesRead = readSync(descriptor, buffer, 0, wanted, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    closeSync(descriptor);
    spareBuffer = buffer;
  }
}

let spareBuffer: Buffer | undefined;

type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };

/** Builds a row object with one fixed shape (fast property access downstream). */
function rowFactory(names: string[]): (values: unknown[]) => Record<string, unknown> {
  // Generated once per table: an object literal keeps every row in one hidden class.
  const body = `return {${names.map((name, index) => `${JSON.stringify(name)}: values[${index}]`).join(', ')}};`;
  return new Function('values', body) as (values: unknown[]) => Record<string, unknown>;
}

/** Distinct values one interned column keeps; past this, new values are decoded per cell (bounded memory). */
const INTERN_LIMIT = 4096;

/**
 * Per-column string cache for low-cardinality columns (currencies, stages), keyed by the cell's
 * bytes: a hit returns the existing string without decoding, so many equal cells share one string.
 */
class InternedText {
  private readonly dictionary = new ByteDictionary();

  lookup(buffer: Utf8Buffer, start: number, end: number): string {
    const dictionary = this.dictionary;
    if (dictionary.size < INTERN_LIMIT) return dictionary.text(dictionary.intern(buffer, start, end));
    const code = dictionary.find(buffer, start, end);
    return code >= 0 ? dictionary.text(code) : buffer.utf8Slice(start, end);
  }
}

/** Decodes and converts the cells of one column; on INVALID, `lastRaw` holds the cell's text. */
class CellReader {
  lastRaw = '';
  private readonly emptyValue: unknown;
  private readonly interned: InternedText | undefined;

  constructor(private readonly kind: ColumnKind<unknown>) {
    this.emptyValue = kind.convert('');
    this.interned = kind.intern ? new InternedText() : undefined;
  }

  read(buffer: Utf8Buffer, fields: FieldSpans, position: number): unknown {
    if (position < 0) return this.empty();
    if (fields.escaped[position]) return this.convertText(fieldText(buffer, fields, position).trim());
    const start = trimmedFieldStart(buffer, fields, position);
    const end = trimmedFieldEnd(buffer, fields, position, start);
    if (start === end) return this.empty();
    const kind = this.kind;
    if (kind.textIsValue) return this.interned ? this.interned.lookup(buffer, start, end) : buffer.utf8Slice(start, end);
    const value = kind.convertBytes
      ? kind.convertBytes(buffer, start, end)
      : kind.convert(kind.asciiWhenValid ? buffer.latin1Slice(start, end) : buffer.utf8Slice(start, end));
    if (value === INVALID) this.lastRaw = buffer.utf8Slice(start, end);
    return value;
  }

  private empty(): unknown {
    this.lastRaw = '';
    return this.emptyValue;
  }

  private convertText(raw: string): unknown {
    this.lastRaw = raw;
    return this.kind.convert(raw);
  }
}

/**
 * Reads one CSV file into typed rows. The header must name every column of `columns`
 * (any order, extra columns ignored). Every cell is converted by its column kind; the first
 * bad cell stops the read with an InputError naming file, line, column and what was expected.
 */
export interface ReadCsvOptions {
  /** Bytes to read instead of the file (tests). */
  chunks?: Iterable<Buffer>;
}

/**
 * The name a header cell stands for: trimmed, lower case, runs of spaces, hyphens and dots as one
 * underscore. Spreadsheets and BI exports write `Touchpoint ID`, `UTM_CAMPAIGN` or
 * `occurred-at` for the documented `touchpoint_id`, `utm_campaign` and `occurred_at`.
 */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s.-]+/g, '_');
}

/**
 * Where each of `columns` sits in the header row (-1 for an optional column that is absent),
 * header cells matched by headerKey. Throws InputError for a column named twice (in any spelling)
 * or a required column missing.
 */
export function headerPositions(header: readonly string[], columns: ColumnSet, file: string, line: number): Int32Array {
  const names = Object.keys(columns);
  const positions = new Int32Array(names.length).fill(-1);
  const seen = new Map<string, number>();
  header.forEach((rawName, index) => {
    const name = headerKey(rawName);
    if (name !== '' && seen.has(name)) {
      const first = header[seen.get(name)!].trim();
      const spelt = first === rawName.trim() ? JSON.stringify(first) : `${JSON.stringify(first)} and ${JSON.stringify(rawName.trim())}`;
      throw new InputError(`the header names column ${spelt} twice (columns ${seen.get(name)! + 1} and ${index + 1})`, { file, line });
    }
    seen.set(name, index);
  });
  const missing: string[] = [];
  names.forEach((name, index) => {
    const position = seen.get(name);
    if (position === undefined) {
      if (columns[name].requiredInHeader) missing.push(name);
    } else positions[index] = position;
  });
  if (missing.length > 0) {
    const otherSeparator = header.length === 1 ? [';', '\t', '|'].find((separator) => header[0].includes(separator)) : undefined;
    if (otherSeparator !== undefined) {
      // European Excel writes `;`, some exports tabs: one header cell holding every name.
      throw new InputError(
        `the header row is separated by ${otherSeparator === '\t' ? 'tabs' : JSON.stringify(otherSeparator)}, not commas (${JSON.stringify(header[0].slice(0, 60))}); the data files are comma-separated: in Excel, save as "CSV UTF-8 (Comma delimited)"`,
        { file, line },
      );
    }
    throw new InputError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((name) => JSON.stringify(name)).join(', ')} in the header row (expected columns: ${names.join(', ')})`,
      { file, line },
    );
  }
  return positions;
}

/**
 * The optional columns a header leaves out (`positions` from headerPositions: -1 marks them; a
 * required column missing has already thrown). They read as empty in every row, which is right for
 * an export that never had them (no search_query, no cost) and wrong for a misspelt header
 * ("utm_campain"), so the CLI names them rather than staying silent.
 */
export function absentColumns(positions: Int32Array, columns: ColumnSet): string[] {
  return Object.keys(columns).filter((_name, index) => positions[index] < 0);
}

/** The header row's cells as text. */
export function headerCells(buffer: Buffer, fields: FieldSpans): string[] {
  const header: string[] = [];
  for (let index = 0; index < fields.count; index++) header.push(fieldText(buffer, fields, index));
  return header;
}

/** The InputError for a cell its column does not accept. */
export function badCellError(expected: string, raw: string, file: string, line: number, column: string): InputError {
  return new InputError(`expected ${expected}, found ${JSON.stringify(raw.length > 80 ? raw.slice(0, 77) + '...' : raw)}`, { file, line, column });
}

/** The error for an empty file (no header row). */
export function emptyFileError(file: string, columns: ColumnSet): InputError {
  return new InputError(`the file is empty; expected a header row naming the columns ${Object.keys(columns).join(', ')}`, { file });
}

/** The error for a record whose field count differs from the header's. */
export function fieldCountError(headerLength: number, found: number, file: string, line: number): InputError {
  return new InputError(`expected ${headerLength} fields as in the header row, found ${found}`, { file, line });
}

/** Runs the parser over a file (or the given chunks), turning syntax errors into InputErrors naming the file. */
export function parseCsvFile(file: string, onRecord: (buffer: Buffer, fields: FieldSpans, line: number) => void, chunks?: Iterable<Buffer>): void {
  const parser = new ByteCsvParser(onRecord);
  try {
    for (const chunk of chunks ?? readByteChunks(file)) parser.push(chunk);
    parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new InputError(error.message, { file, line: error.line, column: error.column });
    throw error;
  }
}

/**
 * Reads a CSV file whose header names `columns` (any order, extra columns ignored): checks the
 * header, then hands every record to `onRow` with where each column sits (`positions`, index-
 * aligned with `columns`; -1 for an absent optional column), after checking its field count. An
 * empty file (no header row) is an InputError naming the expected columns. Returns the optional
 * columns the header leaves out.
 */
export function readCsvRows(
  file: string,
  columns: ColumnSet,
  onRow: (buffer: Buffer, fields: FieldSpans, line: number, positions: Int32Array) => void,
  chunks?: Iterable<Buffer>,
): string[] {
  let positions: Int32Array | undefined;
  let headerLength = 0;
  parseCsvFile(
    file,
    (buffer, fields, line) => {
      if (positions === undefined) {
        const header = headerCells(buffer, fields);
        headerLength = header.length;
        positions = headerPositions(header, columns, file, line);
        return;
      }
      if (fields.count !== headerLength) throw fieldCountError(headerLength, fields.count, file, line);
      onRow(buffer, fields, line, positions);
    },
    chunks,
  );
  if (positions === undefined) throw emptyFileError(file, columns);
  return absentColumns(positions, columns);
}

export function readCsvTable<Columns extends ColumnSet>(file: string, columns: Columns, options: ReadCsvOptions = {}): CsvTable<RowOf<Columns>> {
  const names = Object.keys(columns);
  const readers = names.map((name) => new CellReader(columns[name]));
  const makeRow = rowFactory(names);
  const values: unknown[] = new Array(names.length);
  const rows: RowOf<Columns>[] = [];
  let lines = new Int32Array(1024);

  const absent = readCsvRows(
    file,
    columns,
    (buffer, fields, line, positions) => {
      for (let index = 0; index < readers.length; index++) {
        const value = readers[index].read(buffer as Utf8Buffer, fields, positions[index]);
        if (value === INVALID) {
          throw badCellError(columns[names[index]].expected, readers[index].lastRaw, file, line, names[index]);
        }
        values[index] = value;
      }
      if (rows.length === lines.length) lines = grownTo(lines, lines.length * 2);
      lines[rows.length] = line;
      rows.push(makeRow(values) as RowOf<Columns>);
    },
    options.chunks,
  );
  return { rows, lines: lines.subarray(0, rows.length), file, absentColumns: absent };
}
