import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { ByteDictionary } from '../../csv/byteDictionary';
import { readCsvTable } from '../../csv/readCsvTable';
import { dealColumns } from '../../schemas/deal';
import { formatIsoTimestamp } from '../../time/isoTimestamp';
import { dealRecord } from '../dealTable';
import { readDealsFile } from '../readDealsFile';
import { chunksOf, inputErrorOf } from '../../../test/csvChunks';

const CONTACTS = ['c1', 'c2', 'ç3', 'c 4'];
const HEADER = 'deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\n';

function contactIds(): ByteDictionary {
  const dictionary = new ByteDictionary();
  for (const contact of CONTACTS) dictionary.internText(contact);
  return dictionary;
}

const read = (text: string, cuts: number[] = []) => readDealsFile('deals.csv', contactIds(), { chunks: chunksOf(text, cuts) });
const records = (columns: ReturnType<typeof read>) =>
  Array.from({ length: columns.table.count }, (_unused, index) => dealRecord(columns.table, index, Array.from(columns.contactIndexes[index], (contact) => CONTACTS[contact])));

const readError = (text: string) => inputErrorOf(() => read(text));

describe('readDealsFile', () => {
  it('reads every column, and each deal\'s contacts as indexes (trimmed, blanks dropped, repeats once)', () => {
    const deals = read(HEADER + 'd1,Big deal,12500.50,USD,closedwon,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,TRUE, c2 ;;c1;c2\n"d,2","Ünïcode, ""quoted""",0,EUR,open,2024-03-02T00:00:00+02:00,,,\n');
    expect(records(deals)).toEqual([
      { deal_id: 'd1', name: 'Big deal', amount: 12500.5, currency: 'USD', stage: 'closedwon', created_at: Date.UTC(2024, 2, 1), closed_at: Date.UTC(2024, 3, 1), is_won: true, contact_ids: ['c2', 'c1'] },
      { deal_id: 'd,2', name: 'Ünïcode, "quoted"', amount: 0, currency: 'EUR', stage: 'open', created_at: Date.UTC(2024, 2, 1, 22), closed_at: null, is_won: false, contact_ids: [] },
    ]);
    const currency = deals.table.currency;
    expect(Array.from({ length: currency.size }, (_value, code) => currency.text(code))).toEqual(['', 'USD', 'EUR']);
    expect(Array.from(deals.lines)).toEqual([2, 3]);
  });

  it('names file, line and column of each kind of bad input', () => {
    const row = (cells: Partial<Record<string, string>>) =>
      HEADER +
      ['d1', 'n', '10', 'USD', 's', '2024-03-01T00:00:00Z', '', 'false', 'c1'].map((cell, index) => cells[Object.keys(dealColumns)[index]] ?? cell).join(',') +
      '\n';
    expect(readError(row({ amount: '-5' })).message).toMatch(/deals\.csv.*line 2.*amount.*expected a non-negative number.*"-5"/);
    expect(readError(row({ amount: 'lots' })).message).toMatch(/line 2.*amount/);
    expect(readError(row({ created_at: '2024-13-01T00:00:00Z' })).message).toMatch(/line 2.*created_at.*ISO 8601/);
    expect(readError(row({ closed_at: 'soon' })).message).toMatch(/line 2.*closed_at/);
    expect(readError(row({ is_won: 'yes' })).message).toMatch(/line 2.*is_won.*true or false/);
    expect(readError(row({ deal_id: '' })).message).toMatch(/line 2.*deal_id.*non-empty identifier/);
    expect(readError(row({ contact_ids: 'c1;c9' })).message).toMatch(/deals\.csv.*line 2.*contact_ids.*unknown contact "c9"/);
    expect(readError(row({ is_won: 'true' })).message).toMatch(/line 2.*closed_at.*won deal must have a close date/);
    expect(readError(HEADER + 'd1,n,1,USD,s,2024-03-01T00:00:00Z,,false,c1\nd1,m,2,USD,s,2024-03-01T00:00:00Z,,false,c2\n').message).toMatch(
      /line 3.*deal_id.*duplicate deal_id "d1" \(already on line 2\)/,
    );
    expect(readError('deal_id,name\n').message).toMatch(/missing columns "amount", "created_at", "contact_ids" in the header row/);
    // contact_ids may be empty in a row but not absent from the header: no deal would have a journey.
    expect(readError('deal_id,amount,created_at\n').message).toMatch(/missing column "contact_ids"/);
    expect(readError('').message).toMatch(/deals\.csv.*empty/);
  });

  it('reads a header without the optional columns as empty ones (no name, currency, stage, close or won flag)', () => {
    const deals = read('contact_ids,created_at,amount,deal_id\nc1,2024-03-01T00:00:00Z,500,d1\n');
    expect(deals.absentColumns).toEqual(['name', 'currency', 'stage', 'closed_at', 'is_won']);
    expect(read(HEADER).absentColumns).toEqual([]);
    expect(records(deals)).toEqual([{ deal_id: 'd1', name: '', amount: 500, currency: '', stage: '', created_at: Date.UTC(2024, 2, 1), closed_at: null, is_won: false, contact_ids: ['c1'] }]);
  });

  it('agrees with the record reader on any deals file, however the bytes are chunked (fast-check)', () => {
    const text = fc.oneof(fc.constant(''), fc.constantFrom('a,b', 'say "hi"', ' padded ', 'line\nbreak', 'émoji 🎉'), fc.string({ maxLength: 6 }));
    const deal = fc.record({
      name: text,
      amount: fc.oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e9, noNaN: true })),
      currency: fc.constantFrom('USD', 'EUR', ''),
      stage: text,
      created_at: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      closed_at: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 })),
      is_won: fc.constantFrom('true', 'TRUE', 'True', 'false', 'FALSE', 'False', ''),
      amountText: fc.option(fc.constantFrom('007', '0', '123456789012345', '1234567890123456', '+5', '12.50', '1e3', ' 42 ')),
      contacts: fc.array(fc.constantFrom(...CONTACTS, ' ', ''), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(deal, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 4 }), (deals, cuts) => {
        const rows = deals.map((value, index) => [
          `d${index}`,
          value.name,
          value.amountText ?? String(value.amount),
          value.currency,
          value.stage,
          formatIsoTimestamp(value.created_at),
          value.closed_at === null ? '' : formatIsoTimestamp(value.closed_at),
          value.closed_at === null && value.is_won.toLowerCase() === 'true' ? 'false' : value.is_won,
          value.contacts.join(';'),
        ]);
        const csv = stringify([Object.keys(dealColumns), ...rows]);
        const expected = readCsvTable('deals.csv', dealColumns, { chunks: chunksOf(csv, cuts) }).rows.map((record) => ({ ...record, contact_ids: [...new Set(record.contact_ids)] }));
        expect(records(read(csv, cuts))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
