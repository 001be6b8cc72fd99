import fc from 'fast-check';
import { formatCsvRows, parseCsv } from '../csv';

describe('Bulk CSV', () => {
  it('parses quoted delimiters, doubled quotes, newlines in fields and CRLF', () => {
    expect(parseCsv('Name,Note\r\n"Dan, the reviewer","said ""hi""\nthen left"\r\nMaya,\r\n')).toEqual([['Name', 'Note'], ['Dan, the reviewer', 'said "hi"\nthen left'], ['Maya', '']]);
    expect(parseCsv('a|b\n1|2', '|')).toEqual([['a', 'b'], ['1', '2']]);
    expect(() => parseCsv('a\n"open')).toThrow('a quoted field is never closed');
  });

  it('round-trips any table through format and parse, for every delimiter', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '|', ' ', 'é', '\t') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(',', '|', '\t', ';'), (rows, delimiter) => {
        const table = [['h1', 'h2'], ...rows];
        expect(parseCsv(formatCsvRows(table, delimiter, '\n', true), delimiter)).toEqual(table);
      }),
    );
  });
});
