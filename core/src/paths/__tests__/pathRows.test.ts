import fc from 'fast-check';
import { InputError } from '../../dataset/inputError';
import { PathTableBuilder } from '../../models/data-driven/pathTable';
import { plainPathTable } from '../../models/data-driven/__tests__/pathFixtures';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePathRange, parsePathRows, type ByteBuffer } from '../pathRows';
import { readPathsHeader } from '../readPathsFile';

/** The table (or the error) of reading `text` with the plain reader on, or with every line through the general one. */
function readWith(text: string, generalOnly: boolean): unknown {
  const bytes = Buffer.from(text, 'utf8') as ByteBuffer;
  try {
    const header = readPathsHeader(bytes, 'paths.csv');
    const builder = new PathTableBuilder();
    const { rows, lastLine } = parsePathRows(bytes, header.bodyStart, bytes.length, header.layout, builder, 'paths.csv', header.line, {
      generalOnly,
    });
    const table = builder.build();
    return { rows, lastLine, ...plainPathTable(table) };
  } catch (error) {
    if (error instanceof InputError) return { error: error.message };
    throw error;
  }
}

const STATES = ['email', 'paid search', 'maya.codes', 'Ünïcode', 'a;b', 'x,y', 'say "hi"'];

/** A count cell in the forms a file may hold: digits, padded, decimal, long, negative, empty, text. */
const countCell = fc.oneof(
  { weight: 8, arbitrary: fc.nat({ max: 999 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ' 3',
      '4 ',
      '2.5',
      '007',
      '1e2',
      '1234567890123456',
      '-1',
      '',
      'x',
      '"5"',
      '"12"',
      '""',
      '"3',
      '"4"5',
      '" 6"',
      '"2.5"',
    ),
  },
  // Decimals, as values in money are written: short, long, at the 15-digit limit and past it.
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0.1',
      '0.3',
      '0.7',
      '1234.56',
      '1.',
      '0.30000000000000004',
      '12345678901234.5',
      '1234567890123.45',
      '999999999999.999',
      '7.0',
      '0.000001',
      '.5',
      '1.2.3',
      '1.5e3',
      // A decimal comma (in a ;-separated file; in a ,-separated one it splits the field).
      '1,5',
      '1234,56',
      '0,3',
      '1,',
      ',5',
    ),
  },
);

/**
 * A path cell: states joined by ' > ' or '>', sometimes padded, quoted when it must be or always (as
 * R's write.csv quotes every text), or damaged (unterminated, text after the closing quote, empty).
 */
function pathCell(separator: string): fc.Arbitrary<string> {
  const quote = (text: string, always: boolean): string =>
    always || text.includes(separator) || text.includes('"') ? `"${text.replace(/"/g, '""')}"` : text;
  const joined = fc
    .tuple(
      fc.array(fc.constantFrom(...STATES), { minLength: 1, maxLength: 5 }),
      fc.constantFrom(' > ', '>', ' >  '),
      fc.constantFrom('', ' '),
      fc.boolean(),
    )
    .map(([states, joiner, pad, always]) => quote(pad + states.join(joiner) + pad, always));
  return fc.oneof(
    { weight: 12, arbitrary: joined },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'email >  > webinar', 'email >', '"email', '"email"x', '""', '" "', '"email > "', ' "email"') },
  );
}

/** A paths file: one of several layouts, either separator and line end, rows plain and not (blank, short, long, bad cells). */
function pathsDocument(): fc.Arbitrary<string> {
  const layouts = fc.constantFrom(
    ['path', 'total_conversions', 'total_conversion_value', 'total_null'],
    ['path', 'total_conversions'],
    ['total_conversions', 'path', 'total_null'],
    ['channel', 'total_null', 'path', 'total_conversions', 'total_conversion_value'],
    ['total_conversions', 'total_conversion_value', 'path'],
    // R's write.csv: a row-names column first, quoted.
    ['', 'path', 'total_conversions', 'total_conversion_value', 'total_null'],
  );
  return fc.tuple(layouts, fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n')).chain(([columns, separator, newline]) => {
    const cell = (column: string): fc.Arbitrary<string> =>
      column === 'path'
        ? pathCell(separator)
        : column === 'channel' || column === ''
          ? fc.constantFrom('web', 'x', '', '"1"', '"a,b;c"', '"x""y"', '"1"2', '"open')
          : countCell;
    const row = fc.oneof(
      { weight: 20, arbitrary: fc.tuple(...columns.map(cell)).map((cells) => cells.join(separator)) },
      // Blank lines, short rows and rows with an extra field.
      { weight: 1, arbitrary: fc.constantFrom('', '   ') },
      { weight: 1, arbitrary: fc.tuple(...columns.map(cell)).map((cells) => cells.slice(0, -1).join(separator)) },
      { weight: 1, arbitrary: fc.tuple(...columns.map(cell)).map((cells) => [...cells, '9'].join(separator)) },
    );
    return fc
      .tuple(fc.array(row, { minLength: 0, maxLength: 30 }), fc.boolean())
      .map(
        ([rows, finalNewline]) =>
          [columns.map((name) => (name === '' ? '""' : name)).join(separator), ...rows].join(newline) + (finalNewline ? newline : ''),
      );
  });
}

