import { ByteDictionary } from '../csv/byteDictionary';
import type { FieldSpans } from '../csv/byteCsvParser';
import { CellSpanReader, spanText } from '../csv/cellSpans';
import { badCellError, readCsvRows } from '../csv/readCsvTable';
import { contactColumns } from '../schemas/contactColumns';
import { INVALID } from '../schemas/columnKinds';
import { grownTo } from '../util/typedArrays';
import { duplicateIdError } from './dataset';
import { fileSize } from '../util/fileSplit';

/** The column's own reading of a cell (which timestamp forms it takes is the schema's to say). */
const parseCreatedAt = contactColumns.created_at.convertBytes!;

/**
 * contacts.csv by column: contact c's id is `ids` code c, its created_at `createdAt[c]` (epoch ms),
 * its physical line `lines[c]`. The touchpoint and deal readers look contact_id cells up in `ids`
 * by their bytes, so 200,000 contacts cost no strings and no records until something asks.
 */
export interface ContactColumns {
  readonly ids: ByteDictionary;
  readonly createdAt: Float64Array;
  readonly lines: Int32Array;
  /** Optional columns the header leaves out (none today: both columns are required). */
  readonly absentColumns: string[];
}

const ID_COLUMN = 0;
const CREATED_AT_COLUMN = 1;

/**
 * Reads contacts.csv into columns, checking the header, each cell (a non-empty contact_id, a zoned
 * created_at) and repeated ids; throws InputError naming file, line and column.
 */
export function readContactsFile(file: string, options: { chunks?: Iterable<Buffer> } = {}): ContactColumns {
  // Sized from the file (a contact row is rarely under 24 bytes), so the id index is not rebuilt as it grows.
  const expectedRows = Math.max(1024, Math.round(fileSize(file) / 24));
  const ids = new ByteDictionary(expectedRows);
  let createdAt = new Float64Array(expectedRows);
  let lines = new Int32Array(expectedRows);
  let count = 0;
  const cells = new CellSpanReader();

  const onRow = (buffer: Buffer, fields: FieldSpans, line: number, positions: Int32Array): void => {
    if (count === lines.length) {
      lines = grownTo(lines, count * 2);
      createdAt = grownTo(createdAt, count * 2);
    }
    lines[count] = line;

    let cell = cells.cell(buffer, fields, positions[ID_COLUMN]);
    if (cell.start === cell.end) throw badCellError(contactColumns.contact_id.expected, '', file, line, 'contact_id');
    const code = ids.intern(cell.bytes, cell.start, cell.end);
    if (code !== count) throw duplicateIdError('contact_id', ids.decode(code), 'contacts', { contacts: { file, lines } }, count, code);

    cell = cells.cell(buffer, fields, positions[CREATED_AT_COLUMN]);
    const time = parseCreatedAt(cell.bytes, cell.start, cell.end);
    if (time === INVALID) throw badCellError(contactColumns.created_at.expected, spanText(cell), file, line, 'created_at');
    createdAt[count++] = time;
  };

  const absentColumns = readCsvRows(file, contactColumns, onRow, options.chunks);
  return { ids, createdAt: createdAt.subarray(0, count), lines: lines.subarray(0, count), absentColumns };
}
