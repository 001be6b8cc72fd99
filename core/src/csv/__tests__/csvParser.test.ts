import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { ByteCsvParser, fieldText } from '../byteCsvParser';
import { parseCsvText } from '../csvParser';

/** Parses UTF-8 bytes fed in pieces cut at arbitrary byte offsets (even inside a character). */
function parseInChunks(text: string, cuts: number[]): Array<{ fields: string[]; line: number }> {
  const bytes = Buffer.from(text, 'utf8');
  const records: Array<{ fields: string[]; line: number }> = [];
  const parser = new ByteCsvParser((buffer, fields, line) => {
    records.push({ fields: Array.from({ length: fields.count }, (_unused, index) => fieldText(buffer, fields, index)), line });
  });
  let previous = 0;
  for (const cut of [...cuts].map((value) => value % (bytes.length + 1)).sort((a, b) => a - b)) {
    parser.push(bytes.subarray(previous, cut));
    previous = cut;
  }
  parser.push(bytes.subarray(previous));
  parser.end();
  return records;
}

describe('CsvParser (RFC 4180)', () => {
  test('plain records, CRLF, a BOM and a missing final line break', () => {
    expect(parseCsvText('\uFEFFa,b\r\n1,2\r\n3,4')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  test('quoted fields with commas, doubled quotes and newlines; lines count physical lines', () => {
    const records = parseCsvText('id,note\n1,"hello, ""world"""\n2,"two\nlines"\n3,x\n');
    expect(records.map((record) => record.fields)).toEqual([
      ['id', 'note'],
      ['1', 'hello, "world"'],
      ['2', 'two\nlines'],
      ['3', 'x'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 5]);
  });

  test('blank lines are skipped and empty trailing fields kept', () => {
    expect(parseCsvText('a,b\n\n1,\n,"" \n'.replace(' ', '')).map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', ''],
    ]);
  });

  test('an unclosed quote is an error naming the line where the record starts', () => {
    expect(() => parseCsvText('a,b\n1,"open\n2,3\n')).toThrow(expect.objectContaining({ line: 2, message: expect.stringMatching(/never closed/) }));
  });

  test('text after a closing quote is an error naming line and column', () => {
    expect(() => parseCsvText('a,b\n"x"y,2\n')).toThrow(expect.objectContaining({ line: 2, column: 4 }));
  });

  test('round-trips anything csv-stringify writes, however the input is chunked', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '😀') as fc.Arbitrary<string> });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }).filter((rows) =>
          // a record that is one empty unquoted field is a blank line, which CSV cannot tell apart
          rows.every((row) => row.some((value) => value !== '')),
        ),
        fc.array(fc.nat(), { maxLength: 5 }),
        (rows, rawCuts) => {
          const text = stringify(rows, { record_delimiter: 'unix' });
          expect(parseInChunks(text, rawCuts).map((record) => record.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CSV delimiters', () => {
  test('splits on the chosen delimiter and leaves commas alone', () => {
    expect(parseCsvText('a\tb,c\n"x\ty"\tz\n', { delimiter: '\t' }).map((record) => record.fields)).toEqual([
      ['a', 'b,c'],
      ['x\ty', 'z'],
    ]);
    expect(parseCsvText('a;"b;c"\r\n', { delimiter: ';' })[0].fields).toEqual(['a', 'b;c']);
  });

  test('refuses a delimiter that cannot separate fields', () => {
    for (const delimiter of ['"', '\n', '\r', ',,', '', 'é']) expect(() => parseCsvText('a', { delimiter })).toThrow(RangeError);
  });
});
