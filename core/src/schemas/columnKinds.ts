import { parseIsoTimestamp, parseIsoTimestampBytes, type ZonelessTimestamps } from '../time/isoTimestamp';

/**
 * One definition per CSV column kind, used twice: as a fast converter for the CSV hot path (a
 * million rows a second) and, through `rowSchema` in columns.ts, as a zod schema (the declarative
 * shape, used at JSON and API boundaries). Both call the same conversion function, so they cannot
 * disagree; a property test checks it anyway. This module does not load zod: the touchpoint reader
 * thread imports it, and loading zod costs that thread about 50 ms before it reads a byte.
 */
export interface ColumnKind<Value> {
  /** What a valid cell looks like, for error messages: "an ISO 8601 timestamp with a zone". */
  readonly expected: string;
  /**
   * Whether the column must be present in the header row. By default only columns whose cells may
   * not be empty are: a column that accepts empty cells reads as all-empty when the header leaves it
   * out (an export without search_query or cost), and the CLI says which columns it read that way.
   */
  readonly requiredInHeader: boolean;
  /**
   * Low-cardinality text (touch types, utm_medium, currencies): the CSV reader keeps one string
   * per distinct value instead of one per row, which saves memory and garbage-collection time.
   */
  readonly intern: boolean;
  /** The cell is plain ASCII when valid (timestamps, numbers, booleans): decode it the cheap way. */
  readonly asciiWhenValid: boolean;
  /** The cell's text is its value (free text, identifiers): the reader skips `convert` for non-empty cells. */
  readonly textIsValue: boolean;
  /** Converts straight from trimmed, unescaped bytes, with the same result as `convert` on their text. */
  readonly convertBytes?: (bytes: Uint8Array, start: number, end: number) => Value | typeof INVALID;
  /** Converts a raw (already trimmed) cell; returns INVALID when the cell is not acceptable. */
  convert(raw: string): Value | typeof INVALID;
}

export const INVALID: unique symbol = Symbol('invalid cell');

interface KindOptions<Value> {
  requiredInHeader?: boolean;
  intern?: boolean;
  asciiWhenValid?: boolean;
  textIsValue?: boolean;
  convertBytes?: (bytes: Uint8Array, start: number, end: number) => Value | typeof INVALID;
}

function kind<Value>(expected: string, options: KindOptions<Value>, convert: (raw: string) => Value | typeof INVALID): ColumnKind<Value> {
  return {
    expected,
    requiredInHeader: options.requiredInHeader ?? convert('') === INVALID,
    intern: options.intern ?? false,
    asciiWhenValid: options.asciiWhenValid ?? false,
    textIsValue: options.textIsValue ?? false,
    convertBytes: options.convertBytes,
    convert,
  };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseDecimal(raw: string): number | typeof INVALID {
  if (!DECIMAL.test(raw)) return INVALID;
  const value = Number(raw);
  return Number.isFinite(value) ? value : INVALID;
}

function splitList(raw: string): string[] {
  if (raw === '') return [];
  const items: string[] = [];
  for (const item of raw.split(';')) {
    const trimmed = item.trim();
    if (trimmed !== '') items.push(trimmed);
  }
  return items;
}

export const column = {
  /** A non-empty identifier. */
  id: (options: { intern?: boolean } = {}) =>
    kind<string>('a non-empty identifier', { ...options, textIsValue: true }, (raw) => (raw === '' ? INVALID : raw)),
  /** Free text; may be empty. */
  text: (options: { intern?: boolean; requiredInHeader?: boolean } = {}) => kind<string>('text', { ...options, textIsValue: true }, (raw) => raw),
  /**
   * A required ISO 8601 timestamp, as epoch milliseconds: without a zone, UTC; `dateAlone`, a date
   * without a time is its midnight (ZonelessTimestamps).
   */
  timestamp: (options: { dateAlone?: boolean } = {}) => {
    const zoneless: ZonelessTimestamps = options.dateAlone ? 'utc-or-date' : 'utc';
    return kind<number>(
      `an ISO 8601 timestamp, e.g. 2024-03-01T09:30:00Z (without a zone${options.dateAlone ? ', or a date alone,' : ''} read as UTC)`,
      { asciiWhenValid: true, convertBytes: (bytes, start, end) => parseIsoTimestampBytes(bytes, start, end, zoneless) ?? INVALID },
      (raw) => parseIsoTimestamp(raw, zoneless) ?? INVALID,
    );
  },
  /** An optional ISO 8601 timestamp (without a zone, UTC; a date alone, its midnight); empty means absent. */
  optionalTimestamp: () =>
    kind<number | null>(
      'empty or an ISO 8601 timestamp, e.g. 2024-03-01T09:30:00Z or 2024-03-01 (without a zone, read as UTC)',
      {
        asciiWhenValid: true,
        convertBytes: (bytes, start, end) => (start === end ? null : (parseIsoTimestampBytes(bytes, start, end, 'utc-or-date') ?? INVALID)),
      },
      (raw) => (raw === '' ? null : (parseIsoTimestamp(raw, 'utc-or-date') ?? INVALID)),
    ),
  /** A required non-negative decimal number. */
  nonNegativeAmount: () =>
    kind<number>('a non-negative number, e.g. 12500.00', { asciiWhenValid: true }, (raw) => {
      const value = parseDecimal(raw);
      return value === INVALID || value < 0 ? INVALID : value;
    }),
  /** An optional non-negative decimal number; empty means 0. */
  optionalNonNegativeAmount: () =>
    kind<number>('empty or a non-negative number', { asciiWhenValid: true }, (raw) => {
      if (raw === '') return 0;
      const value = parseDecimal(raw);
      return value === INVALID || value < 0 ? INVALID : value;
    }),
  /** `true` or `false` (any case); empty means false. */
  boolean: () =>
    kind<boolean>('true or false', { asciiWhenValid: true }, (raw) => {
      const lower = raw.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false' || lower === '') return false;
      return INVALID;
    }),
  /** A `;`-separated list; blanks are dropped. */
  list: (options: { requiredInHeader?: boolean } = {}) => kind<string[]>('a ;-separated list', options, splitList),
};

export type ColumnSet = Record<string, ColumnKind<unknown>>;
export type RowOf<Columns extends ColumnSet> = { [Name in keyof Columns]: Columns[Name] extends ColumnKind<infer Value> ? Value : never };
