import { ByteDictionary } from '../csv/byteDictionary';
import { fieldText, type FieldSpans } from '../csv/byteCsvParser';
import { badCellError, emptyFileError, fieldCountError, headerCells, headerPositions, parseCsvFile } from '../csv/readCsvTable';
import { touchpointColumns } from '../schemas/touchpoint';
import { parseIsoTimestampBytes } from '../time/isoTimestamp';
import { repeatedTouchpointError, type TouchpointRows } from './dataset';
import { InputError } from './inputError';
import { TouchpointTableBuilder, TOUCHPOINT_TEXT_FIELDS, type TouchpointIds } from './touchpointTable';

const COLUMN_NAMES = Object.keys(touchpointColumns) as Array<keyof typeof touchpointColumns>;
const ID_COLUMN = COLUMN_NAMES.indexOf('touchpoint_id');
const CONTACT_COLUMN = COLUMN_NAMES.indexOf('contact_id');
const TIME_COLUMN = COLUMN_NAMES.indexOf('occurred_at');
const TEXT_COLUMNS = Int32Array.from(TOUCHPOINT_TEXT_FIELDS, (field) => COLUMN_NAMES.indexOf(field));
const TYPE_FIELD = TOUCHPOINT_TEXT_FIELDS.indexOf('type');
const WHITESPACE_MAX = 32;
/** Rough bytes per touchpoint row, to size the arrays once for most files. */
const BYTES_PER_ROW_ESTIMATE = 120;

export interface TouchpointFileRows {
  readonly rows: TouchpointRows;
  /** Physical line of each row. */
  readonly lines: Int32Array;
}

/**
 * Reads touchpoints.csv straight into a TouchpointTable: every cell is converted from its bytes
 * (ids and text looked up in byte dictionaries, timestamps parsed in place), so a million rows
 * allocate no per-row objects or strings. Checks what readCsvTable checks for this file (header,
 * field counts, each cell against its column kind) plus unknown contacts and repeated ids, and
 * throws InputError naming file, line and column.
 *
 * `contactIds` maps each contact id's bytes to its contact index.
 */
