import fc from 'fast-check';
import { column, columnSchema, INVALID } from '../columns';
import { TouchpointSchema } from '../touchpoint';

const kinds = {
  id: column.id(),
  timestamp: column.timestamp(),
  optionalTimestamp: column.optionalTimestamp(),
  nonNegativeAmount: column.nonNegativeAmount(),
  optionalNonNegativeAmount: column.optionalNonNegativeAmount(),
  boolean: column.boolean(),
  list: column.list(),
};

const cellArbitrary = fc.oneof(
  fc.string(),
  fc.constantFrom('', 'true', 'FALSE', '12.5', '-3', '1e3', '0x10', 'NaN', 'Infinity', '2024-03-01T09:30:00Z', '2024-03-01', 'a; b;;c'),
  fc.double({ noNaN: false }).map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

describe('column kinds: the CSV fast path and the zod schema agree', () => {
  test.each(Object.entries(kinds))('%s', (_name, kind) => {
    fc.assert(
      fc.property(cellArbitrary, (raw) => {
        const trimmed = raw.trim();
        const fast = kind.convert(trimmed);
        const parsed = columnSchema(kind).safeParse(raw);
        expect(parsed.success).toBe(fast !== INVALID);
        if (parsed.success) expect(parsed.data).toEqual(fast);
      }),
      { numRuns: 400 },
    );
  });

  test('the touchpoint row schema converts a CSV row and names the bad field', () => {
    const row = {
      touchpoint_id: 'tp-1',
      contact_id: 'c-1',
      occurred_at: '2024-03-01T09:30:00+01:00',
      type: 'page_view',
      url: 'https://example.com/?utm_campaign=x',
      referrer: '',
      utm_source: '',
      utm_medium: '',
      utm_campaign: '',
      utm_term: '',
      utm_content: '',
      promo_code: '',
      search_query: '',
    };
    expect(TouchpointSchema.parse(row).occurred_at).toBe(Date.UTC(2024, 2, 1, 8, 30));
    const bad = TouchpointSchema.safeParse({ ...row, occurred_at: 'soon' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['occurred_at']);
  });

  test('amounts reject negatives and non-numbers', () => {
    expect(kinds.nonNegativeAmount.convert('-1')).toBe(INVALID);
    expect(kinds.nonNegativeAmount.convert('12,5')).toBe(INVALID);
    expect(kinds.nonNegativeAmount.convert('')).toBe(INVALID);
    expect(kinds.nonNegativeAmount.convert('1200.50')).toBe(1200.5);
  });
});
