/**
 * Strict ISO 8601 timestamps with a zone designator, as the CSV interchange requires:
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM|±HH)`.
 *
 * Hand-parsed on character codes because it runs once per touchpoint row (millions of times);
 * `Date.parse` is both slower and lenient (it accepts "2024-1-2" or zone-less local times).
 * Fractions beyond milliseconds are truncated.
 */

const DIGIT_0 = 48;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Character codes by index: a string's charCodeAt, or bytes of an ASCII buffer. */
interface CodeSource {
  code(index: number): number;
}

function digits(text: CodeSource, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = text.code(index) - DIGIT_0;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Epoch milliseconds, or `undefined` when `text` is not a zoned ISO 8601 timestamp. */
export function parseIsoTimestamp(text: string): number | undefined {
  stringSource.text = text;
  return parseTimestampCodes(stringSource, text.length);
}

/** The same for the bytes buffer[start..end) (the CSV hot path: no string is made). */
export function parseIsoTimestampBytes(buffer: Uint8Array, start: number, end: number): number | undefined {
  byteSource.bytes = buffer;
  byteSource.offset = start;
  byteSource.end = end;
  return parseTimestampCodes(byteSource, end - start);
}

const stringSource = {
  text: '',
  code(index: number): number {
    return this.text.charCodeAt(index);
  },
};

const byteSource = {
  bytes: new Uint8Array(0) as Uint8Array,
  offset: 0,
  end: 0,
  code(index: number): number {
    const position = this.offset + index;
    // Past the field reads as NaN, like charCodeAt past the end of a string.
    return position < this.end ? this.bytes[position] : NaN;
  },
};

function parseTimestampCodes(text: CodeSource, length: number): number | undefined {
  if (length < 17) return undefined;
  const year = digits(text, 0, 4);
  if (year < 0 || text.code(4) !== 45 || text.code(7) !== 45) return undefined;
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const separator = text.code(10);
  if (separator !== 84 /* T */ && separator !== 116 /* t */) return undefined;
  const hour = digits(text, 11, 2);
  if (text.code(13) !== 58) return undefined;
  const minute = digits(text, 14, 2);
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > monthDays) return undefined;

  let position = 16;
  let second = 0;
  let millisecond = 0;
  if (text.code(position) === 58 /* : */) {
    second = digits(text, position + 1, 2);
    if (second < 0 || second > 59) return undefined;
    position += 3;
    const fractionMark = text.code(position);
    if (fractionMark === 46 /* . */ || fractionMark === 44 /* , */) {
      position++;
      const fractionStart = position;
      let scale = 100;
      while (position < length) {
        const code = text.code(position) - DIGIT_0;
        if (code < 0 || code > 9) break;
        millisecond += code * scale;
        scale /= 10;
        position++;
      }
      if (position === fractionStart) return undefined;
      millisecond = Math.floor(millisecond);
    }
  }

  let offsetMinutes = 0;
  const zone = text.code(position);
  if (zone === 90 /* Z */ || zone === 122 /* z */) {
    position++;
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    const sign = zone === 43 ? 1 : -1;
    const offsetHours = digits(text, position + 1, 2);
    if (offsetHours < 0 || offsetHours > 23) return undefined;
    position += 3;
    let offsetMinutePart = 0;
    if (position < length) {
      if (text.code(position) === 58) position++;
      offsetMinutePart = digits(text, position, 2);
      if (offsetMinutePart < 0 || offsetMinutePart > 59) return undefined;
      position += 2;
    }
    offsetMinutes = sign * (offsetHours * 60 + offsetMinutePart);
  } else {
    return undefined;
  }
  if (position !== length) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
}

/** Canonical output form: `2024-03-01T09:30:00.000Z`. */
export function formatIsoTimestamp(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString();
}

export const MILLISECONDS_PER_DAY = 86_400_000;