describe('path rows: the plain reader agrees with the general one', () => {
  it('gives the same table, or the same error at the same line, on every input', () => {
    const document = pathsDocument();
    fc.assert(
      fc.property(document, (text) => {
        expect(readWith(text, false)).toEqual(readWith(text, true));
      }),
      { numRuns: 600 },
    );
  });

  it('reads the common form (the one the plain reader takes) as the general reader does', () => {
    // Every row plain: the general reader still decides, for the same table.
    const row = fc.tuple(
      fc.array(fc.constantFrom('email', 'webinar', 'paid search'), { minLength: 1, maxLength: 6 }),
      fc.nat({ max: 3 }),
      fc.nat({ max: 900 }),
      fc.nat({ max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), (rows) => {
        const text =
          'path,total_conversions,total_conversion_value,total_null\n' +
          rows.map(([states, c, v, n]) => `${states.join(' > ')},${c},${v},${n}\n`).join('');
        const plain = readWith(text, false) as { rows: number };
        expect(plain.rows).toBe(rows.length);
        expect(plain).toEqual(readWith(text, true));
      }),
      { numRuns: 100 },
    );
  });
});

describe('path rows: decimal values', () => {
  it('reads each as Number() does, to the last bit (the plain reader: its digits over a power of ten)', () => {
    const decimals = ['0.3', '0.7', '2.675', '1234.56', '0.1', '99.99', '12345678.9', '0.000123', '5.', '123456789012.345'];
    const text = 'path,total_conversions,total_conversion_value\n' + decimals.map((value, row) => `s${row},1,${value}\n`).join('');
    const table = readWith(text, false) as { values: number[] };
    expect(table.values).toEqual(decimals.map(Number));
    expect(readWith(text, true)).toEqual(table);
    // A decimal comma needs a digit after it ('5,' is refused, as the general reader refuses it).
    const withDigitsAfter = decimals.filter((value) => !value.endsWith('.'));
    const commas =
      'path;total_conversions;total_conversion_value\n' + withDigitsAfter.map((value, row) => `s${row};1;${value.replace('.', ',')}\n`).join('');
    expect((readWith(commas, false) as { values: number[] }).values).toEqual(withDigitsAfter.map(Number));
    expect(readWith(commas, true)).toEqual(readWith(commas, false));
  });
});

describe('path rows read from a file a chunk at a time', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'path-rows-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  /** readWith's answer, the rows read by parsePathRange from a file in chunks of `chunkBytes`. */
  function readInChunks(text: string, chunkBytes: number): unknown {
    const file = join(directory, 'paths.csv');
    writeFileSync(file, text);
    const bytes = Buffer.from(text, 'utf8') as ByteBuffer;
    try {
      const header = readPathsHeader(bytes, 'paths.csv');
      const builder = new PathTableBuilder();
      const { rows, lastLine } = parsePathRange(file, header.bodyStart, bytes.length, header.layout, builder, header.line, { chunkBytes });
      return { rows, lastLine, ...plainPathTable(builder.build()) };
    } catch (error) {
      if (error instanceof InputError) return { error: error.message.replace(file, 'paths.csv') };
      throw error;
    }
  }

  it('gives the table, rows, last line and errors of a whole read at any chunk size (lines cut anywhere, lines longer than a chunk)', () => {
    fc.assert(
      fc.property(pathsDocument(), fc.integer({ min: 1, max: 48 }), (text, chunkBytes) => {
        expect(readInChunks(text, chunkBytes)).toEqual(readWith(text, false));
      }),
      { numRuns: 400 },
    );
  });

  it('reads a path first seen in one chunk as the same path in the next (keys are copied out of the chunk)', () => {
    const text = 'path,total_conversions\nemail > webinar,1\nemail > webinar,2\nwebinar,0\nemail > webinar,3\n';
    const read = readInChunks(text, 20) as { rows: number; conversions: number[] };
    expect(read.rows).toBe(4);
    expect(read).toEqual(readWith(text, false));
    expect(read.conversions).toEqual([6, 0]);
  });
});
