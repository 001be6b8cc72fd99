import type { ByteDictionary } from '../csv/byteDictionary';
import { absentColumns, emptyFileError, parseCsvFile } from '../csv/readCsvTable';
import { touchpointColumns } from '../schemas/touchpointColumns';
import type { TouchpointRows } from './dataset';
import { TouchpointRowReader } from './touchpointRowReader';
import { dictionaryTextValues } from './touchpointTable';

export interface TouchpointFileRows {
  readonly rows: TouchpointRows;
  /** Physical line of each row. */
  readonly lines: Int32Array;
  /** Optional columns the header leaves out (read as empty in every row). */
  readonly absentColumns: string[];
}

/**
 * Reads touchpoints.csv straight into a TouchpointTable on this thread (see TouchpointRowReader).
 * `contactIds` maps each contact id's bytes to its contact index. readTouchpointFile splits large
 * files over two threads.
 */
export function readTouchpointRows(
  file: string,
  contactIds: ByteDictionary,
  contactCount: number,
  /** `expectedRows` sizes the arrays once (estimatedLines in util/fileSplit.ts). */
  options: { chunks?: Iterable<Buffer>; expectedRows?: number } = {},
): TouchpointFileRows {
  const expectedRows = Math.max(1024, options.expectedRows ?? 0);
  const reader = new TouchpointRowReader(file, { known: contactIds }, expectedRows);
  parseCsvFile(file, reader.onRecord, options.chunks);
  return finishRows(reader, file, contactCount);
}

/** The reader's rows as a finished table with its contact lists. */
export function finishRows(reader: TouchpointRowReader, file: string, contactCount: number): TouchpointFileRows {
  if (reader.positions === undefined) throw emptyFileError(file, touchpointColumns);
  const ids = reader.ids;
  const rows = reader.builder.finish(
    { get: (index) => ids.decode(index), compare: (left, right) => ids.compare(left, right), utf8: ids.keyBytes() },
    reader.dictionaries.map(dictionaryTextValues),
    contactCount,
  );
  return { rows, lines: reader.lines.subarray(0, reader.rowCount), absentColumns: absentColumns(reader.positions, touchpointColumns) };
}
