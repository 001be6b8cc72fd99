import { openSync, readSync, closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { INVALID, type ColumnSet, type RowOf } from '../schemas/columns';
import { InputError } from '../dataset/inputError';
import { CsvParser, CsvSyntaxError } from './csvParser';

export interface CsvTable<Row> {
  readonly rows: Row[];
  /** Physical line of each row, for errors found after parsing (unknown references, duplicates). */
  readonly lines: Int32Array;
  readonly file: string;
}

const CHUNK_BYTES = 16 * 1024 * 1024;

/** Yields a file's text in chunks, so files larger than V8's maximum string length still read. */
export function* readTextChunks(file: string): Generator<string> {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new InputError(`cannot open the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const bytesRead = readSync(descriptor, buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      yield decoder.write(bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead));
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Reads one CSV file into typed rows. The header must name every column of `columns`
 * (any order, extra columns ignored). Every cell is converted by its column kind; the first
 * bad cell stops the read with an InputError naming file, line, column and what was expected.
 */
export function readCsvTable<Columns extends ColumnSet>(file: string, columns: Columns, chunks?: Iterable<string>): CsvTable<RowOf<Columns>> {
  const names = Object.keys(columns);
  const kinds = names.map((name) => columns[name]);
  const positions = new Int32Array(names.length).fill(-1);
  let headerLength = 0;
  let sawHeader = false;
  const rows: RowOf<Columns>[] = [];
  let lines = new Int32Array(1024);

  const onRecord = (fields: string[], line: number): void => {
    if (!sawHeader) {
      sawHeader = true;
      headerLength = fields.length;
      const seen = new Map<string, number>();
      fields.forEach((rawName, index) => {
        const name = rawName.trim();
        if (name !== '' && seen.has(name)) {
          throw new InputError(`the header names column ${JSON.stringify(name)} twice (columns ${seen.get(name)! + 1} and ${index + 1})`, { file, line });
        }
        seen.set(name, index);
      });
      const missing: string[] = [];
      names.forEach((name, index) => {
        const position = seen.get(name);
        if (position === undefined) {
          if (kinds[index].requiredInHeader) missing.push(name);
        } else positions[index] = position;
      });
      if (missing.length > 0) {
        throw new InputError(
          `missing column${missing.length > 1 ? 's' : ''} ${missing.map((name) => JSON.stringify(name)).join(', ')} in the header row (expected columns: ${names.join(', ')})`,
          { file, line },
        );
      }
      return;
    }
    if (fields.length !== headerLength) {
      throw new InputError(`expected ${headerLength} fields as in the header row, found ${fields.length}`, { file, line });
    }
    const row: Record<string, unknown> = {};
    for (let index = 0; index < names.length; index++) {
      const position = positions[index];
      let raw = position < 0 ? '' : fields[position];
      if (raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32)) raw = raw.trim();
      const value = kinds[index].convert(raw);
      if (value === INVALID) {
        throw new InputError(`expected ${kinds[index].expected}, found ${JSON.stringify(raw.length > 80 ? raw.slice(0, 77) + '...' : raw)}`, {
          file,
          line,
          column: names[index],
        });
      }
      row[names[index]] = value;
    }
    if (rows.length === lines.length) {
      const grown = new Int32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rows.length] = line;
    rows.push(row as RowOf<Columns>);
  };

  const parser = new CsvParser(onRecord);
  try {
    for (const chunk of chunks ?? readTextChunks(file)) parser.push(chunk);
    parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new InputError(error.message, { file, line: error.line, column: error.column });
    throw error;
  }
  if (!sawHeader) throw new InputError(`the file is empty; expected a header row naming the columns ${names.join(', ')}`, { file });
  return { rows, lines: lines.subarray(0, rows.length), file };
}
