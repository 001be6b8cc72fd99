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

  test('agrees with Date for every instant it formats (toISOString round trip)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (instant) => {
        expect(parseIsoTimestamp(new Date(instant).toISOString())).toBe(instant);
      }),
    );
  });
});
