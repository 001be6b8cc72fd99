import { ByteDictionary } from '../csv/byteDictionary';
import type { FieldSpans } from '../csv/byteCsvParser';
import { CellSpanReader, spanText, type CellSpan } from '../csv/cellSpans';
import { badCellError, fieldCountError, headerCells, headerPositions } from '../csv/readCsvTable';
import { touchpointColumns } from '../schemas/touchpointColumns';
import { INVALID } from '../schemas/columnKinds';
import { repeatedTouchpointError, unknownContactError } from './dataset';
import { InputError } from './inputError';
import { TouchpointTableBuilder, TOUCHPOINT_TEXT_FIELDS, type RepeatProblem } from './touchpointTable';
import { grownTo } from '../util/typedArrays';

/** The column's own reading of a cell (which timestamp forms it takes is the schema's to say). */
const parseOccurredAt = touchpointColumns.occurred_at.convertBytes!;

const COLUMN_NAMES = Object.keys(touchpointColumns) as Array<keyof typeof touchpointColumns>;
const ID_COLUMN = COLUMN_NAMES.indexOf('touchpoint_id');
const CONTACT_COLUMN = COLUMN_NAMES.indexOf('contact_id');
const TIME_COLUMN = COLUMN_NAMES.indexOf('occurred_at');
const TEXT_COLUMNS = Int32Array.from(TOUCHPOINT_TEXT_FIELDS, (field) => COLUMN_NAMES.indexOf(field));
const TYPE_FIELD = TOUCHPOINT_TEXT_FIELDS.indexOf('type');

/**
 * How contact_id cells become contact indexes: looked up among the known contacts (an unknown one
 * is an error), or, for a reader that does not have the contacts (a worker thread reading part of
 * the file), numbered locally in order of appearance and mapped to contacts later.
 */
export type ContactLookup = { readonly known: ByteDictionary } | { readonly local: ByteDictionary };

/**
 * Turns touchpoint CSV records into a TouchpointTableBuilder's rows, converting every cell from its
 * bytes: ids and text through byte dictionaries, timestamps parsed in place, so a million rows
 * allocate no per-row objects or strings. Checks each cell against its column kind, the field
 * count, unknown contacts (with known contacts) and repeated ids, and throws InputError naming
 * file, line and column. Feed `onRecord` to a ByteCsvParser.
 */
export class TouchpointRowReader {
  readonly builder: TouchpointTableBuilder;
  readonly ids: ByteDictionary;
  readonly dictionaries: ByteDictionary[];
  lines: Int32Array;
  rowCount = 0;
  positions: Int32Array | undefined;
  headerLength = 0;
  private readonly codes = new Int32Array(TOUCHPOINT_TEXT_FIELDS.length);
  private readonly cells = new CellSpanReader();
  private previousContactBytes = new Uint8Array(64);
  private previousContactLength = -1;
  private previousContact = -1;
  private readonly knownContacts: ByteDictionary | undefined;
  private readonly localContacts: ByteDictionary | undefined;

  /**
   * `expectedRows` sizes the columns; `expectedLookups` the id dictionary's index (the rows this
   * reader parses itself: ids merged from another thread are appended without an index).
   */
  constructor(
    private readonly file: string,
    contacts: ContactLookup,
    expectedRows: number,
    expectedLookups = expectedRows,
  ) {
    this.knownContacts = 'known' in contacts ? contacts.known : undefined;
    this.localContacts = 'local' in contacts ? contacts.local : undefined;
    this.builder = new TouchpointTableBuilder(expectedRows);
    this.ids = new ByteDictionary(expectedLookups);
    // URLs are often near-unique (click ids): sized from the rows, that dictionary is not rehashed
    // and copied a dozen times as it grows (a sixth of the rows at 128 bytes each: 164,335
    // distinct URLs of 125 bytes on average in a million simulated rows; store pages never
    // written cost nothing). The other fields repeat a few values.
    this.dictionaries = TOUCHPOINT_TEXT_FIELDS.map((field) =>
      field === 'url' ? ByteDictionary.withEmptyKey(Math.max(1024, Math.ceil(expectedRows / 6)), 128) : ByteDictionary.withEmptyKey(),
    );
    this.lines = new Int32Array(Math.max(16, expectedRows));
  }

