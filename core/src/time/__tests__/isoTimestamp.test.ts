import fc from 'fast-check';
import { parseIsoTimestamp } from '../isoTimestamp';

describe('parseIsoTimestamp', () => {
  test.each([
    ['2024-03-01T09:30:00Z', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01T09:30Z', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01T09:30:00.123Z', Date.UTC(2024, 2, 1, 9, 30, 0, 123)],
    ['2024-03-01T09:30:00.123456Z', Date.UTC(2024, 2, 1, 9, 30, 0, 123)],
    ['2024-03-01T09:30:00+02:00', Date.UTC(2024, 2, 1, 7, 30)],
    ['2024-03-01T09:30:00-0530', Date.UTC(2024, 2, 1, 15, 0)],
    ['2024-03-01T09:30:00+01', Date.UTC(2024, 2, 1, 8, 30)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected);
  });

  test.each([
    '2024-03-01',
    '2024-03-01T09:30:00',
    '2024-3-01T09:30:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-03-01 09:30:00Z',
    '2024-03-01T09:30:00ZZ',
    '2024-03-01T09:30:00.Z',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined();
  });

  test.each([
    ['2024-03-01T09:30:00', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01 09:30:00', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01 09:30', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01 09:30:00.5', Date.UTC(2024, 2, 1, 9, 30, 0, 500)],
    ['2024-03-01 09:30:00Z', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01 09:30:00-01:00', Date.UTC(2024, 2, 1, 10, 30)],
    // BigQuery's CSV export (GA4's event tables among them).
    ['2024-03-01 09:30:00.123456 UTC', Date.UTC(2024, 2, 1, 9, 30, 0, 123)],
    ['2024-03-01 09:30:00 utc', Date.UTC(2024, 2, 1, 9, 30)],
    ['2024-03-01T09:30 GMT', Date.UTC(2024, 2, 1, 9, 30)],
  ])('reads %s as UTC when zone-less forms are allowed (the CSV interchange)', (text, expected) => {
    expect(parseIsoTimestamp(text, 'utc')).toBe(expected);
  });

  test('reads a date alone as its midnight UTC only when asked (utc-or-date: when something was created)', () => {
    expect(parseIsoTimestamp('2024-03-01', 'utc-or-date')).toBe(Date.UTC(2024, 2, 1));
    expect(parseIsoTimestamp('2024-03-01 09:30', 'utc-or-date')).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(parseIsoTimestamp('2024-03-01', 'utc')).toBeUndefined();
    expect(parseIsoTimestamp('2023-02-29', 'utc-or-date')).toBeUndefined();
    expect(parseIsoTimestamp('2024-03-01T09:30:00', 'reject')).toBeUndefined();
    expect(parseIsoTimestamp('2024-03-01 09:30:00 UTC', 'reject')).toBeUndefined();
  });

  test.each([
    '2023-02-29',
    '2024-03-01',
    '2024-03-01 9:30',
    '2024-03-01T09',
    '2024-03-01  09:30',
    '2024-03-01 09:30:00 EST',
    '2024-03-01 09:30:00 UTCX',
    '2024-03-01 09:30:00  UTC',
    '2024-03-01 09:30:00Z UTC',
    '03/01/2024',
    '2024-03-01T09:30:00.Z',
  ])('still rejects %j when zone-less forms are allowed', (text) => {
    expect(parseIsoTimestamp(text, 'utc')).toBeUndefined();
  });

  test('agrees with Date for every instant it formats (toISOString round trip)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (instant) => {
        expect(parseIsoTimestamp(new Date(instant).toISOString())).toBe(instant);
      }),
    );
  });
});

describe('parseIsoTimestamp over the whole calendar', () => {
  test('reads back every instant toISOString writes, years 0100 to 9999, in any zone offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(100, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (instant, offsetMinutes) => {
          expect(parseIsoTimestamp(new Date(instant).toISOString())).toBe(instant);
          // The same instant written as local time at an offset.
          const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const zone = `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
          expect(parseIsoTimestamp(local + zone)).toBe(instant);
        },
      ),
    );
  });

  test('the fixed-offset reading of YYYY-MM-DDTHH:MM:SS.sssZ agrees with the general parser (fast-check)', () => {
    // The same instant written with +00:00 instead of Z (29 bytes) always takes the general parser.
    const pair = fc.integer({ min: 0, max: 99 }).map((value) => String(value).padStart(2, '0'));
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    fc.assert(
      fc.property(
        pair,
        pair,
        pair,
        pair,
        pair,
        pair,
        pair,
        pair,
        digit,
        fc.constantFrom('', 'x', '-'),
        (century, year, month, day, hour, minute, second, centis, last, noise) => {
          const body = `${century}${year}-${month}-${day}T${hour}:${minute}:${second}.${centis}${noise === 'x' ? 'x' : last}`;
          const fast = parseIsoTimestamp(`${body}Z`);
          expect(fast).toBe(parseIsoTimestamp(`${body}+00:00`));
          if (fast !== undefined) expect(fast).toBe(Date.parse(`${body}Z`));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('years 0000-0099 are those years, not 1900-1999', () => {
    expect(parseIsoTimestamp('0050-03-01T00:00:00Z')).toBe(new Date('0050-03-01T00:00:00Z').getTime());
    expect(parseIsoTimestamp('0000-01-01T00:00:00Z')).toBe(new Date('0000-01-01T00:00:00Z').getTime());
  });
});
