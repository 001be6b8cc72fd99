import type { ColumnSet } from '../schemas/columnKinds';
import { headerCells, parseCsvFile } from './readCsvTable';

const HEADER_READ = Symbol('header read');

/** The header row's cells of a CSV file (trimmed), reading no further than its first record; [] for an empty file. */
export function readHeaderRow(file: string): string[] {
  let header: string[] = [];
  try {
    parseCsvFile(file, (buffer, fields) => {
      header = headerCells(buffer, fields).map((name) => name.trim());
      // The rest of the file is not needed: stop the parser (and close the file) here.
      throw HEADER_READ;
    });
  } catch (error) {
    if (error !== HEADER_READ) throw error;
  }
  return header;
}

/**
 * The optional columns of `columns` a header leaves out. The readers take those as empty in every
 * row, which is right for an export that never had them (no search_query, no cost) and wrong for a
 * misspelt header ("utm_campain"), so the CLI names them rather than staying silent.
 */
export function absentOptionalColumns(header: readonly string[], columns: ColumnSet): string[] {
  const present = new Set(header);
  return Object.keys(columns).filter((name) => !columns[name].requiredInHeader && !present.has(name));
}
