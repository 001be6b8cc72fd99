import { parseCsvText } from '@pipeline-attribution/core';

/** Bulk API 2.0 column delimiters by name (create-job `columnDelimiter`). */
export const COLUMN_DELIMITERS: Record<string, string> = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' };

/**
 * RFC 4180 CSV with the job's delimiter: quoted fields may hold delimiters, quotes ("") and line
 * breaks. The core's CSV engine, so uploads parse exactly as the product's own files do; a syntax
 * error names the line and column.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  return parseCsvText(text, { delimiter }).map((record) => record.fields);
}

export function formatCsvField(value: unknown, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r') ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Salesforce quotes every header and value in result files ("sf__Id","sf__Created",…). */
export function formatCsvRows(rows: unknown[][], delimiter: string, lineEnding: string, quoteAll = false): string {
  return rows
    .map((row) => row.map((value) => (quoteAll ? `"${String(value ?? '').replace(/"/g, '""')}"` : formatCsvField(value, delimiter))).join(delimiter))
    .join(lineEnding) + (rows.length > 0 ? lineEnding : '');
}
