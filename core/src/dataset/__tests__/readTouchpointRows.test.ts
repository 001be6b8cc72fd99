import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { ByteDictionary } from '../../csv/byteDictionary';
import { touchpointColumns, type Touchpoint } from '../../schemas/touchpoint';
import { formatIsoTimestamp } from '../../time/isoTimestamp';
import { createDataset } from '../dataset';
import { InputError } from '../inputError';
import { readTouchpointRows } from '../readTouchpointRows';
import { touchpointRecord } from '../touchpointTable';
import { chunksOf, inputErrorOf } from '../../../test/csvChunks';

const CONTACTS = ['c1', 'c2', 'c3', 'ç4'];
const COLUMNS = Object.keys(touchpointColumns);

function contactDictionary(): ByteDictionary {
  const dictionary = new ByteDictionary();
  for (const contact of CONTACTS) dictionary.internText(contact);
  return dictionary;
}

function read(text: string, cuts: number[] = []) {
  return readTouchpointRows('touchpoints.csv', contactDictionary(), CONTACTS.length, { chunks: chunksOf(text, cuts) });
}

const readError = (text: string) => inputErrorOf(() => read(text));

const cellText = fc.oneof(fc.constant(''), fc.constantFrom('page_view', 'https://acme.io/?utm_campaign=a,b', 'say "hi"', ' padded ', 'line\nbreak', 'émoji 🎉'), fc.string({ maxLength: 6 }));
const touchpointArbitrary = fc.record({
  touchpoint_id: fc.constantFrom('t1', 't2', 't3', 't4', 'tü', 't10'),
  contact_id: fc.constantFrom(...CONTACTS),
  occurred_at: fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }),
  type: fc.constantFrom('page_view', 'form_submit', 'meeting'),
  url: cellText,
  referrer: cellText,
  utm_source: cellText,
  utm_medium: cellText,
  utm_campaign: cellText,
  utm_term: cellText,
  utm_content: cellText,
  promo_code: cellText,
  search_query: cellText,
});

