import { ByteDictionary } from '../csv/byteDictionary';
import type { FieldSpans } from '../csv/byteCsvParser';
import { CellSpanReader, spanText, type CellSpan } from '../csv/cellSpans';
import { badCellError, readCsvRows } from '../csv/readCsvTable';
import { INVALID, type ColumnKind } from '../schemas/columnKinds';
import { dealColumns } from '../schemas/dealColumns';
import { grownTo } from '../util/typedArrays';
import { duplicateIdError, unknownDealContactError, wonWithoutCloseError } from './dataset';
import { fileSize } from '../util/fileSplit';
import type { DealTable } from './dealTable';
import { dictionaryTextValues } from './touchpointTable';

/** The columns' own reading of a cell (which timestamp forms they take is the schema's to say). */
const parseCreatedAt = dealColumns.created_at.convertBytes!;
const parseClosedAt = dealColumns.closed_at.convertBytes!;

/** deals.csv by column, with each deal's contacts as contact indexes (deduplicated, in file order). */
export interface DealColumns {
  readonly table: DealTable;
  /** Contact indexes of each deal: views of one flat array. */
  readonly contactIndexes: Int32Array[];
  readonly lines: Int32Array;
  /** Optional columns the header leaves out (read as empty in every row). */
  readonly absentColumns: string[];
}

const COLUMN_NAMES = Object.keys(dealColumns) as Array<keyof typeof dealColumns>;
const column = (name: keyof typeof dealColumns): number => COLUMN_NAMES.indexOf(name);
const [ID, NAME, AMOUNT, CURRENCY, STAGE, CREATED_AT, CLOSED_AT, IS_WON, CONTACT_IDS] = (
  ['deal_id', 'name', 'amount', 'currency', 'stage', 'created_at', 'closed_at', 'is_won', 'contact_ids'] as const
).map(column);
const LIST_SEPARATOR = 0x3b; // ';'
const WHITESPACE_MAX = 0x20;

type Latin1Buffer = Uint8Array & { latin1Slice?: (start: number, end: number) => string };

/**
 * Reads deals.csv straight into columns, converting each cell from its bytes with its column kind's
 * rules, and looks each contact_ids entry up among the contacts by its bytes. Throws InputError
 * naming file, line and column: a bad cell, a repeated deal_id (naming both lines), an unknown
 * contact, a won deal without a close date.
 */
export function readDealsFile(file: string, contactIds: ByteDictionary, options: { chunks?: Iterable<Buffer> } = {}): DealColumns {
  // Sized from the file (a deal row is rarely under 64 bytes), so the id index is not rebuilt as it grows.
  const ids = new ByteDictionary(Math.max(1024, Math.round(fileSize(file) / 64)));
  const names = new ByteDictionary(4096);
  const currencies = ByteDictionary.withEmptyKey();
  const stages = ByteDictionary.withEmptyKey();
  let capacity = 4096;
  let amount = new Float64Array(capacity);
  let createdAt = new Float64Array(capacity);
  let closedAt = new Float64Array(capacity);
  let isWon = new Uint8Array(capacity);
  let currencyCodes = new Int32Array(capacity);
  let stageCodes = new Int32Array(capacity);
  let lines = new Int32Array(capacity);
  const lists = new ContactLists(contactIds, file);
  let count = 0;
  const cells = new CellSpanReader();

  const grow = (): void => {
    capacity *= 2;
    amount = grownTo(amount, capacity);
    createdAt = grownTo(createdAt, capacity);
    closedAt = grownTo(closedAt, capacity);
    isWon = grownTo(isWon, capacity);
    currencyCodes = grownTo(currencyCodes, capacity);
    stageCodes = grownTo(stageCodes, capacity);
    lines = grownTo(lines, capacity);
  };

  const onRow = (buffer: Buffer, fields: FieldSpans, line: number, positions: Int32Array): void => {
    if (count === capacity) grow();
    lines[count] = line;
    const cellOf = (position: number): CellSpan => cells.cell(buffer, fields, positions[position]);

    let cell = cellOf(ID);
    if (cell.start === cell.end) throw badCellError(dealColumns.deal_id.expected, '', file, line, 'deal_id');
    const code = ids.intern(cell.bytes, cell.start, cell.end);
    if (code !== count) throw duplicateIdError('deal_id', ids.decode(code), 'deals', { deals: { file, lines } }, count, code);
    cell = cellOf(NAME);
    names.appendUnindexed(cell.bytes, cell.start, cell.end);
    cell = cellOf(AMOUNT);
    const wholeAmount = plainInteger(cell.bytes, cell.start, cell.end);
    amount[count] = wholeAmount >= 0 ? wholeAmount : converted(dealColumns.amount, cell, file, line, 'amount');
    cell = cellOf(CURRENCY);
    currencyCodes[count] = currencies.intern(cell.bytes, cell.start, cell.end);
    cell = cellOf(STAGE);
    stageCodes[count] = stages.intern(cell.bytes, cell.start, cell.end);
    cell = cellOf(CREATED_AT);
    const created = parseCreatedAt(cell.bytes, cell.start, cell.end);
    if (created === INVALID) throw badCellError(dealColumns.created_at.expected, spanText(cell), file, line, 'created_at');
    createdAt[count] = created;
    cell = cellOf(CLOSED_AT);
    const closedValue = parseClosedAt(cell.bytes, cell.start, cell.end);
    if (closedValue === INVALID) throw badCellError(dealColumns.closed_at.expected, spanText(cell), file, line, 'closed_at');
    const closed = closedValue ?? NaN; // empty: not closed
    closedAt[count] = closed;
    cell = cellOf(IS_WON);
    const wonFlag = plainBoolean(cell.bytes, cell.start, cell.end);
    const won = wonFlag >= 0 ? wonFlag === 1 : converted(dealColumns.is_won, cell, file, line, 'is_won');
    isWon[count] = won ? 1 : 0;

    cell = cellOf(CONTACT_IDS);
    lists.add(cell.bytes, cell.start, cell.end, line);
    if (won && Number.isNaN(closed)) throw wonWithoutCloseError({ file, line });
    count++;
  };

  const absentColumns = readCsvRows(file, dealColumns, onRow, options.chunks);
  const contactIndexes = lists.views();
  const table: DealTable = {
    count,
    amount: amount.subarray(0, count),
    createdAt: createdAt.subarray(0, count),
    closedAt: closedAt.subarray(0, count),
    isWon: isWon.subarray(0, count),
    currency: { codes: currencyCodes.subarray(0, count), ...dictionaryTextValues(currencies) },
    stage: { codes: stageCodes.subarray(0, count), ...dictionaryTextValues(stages) },
    id: (index) => ids.text(index),
    name: (index) => names.decode(index),
  };
  return { table, contactIndexes, lines: lines.subarray(0, count), absentColumns };
}

