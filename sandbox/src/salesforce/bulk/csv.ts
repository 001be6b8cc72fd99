/** Bulk API 2.0 column delimiters by name (create-job `columnDelimiter`). */
export const COLUMN_DELIMITERS: Record<string, string> = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' };

/** RFC 4180 CSV with a configurable delimiter: quoted fields may hold delimiters, quotes ("") and newlines. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let fieldText = '';
  let inQuotes = false;
  let index = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (index < body.length) {
    const character = body[index];
    if (inQuotes) {
      if (character === '"') {
        if (body[index + 1] === '"') {
          fieldText += '"';
          index += 2;
          continue;
        }
        inQuotes = false;
      } else fieldText += character;
      index++;
      continue;
    }
    if (character === '"' && fieldText === '') inQuotes = true;
    else if (character === delimiter) {
      row.push(fieldText);
      fieldText = '';
    } else if (character === '\n' || character === '\r') {
      row.push(fieldText);
      rows.push(row);
      row = [];
      fieldText = '';
      if (character === '\r' && body[index + 1] === '\n') index++;
    } else fieldText += character;
    index++;
  }
  if (inQuotes) throw new Error('unterminated quoted field');
  if (fieldText !== '' || row.length > 0) {
    row.push(fieldText);
    rows.push(row);
  }
  return rows;
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