describe('readTouchpointRows', () => {
  test('reads what the record path builds from the same rows: same touchpoints, same contact lists, same errors', () => {
    fc.assert(
      fc.property(fc.array(touchpointArbitrary, { maxLength: 25 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (rows, cuts, shuffleColumns) => {
        // Rows that share an id with an earlier one copy its fields (a valid shared touch) half the time.
        const firstById = new Map<string, Touchpoint>();
        const records = rows.map((row, index) => {
          const first = firstById.get(row.touchpoint_id);
          if (!first) {
            firstById.set(row.touchpoint_id, row);
            return row;
          }
          return index % 2 === 0 ? { ...first, contact_id: row.contact_id } : row;
        });
        const columns = shuffleColumns ? [...COLUMNS].reverse() : COLUMNS;
        const text = stringify([columns, ...records.map((record) => columns.map((column) => (column === 'occurred_at' ? formatIsoTimestamp(record.occurred_at) : record[column as keyof Touchpoint])))]);
        let expected: ReturnType<typeof createDataset> | InputError;
        try {
          const trimmed = records.map((record) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value])) as Touchpoint);
          expected = createDataset({ campaigns: [], contacts: CONTACTS.map((contact_id) => ({ contact_id, created_at: 0 })), touchpoints: trimmed, deals: [] });
        } catch (error) {
          expected = error as InputError;
        }
        let actual: ReturnType<typeof read> | InputError;
        try {
          actual = read(text, cuts);
        } catch (error) {
          actual = error as InputError;
        }
        if (expected instanceof Error || actual instanceof Error) {
          // Text cells are trimmed on both paths; only an empty type can fail besides repeats.
          expect(actual).toBeInstanceOf(InputError);
          // Same problem; the record path counts records where the file counts lines.
          const anyLine = (detail: string): string => detail.replace(/already on (record|line) \d+/, 'already on …');
          if (expected instanceof InputError) expect(anyLine((actual as InputError).detail)).toBe(anyLine(expected.detail));
          return;
        }
        const table = actual.rows.table;
        expect(table.count).toBe(expected.touchpointTable.count);
        const contactIdOf = (index: number): string => CONTACTS[index];
        for (let index = 0; index < table.count; index++) expect(touchpointRecord(table, index, contactIdOf)).toEqual(expected.touchpoints[index]);
        expect(Array.from(actual.rows.contactOffsets)).toEqual(Array.from(expected.contactOffsets));
        expect(Array.from(actual.rows.touchpointIndexes)).toEqual(Array.from(expected.touchpointIndexes));
      }),
      { numRuns: 300 },
    );
  });

  test('reads a header naming only the required columns: every other column is empty', () => {
    const { rows, absentColumns } = read('type,occurred_at,contact_id,touchpoint_id\npage_view,2024-03-01T09:30:00Z,c2,t1\n');
    expect(absentColumns).toEqual(['url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'promo_code', 'search_query']);
    // A full header leaves none out.
    expect(read(`${COLUMNS.join(',')}\n`).absentColumns).toEqual([]);
    expect(touchpointRecord(rows.table, 0, (index) => CONTACTS[index])).toEqual({
      ...Object.fromEntries(COLUMNS.map((column) => [column, ''])),
      touchpoint_id: 't1',
      contact_id: 'c2',
      occurred_at: Date.UTC(2024, 2, 1, 9, 30),
      type: 'page_view',
    });
  });

  test('reads date-times without a zone as UTC, as spreadsheets and database exports write them', () => {
    const text = (occurredAt: string): string => `touchpoint_id,contact_id,occurred_at,type\nt1,c2,${occurredAt},page_view\n`;
    const instant = (occurredAt: string): unknown => touchpointRecord(read(text(occurredAt)).rows.table, 0, (index) => CONTACTS[index]).occurred_at;
    expect(instant('2024-03-01T09:30:00')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(instant('2024-03-01 09:30:00.250')).toBe(Date.UTC(2024, 2, 1, 9, 30, 0, 250));
    expect(instant('2024-03-01 09:30')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(instant('2024-03-01 09:30:00+02:00')).toBe(Date.UTC(2024, 2, 1, 7, 30));
  });

  test('names file, line and column for each kind of bad row', () => {
    const header = COLUMNS.join(',');
    const row = (fields: Partial<Record<string, string>>): string =>
      COLUMNS.map((column) => fields[column] ?? { touchpoint_id: 't1', contact_id: 'c1', occurred_at: '2024-03-01T09:30:00Z', type: 'page_view' }[column] ?? '').join(',');
    const cases: Array<[string, RegExp, number | undefined, string | undefined]> = [
      [`${header}\n${row({ contact_id: 'nobody' })}\n`, /unknown contact_id "nobody"/, 2, 'contact_id'],
      [`${header}\n${row({})}\n${row({ occurred_at: '03/01/2024' })}\n`, /expected an ISO 8601 timestamp/, 3, 'occurred_at'],
      [`${header}\n${row({})}\n${row({ occurred_at: '2024-03-01T09:30:00+25:00' })}\n`, /expected an ISO 8601 timestamp/, 3, 'occurred_at'],
      // A touch needs its time of day: response timing is read from it.
      [`${header}\n${row({})}\n${row({ occurred_at: '2024-03-01' })}\n`, /expected an ISO 8601 timestamp/, 3, 'occurred_at'],
      [`${header}\n${row({ type: ' ' })}\n`, /expected a non-empty identifier, found ""/, 2, 'type'],
      [`${header}\n${row({ touchpoint_id: '' })}\n`, /expected a non-empty identifier/, 2, 'touchpoint_id'],
      [`${header}\n${row({})}\n${row({ url: 'https://other' })}\n`, /duplicate touchpoint_id "t1" \(already on line 2, with a different url\)/, 3, 'touchpoint_id'],
      [`${header}\n${row({})}\n${row({})}\n`, /already on line 2 for the same contact/, 3, 'touchpoint_id'],
      [`${header}\n${row({})},extra\n`, /expected 13 fields as in the header row, found 14/, 2, undefined],
      ['touchpoint_id,contact_id\n', /missing columns "occurred_at", "type"/, 1, undefined],
      ['', /the file is empty/, undefined, undefined],
    ];
    for (const [text, message, line, column] of cases) {
      const error = readError(text);
      expect(error.message).toMatch(message);
      expect(error.location.file).toBe('touchpoints.csv');
      expect(error.location.line).toBe(line);
      expect(error.location.column).toBe(column);
    }
  });
});