export function readTouchpointRows(file: string, contactIds: ByteDictionary, contactCount: number, options: { chunks?: Iterable<Buffer>; sizeHint?: number } = {}): TouchpointFileRows {
  const expectedRows = Math.max(1024, Math.round((options.sizeHint ?? 0) / BYTES_PER_ROW_ESTIMATE));
  const builder = new TouchpointTableBuilder(expectedRows);
  const ids = new ByteDictionary(expectedRows);
  const dictionaries = TOUCHPOINT_TEXT_FIELDS.map(() => {
    const dictionary = new ByteDictionary();
    dictionary.intern(new Uint8Array(0), 0, 0); // code 0: the empty string
    return dictionary;
  });
  const codes = new Int32Array(TOUCHPOINT_TEXT_FIELDS.length);
  let positions: Int32Array | undefined;
  let headerLength = 0;
  let lines = new Int32Array(expectedRows);
  let rowCount = 0;
  // Cells with doubled quotes or odd whitespace are unescaped into text and re-encoded here.
  let span: { bytes: Uint8Array; start: number; end: number } = { bytes: new Uint8Array(0), start: 0, end: 0 };
  let previousContactStart = -1;
  let previousContactEnd = -1;
  let previousContactBuffer: Buffer | undefined;
  let previousContact = -1;

  /** The trimmed bytes of a cell; escaped cells are decoded, unescaped and trimmed as text. */
  const cell = (buffer: Buffer, fields: FieldSpans, column: number): typeof span => {
    const position = positions![column];
    if (position < 0) {
      span.bytes = buffer;
      span.start = span.end = 0;
      return span;
    }
    if (fields.escaped[position]) {
      const encoded = Buffer.from(fieldText(buffer, fields, position).trim(), 'utf8');
      span = { bytes: encoded, start: 0, end: encoded.length };
      return span;
    }
    let start = fields.starts[position];
    let end = fields.ends[position];
    if (start < end && (buffer[start] <= WHITESPACE_MAX || buffer[end - 1] <= WHITESPACE_MAX)) {
      while (start < end && buffer[start] <= WHITESPACE_MAX) start++;
      while (end > start && buffer[end - 1] <= WHITESPACE_MAX) end--;
    }
    span.bytes = buffer;
    span.start = start;
    span.end = end;
    return span;
  };

  const textOf = (cellSpan: typeof span): string => Buffer.from(cellSpan.bytes.subarray(cellSpan.start, cellSpan.end)).toString('utf8');

  const onRecord = (buffer: Buffer, fields: FieldSpans, line: number): void => {
    if (positions === undefined) {
      const header = headerCells(buffer, fields);
      headerLength = header.length;
      positions = headerPositions(header, touchpointColumns, file, line);
      return;
    }
    if (fields.count !== headerLength) throw fieldCountError(headerLength, fields.count, file, line);

    let value = cell(buffer, fields, ID_COLUMN);
    if (value.start === value.end) throw badCellError(touchpointColumns.touchpoint_id.expected, '', file, line, 'touchpoint_id');
    const touchpoint = ids.intern(value.bytes, value.start, value.end);

    value = cell(buffer, fields, CONTACT_COLUMN);
    if (value.start === value.end) throw badCellError(touchpointColumns.contact_id.expected, '', file, line, 'contact_id');
    let contact: number;
    // Rows usually come grouped by contact: compare with the previous row's contact first.
    if (value.bytes === previousContactBuffer && sameBytes(buffer, previousContactStart, previousContactEnd, value.start, value.end)) contact = previousContact;
    else {
      contact = contactIds.find(value.bytes, value.start, value.end);
      if (contact < 0) {
        throw new InputError(`unknown contact_id ${JSON.stringify(textOf(value))} (not in the contacts file)`, { file, line, column: 'contact_id' });
      }
      previousContactBuffer = value.bytes === buffer ? buffer : undefined;
      previousContactStart = value.start;
      previousContactEnd = value.end;
      previousContact = contact;
    }

    value = cell(buffer, fields, TIME_COLUMN);
    const occurredAt = parseIsoTimestampBytes(value.bytes, value.start, value.end);
    if (occurredAt === undefined) throw badCellError(touchpointColumns.occurred_at.expected, textOf(value), file, line, 'occurred_at');

    for (let field = 0; field < TEXT_COLUMNS.length; field++) {
      value = cell(buffer, fields, TEXT_COLUMNS[field]);
      if (value.start === value.end) {
        if (field === TYPE_FIELD) throw badCellError(touchpointColumns.type.expected, '', file, line, 'type');
        codes[field] = 0;
      } else codes[field] = dictionaries[field].intern(value.bytes, value.start, value.end);
    }

    const problem = builder.addRow(touchpoint, contact, occurredAt, codes);
    if (problem) throw repeatedTouchpointError(ids.decode(touchpoint), problem, { file, line }, `line ${lines[builder.firstRowOf(touchpoint)]}`);
    if (rowCount === lines.length) {
      const grown = new Int32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rowCount++] = line;
  };

  parseCsvFile(file, onRecord, options.chunks);
  if (positions === undefined) throw emptyFileError(file, touchpointColumns);
  const touchpointIds: TouchpointIds = { get: (index) => ids.decode(index), compare: (left, right) => ids.compare(left, right) };
  const rows = builder.finish(
    touchpointIds,
    dictionaries.map((dictionary) => dictionary.allTexts()),
    contactCount,
  );
  return { rows, lines: lines.subarray(0, rowCount) };
}

function sameBytes(buffer: Uint8Array, leftStart: number, leftEnd: number, rightStart: number, rightEnd: number): boolean {
  if (leftEnd - leftStart !== rightEnd - rightStart) return false;
  for (let index = 0; index < leftEnd - leftStart; index++) if (buffer[leftStart + index] !== buffer[rightStart + index]) return false;
  return true;
}
