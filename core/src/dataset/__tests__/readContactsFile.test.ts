import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { readCsvTable } from '../../csv/readCsvTable';
import { contactColumns } from '../../schemas/contact';
import { formatIsoTimestamp } from '../../time/isoTimestamp';
import { readContactsFile } from '../readContactsFile';
import { chunksOf, inputErrorOf } from '../../../test/csvChunks';

const read = (text: string, cuts: number[] = []) => readContactsFile('contacts.csv', { chunks: chunksOf(text, cuts) });

const readError = (text: string) => inputErrorOf(() => read(text));

describe('readContactsFile', () => {
  it("reads ids and created_at by column, with each row's line", () => {
    const contacts = read('contact_id,created_at\nc-1,2024-03-01T09:30:00Z\n"c,2",2024-03-01T10:30:00+01:00\n');
    expect(contacts.ids.size).toBe(2);
    expect(contacts.ids.text(0)).toBe('c-1');
    expect(contacts.ids.text(1)).toBe('c,2');
    expect(Array.from(contacts.createdAt)).toEqual([Date.UTC(2024, 2, 1, 9, 30), Date.UTC(2024, 2, 1, 9, 30)]);
    expect(Array.from(contacts.lines)).toEqual([2, 3]);
  });

  it('takes columns in any order, ignores extra ones, and reads CRLF with a BOM', () => {
    const contacts = read('\uFEFFextra,created_at,contact_id\r\nx, 2024-01-02T00:00:00Z , c9 \r\n');
    expect(contacts.ids.text(0)).toBe('c9');
    expect(contacts.createdAt[0]).toBe(Date.UTC(2024, 0, 2));
  });

  it('matches header cells however a spreadsheet spells them, and refuses one column spelt twice', () => {
    const contacts = read('Contact ID,CREATED-AT\nc1,2024-01-02T00:00:00Z\n');
    expect(contacts.ids.text(0)).toBe('c1');
    expect(contacts.createdAt[0]).toBe(Date.UTC(2024, 0, 2));
    // Semicolons (European Excel) or tabs: said so, not "missing columns".
    expect(readError('contact_id;created_at\nc1;2024-01-02T00:00:00Z\n').message).toMatch(
      /line 1: the header row is separated by ";", not commas.*CSV UTF-8/,
    );
    expect(readError('contact_id\tcreated_at\nc1\t2024-01-02T00:00:00Z\n').message).toMatch(/separated by tabs, not commas/);
    expect(readError('contact_id,Contact ID,created_at\nc1,c1,2024-01-02T00:00:00Z\n').message).toMatch(
      /contacts\.csv, line 1.*column "contact_id" and "Contact ID" twice \(columns 1 and 2\)/,
    );
  });

  it('reads a creation time without a zone, or a date alone, as UTC', () => {
    const contacts = read('contact_id,created_at\nc1,2024-01-02 09:30:00\nc2,2024-01-03\n');
    expect(Array.from(contacts.createdAt)).toEqual([Date.UTC(2024, 0, 2, 9, 30), Date.UTC(2024, 0, 3)]);
  });

  it('names file, line and column of each kind of bad input', () => {
    expect(readError('contact_id\nc1\n').message).toMatch(/contacts\.csv.*missing column "created_at"/);
    const badTime = readError('contact_id,created_at\nc1,2024-01-02T00:00:00Z\nc2,yesterday\n');
    expect(badTime.detail).toMatch(/expected an ISO 8601 timestamp.*"yesterday"/);
    expect(badTime.message).toMatch(/contacts\.csv.*line 3.*created_at/);
    expect(readError('contact_id,created_at\nc1,2024-01-02T00:00:00Z\nc2,02/01/2024\n').message).toMatch(/line 3.*created_at/);
    expect(readError('contact_id,created_at\n ,2024-01-02T00:00:00Z\n').message).toMatch(/line 2.*contact_id.*non-empty identifier/);
    const duplicate = readError('contact_id,created_at\nc1,2024-01-02T00:00:00Z\nc2,2024-01-02T00:00:00Z\n"c1",2024-01-03T00:00:00Z\n');
    expect(duplicate.message).toMatch(/contacts\.csv.*line 4.*contact_id.*duplicate contact_id "c1" \(already on line 2\)/);
    expect(readError('contact_id,created_at\nc1,2024-01-02T00:00:00Z,x\n').message).toMatch(/line 2.*expected 2 fields/);
    expect(readError('').message).toMatch(/contacts\.csv.*empty/);
  });

  it('agrees with the record reader on any contacts file, however the bytes are chunked (fast-check)', () => {
    const idArbitrary = fc.oneof(
      fc.constantFrom('c1', 'ç-2', 'a,b', 'say "hi"', 'line\nbreak', '🎉'),
      fc.string({ minLength: 1, maxLength: 8 }).filter((id) => id.trim() !== ''),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(idArbitrary, { selector: (id) => id.trim(), maxLength: 30 }),
        fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (ids, times, cuts) => {
          const rows = ids.map((id, index) => [id, formatIsoTimestamp(times[index])]);
          const text = stringify([['contact_id', 'created_at'], ...rows]);
          const columns = read(text, cuts);
          const records = readCsvTable('contacts.csv', contactColumns, { chunks: chunksOf(text, cuts) });
          expect(Array.from({ length: columns.ids.size }, (_unused, index) => columns.ids.text(index))).toEqual(
            records.rows.map((row) => row.contact_id),
          );
          expect(Array.from(columns.createdAt)).toEqual(records.rows.map((row) => row.created_at));
          expect(Array.from(columns.lines)).toEqual(Array.from(records.lines));
        },
      ),
      { numRuns: 150 },
    );
  });
});