  /** Uses a header read elsewhere (a reader that starts mid-file). */
  useHeader(positions: Int32Array, headerLength: number): void {
    this.positions = positions;
    this.headerLength = headerLength;
  }

  readonly onRecord = (buffer: Buffer, fields: FieldSpans, line: number): void => {
    const file = this.file;
    if (this.positions === undefined) {
      const header = headerCells(buffer, fields);
      this.headerLength = header.length;
      this.positions = headerPositions(header, touchpointColumns, file, line);
      return;
    }
    if (fields.count !== this.headerLength) throw fieldCountError(this.headerLength, fields.count, file, line);

    let value = this.cell(buffer, fields, ID_COLUMN);
    if (value.start === value.end) throw badCellError(touchpointColumns.touchpoint_id.expected, '', file, line, 'touchpoint_id');
    const touchpoint = this.ids.intern(value.bytes, value.start, value.end);

    value = this.cell(buffer, fields, CONTACT_COLUMN);
    if (value.start === value.end) throw badCellError(touchpointColumns.contact_id.expected, '', file, line, 'contact_id');
    const contact = this.contactOf(value, line);

    value = this.cell(buffer, fields, TIME_COLUMN);
    const occurredAt = parseOccurredAt(value.bytes, value.start, value.end);
    if (occurredAt === INVALID) throw badCellError(touchpointColumns.occurred_at.expected, spanText(value), file, line, 'occurred_at');

    const codes = this.codes;
    for (let field = 0; field < TEXT_COLUMNS.length; field++) {
      value = this.cell(buffer, fields, TEXT_COLUMNS[field]);
      if (value.start === value.end) {
        if (field === TYPE_FIELD) throw badCellError(touchpointColumns.type.expected, '', file, line, 'type');
        codes[field] = 0;
      } else codes[field] = this.dictionaries[field].intern(value.bytes, value.start, value.end);
    }

    const problem = this.builder.addRow(touchpoint, contact, occurredAt, codes);
    if (problem) throw new RepeatedRowError(this.ids.decode(touchpoint), problem, { file, line }, `line ${this.lines[this.builder.firstRowOf(touchpoint)]}`, touchpoint);
    if (this.rowCount === this.lines.length) this.lines = grownTo(this.lines, this.lines.length * 2);
    this.lines[this.rowCount++] = line;
  };

  private contactOf(value: CellSpan, line: number): number {
    // Rows usually come grouped by contact: compare with the previous row's contact first. Its
    // bytes are kept as a copy: the parser's buffer is reused for the next chunk.
    const length = value.end - value.start;
    if (length === this.previousContactLength && sameBytesAs(this.previousContactBytes, value.bytes, value.start, length)) return this.previousContact;
    let contact: number;
    if (this.knownContacts) {
      contact = this.knownContacts.find(value.bytes, value.start, value.end);
      if (contact < 0) throw unknownContactError(spanText(value), { file: this.file, line });
    } else contact = this.localContacts!.intern(value.bytes, value.start, value.end);
    if (length > this.previousContactBytes.length) this.previousContactBytes = new Uint8Array(Math.max(length, 2 * this.previousContactBytes.length));
    // Byte by byte: a view per new contact was 29 MB of garbage on a million rows.
    const previous = this.previousContactBytes;
    for (let offset = 0; offset < length; offset++) previous[offset] = value.bytes[value.start + offset];
    this.previousContactLength = length;
    this.previousContact = contact;
    return contact;
  }

  private cell(buffer: Buffer, fields: FieldSpans, column: number): CellSpan {
    return this.cells.cell(buffer, fields, this.positions![column]);
  }
}

/** A row repeating a touchpoint_id invalidly; keeps the touchpoint and the problem for a reader merging another thread's rows. */
export class RepeatedRowError extends InputError {
  constructor(
    id: string,
    readonly problem: RepeatProblem,
    where: { file?: string; line?: number },
    firstLabel: string,
    readonly touchpoint: number,
  ) {
    super(repeatedTouchpointError(id, problem, where, firstLabel).detail, { ...where, column: 'touchpoint_id' });
  }
}


/** Whether kept[0, length) equals bytes[start, start + length). */
function sameBytesAs(kept: Uint8Array, bytes: Uint8Array, start: number, length: number): boolean {
  for (let index = 0; index < length; index++) if (kept[index] !== bytes[start + index]) return false;
  return true;
}
