import { readFileSync } from 'node:fs';
import { InputError } from '../dataset/inputError';
import { PathTableBuilder, type PathTable } from '../models/data-driven/pathTable';

/**
 * A ChannelAttribution-format paths file (the `Data` argument of markov_model / heuristic_models):
 * columns `path` (states joined by " > "), `total_conversions`, optional `total_conversion_value`,
 * optional `total_null`; one row per unique path or one per journey; comma or semicolon separated
 * (the separator is whatever the header uses). Without a `total_null` column, a row with no
 * conversion is one non-converting journey (the one-row-per-journey layout). Other columns are
 * ignored.
 */
export interface PathsFile {
  readonly table: PathTable;
  readonly rows: number;
  readonly separator: ',' | ';';
  readonly hasValue: boolean;
  readonly hasNull: boolean;
}

const REQUIRED = ['path', 'total_conversions'] as const;

export function readPathsFile(file: string): PathsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  return parsePathsText(text, file);
}

/** Splits one line on `separator`, honouring RFC 4180 double quotes (a path may hold either separator). */
function splitQuoted(line: string, separator: string, file: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quoted) {
      if (character === '"') {
        if (line[index + 1] === '"') {
          field += '"';
          index++;
        } else quoted = false;
      } else field += character;
    } else if (character === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (character === separator) {
      fields.push(field);
      field = '';
    } else field += character;
  }
  if (quoted) throw new InputError('unterminated quoted field (a path must fit on one line)', { file, line: lineNumber });
  fields.push(field);
  return fields;
}

function count(raw: string | undefined, column: string, required: boolean, file: string, line: number): number {
  const text = raw === undefined ? '' : raw.trim();
  if (text === '') {
    if (required) throw new InputError(`missing ${column}`, { file, line, column });
    return 0;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new InputError(`expected a non-negative number, found ${JSON.stringify(text)}`, { file, line, column });
  return value;
}

/** Parses the text of a paths file (see PathsFile); identical paths are aggregated. O(characters). */
export function parsePathsText(input: string, file: string): PathsFile {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let lineStart = 0;
  let lineNumber = 0;
  const nextLine = (): string | undefined => {
    if (lineStart >= text.length) return undefined;
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let line = text.slice(lineStart, end);
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    lineStart = end + 1;
    lineNumber++;
    return line;
  };

  let header = nextLine();
  while (header !== undefined && header.trim() === '') header = nextLine();
  if (header === undefined) throw new InputError('the file is empty; expected a header with path and total_conversions', { file, line: 1 });
  const separator: ',' | ';' | undefined = header.includes(',') ? ',' : header.includes(';') ? ';' : undefined;
  if (!separator) {
    throw new InputError(`unknown separator in the header ${JSON.stringify(header.slice(0, 80))}; expected columns path and total_conversions separated by , or ;`, {
      file,
      line: lineNumber,
    });
  }
  const columns = splitQuoted(header, separator, file, lineNumber).map((name) => name.trim().toLowerCase());
  for (const name of REQUIRED) {
    if (!columns.includes(name)) throw new InputError(`missing column ${name} (found ${columns.join(', ')})`, { file, line: lineNumber });
  }
  const pathColumn = columns.indexOf('path');
  const conversionsColumn = columns.indexOf('total_conversions');
  const valueColumn = columns.indexOf('total_conversion_value');
  const nullColumn = columns.indexOf('total_null');

  const builder = new PathTableBuilder();
  const pathIndexByText = new Map<string, number>();
  let rows = 0;
  let states: number[] = [];
  for (let line = nextLine(); line !== undefined; line = nextLine()) {
    if (line.trim() === '') continue;
    const fields = line.includes('"') ? splitQuoted(line, separator, file, lineNumber) : line.split(separator);
    if (fields.length < columns.length) {
      throw new InputError(`expected ${columns.length} fields separated by ${JSON.stringify(separator)}, found ${fields.length}`, { file, line: lineNumber });
    }
    const pathText = fields[pathColumn];
    let pathIndex = pathIndexByText.get(pathText);
    if (pathIndex === undefined) {
      const names = pathText.split('>');
      states = [];
      for (const rawName of names) {
        const name = rawName.trim();
        if (name === '') {
          throw new InputError(pathText.trim() === '' ? 'empty path' : `empty state in path ${JSON.stringify(pathText)}`, { file, line: lineNumber, column: 'path' });
        }
        states.push(builder.stateId(name));
      }
      const ids = states;
      pathIndex = builder.pathIndex(ids.join(','), () => ids);
      pathIndexByText.set(pathText, pathIndex);
    }
    const conversions = count(fields[conversionsColumn], 'total_conversions', true, file, lineNumber);
    const value = valueColumn >= 0 ? count(fields[valueColumn], 'total_conversion_value', false, file, lineNumber) : 0;
    const nulls = nullColumn >= 0 ? count(fields[nullColumn], 'total_null', false, file, lineNumber) : conversions === 0 ? 1 : 0;
    builder.addToPath(pathIndex, conversions, value, nulls);
    rows++;
  }
  if (rows === 0) throw new InputError('no path rows after the header', { file, line: lineNumber });
  return { table: builder.build(), rows, separator, hasValue: valueColumn >= 0, hasNull: nullColumn >= 0 };
}