/** Each deal's contact_ids as contact indexes, in one flat array: `;`-separated entries, trimmed, blanks dropped, repeats kept once. */
class ContactLists {
  private contacts = new Int32Array(4096);
  private count = 0;
  private offsets = new Int32Array(4096);
  private lists = 0;

  constructor(
    private readonly contactIds: ByteDictionary,
    private readonly file: string,
  ) {}

  add(bytes: Uint8Array, cellStart: number, cellEnd: number, line: number): void {
    const first = this.count;
    for (let entryStart = cellStart; entryStart <= cellEnd; ) {
      let entryEnd = entryStart;
      while (entryEnd < cellEnd && bytes[entryEnd] !== LIST_SEPARATOR) entryEnd++;
      let start = entryStart;
      let end = entryEnd;
      while (start < end && bytes[start] <= WHITESPACE_MAX) start++;
      while (end > start && bytes[end - 1] <= WHITESPACE_MAX) end--;
      if (start < end) this.addContact(bytes, start, end, first, line);
      entryStart = entryEnd + 1;
    }
    if (this.lists + 1 === this.offsets.length) this.offsets = grownTo(this.offsets, this.offsets.length * 2);
    this.offsets[++this.lists] = this.count;
  }

  private addContact(bytes: Uint8Array, start: number, end: number, first: number, line: number): void {
    const contact = this.contactIds.find(bytes, start, end);
    if (contact < 0) throw unknownDealContactError(Buffer.from(bytes.subarray(start, end)).toString('utf8'), { file: this.file, line });
    for (let slot = first; slot < this.count; slot++) if (this.contacts[slot] === contact) return;
    if (this.count === this.contacts.length) this.contacts = grownTo(this.contacts, this.count * 2);
    this.contacts[this.count++] = contact;
  }

  /** Each list as a view of the flat array. */
  views(): Int32Array[] {
    const views = new Array<Int32Array>(this.lists);
    for (let list = 0; list < this.lists; list++) views[list] = this.contacts.subarray(this.offsets[list], this.offsets[list + 1]);
    return views;
  }
}

/** A cell converted by its column kind (numbers and booleans are ASCII when valid), or an InputError. */
function converted<Value>(kind: ColumnKind<Value>, cell: CellSpan, file: string, line: number, name: string): Value {
  const bytes = cell.bytes as Latin1Buffer;
  const text = bytes.latin1Slice ? bytes.latin1Slice(cell.start, cell.end) : Buffer.from(bytes.subarray(cell.start, cell.end)).toString('latin1');
  const value = kind.convert(text);
  if (value === INVALID) throw badCellError(kind.expected, spanText(cell), file, line, name);
  return value;
}

/**
 * The value of a cell of 1 to 15 decimal digits (exact in a double, as Number would read it), or -1
 * for anything else: the common amount, read without making a string (others go through the kind).
 */
function plainInteger(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** 1 for true, 0 for false or empty (any case, as the boolean kind reads them), -1 for anything else. */
function plainBoolean(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  const lower = (offset: number): number => bytes[start + offset] | 0x20;
  if (length === 4 && lower(0) === 0x74 && lower(1) === 0x72 && lower(2) === 0x75 && lower(3) === 0x65) return 1; // true
  if (length === 5 && lower(0) === 0x66 && lower(1) === 0x61 && lower(2) === 0x6c && lower(3) === 0x73 && lower(4) === 0x65) return 0; // false
  return -1;
}
