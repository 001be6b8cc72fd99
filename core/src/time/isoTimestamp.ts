/**
 * Strict ISO 8601 timestamps with a zone designator, as APIs and webhooks send them:
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM|±HH)`; the CSV interchange also reads
 * zone-less forms, and a trailing ` UTC` or ` GMT`, as UTC (`zoneless: 'utc'`).
 *
 * Hand-parsed on character codes because it runs once per touchpoint row (millions of times);
 * `Date.parse` is both slower and lenient (it accepts "2024-1-2" or zone-less local times).
 * Fractions beyond milliseconds are truncated.
 */

const DIGIT_0 = 48;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const code = bytes[index] - DIGIT_0;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Reusable scratch for the string entry point (timestamps are short). */
let scratch = new Uint8Array(64);

/**
 * Epoch milliseconds, or `undefined` when `text` is not a zoned ISO 8601 timestamp. `zoneless`
 * (see ZonelessTimestamps): also accept what spreadsheets and database exports write, as UTC: no
 * zone (`2024-03-01T09:30:00`), a space for the `T` (`2024-03-01 09:30:00`), ` UTC` or ` GMT` for
 * the zone (`2024-03-01 09:30:00.123456 UTC`, BigQuery's export) and, with `utc-or-date`, a date
 * alone (`2024-03-01`, midnight).
 */
export function parseIsoTimestamp(text: string, zoneless: ZonelessTimestamps = 'reject'): number | undefined {
  const length = text.length;
  if (length > scratch.length) scratch = new Uint8Array(length * 2);
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    // Anything beyond ASCII can never be part of a timestamp.
    scratch[index] = code < 128 ? code : 0;
  }
  return parseIsoTimestampBytes(scratch, 0, length, zoneless);
}

/**
 * What a timestamp without a zone designator means: `reject` (none is valid); `utc` (a date and
 * time without a zone is UTC); `utc-or-date` (also a date alone, its midnight UTC: for when
 * something was created, where a day is enough; a touch's time of day is what response timing
 * is read from, so touches need one).
 */
export type ZonelessTimestamps = 'reject' | 'utc' | 'utc-or-date';

/**
 * The same for the bytes buffer[start..end): the CSV hot path, where no string is made.
 * Reads past `end` are treated as "no character" (the field has ended).
 */
export function parseIsoTimestampBytes(bytes: Uint8Array, start: number, end: number, zoneless: ZonelessTimestamps = 'reject'): number | undefined {
  const canonical = end - start === 24 ? canonicalTimestamp(bytes, start) : NaN;
  return Number.isNaN(canonical) ? parseTimestampCodes(bytes, start, end - start, zoneless !== 'reject', zoneless === 'utc-or-date') : canonical;
}

/** Two ASCII digits at `at` as a number, or a negative number when either is not a digit. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = bytes[at] - DIGIT_0;
  const units = bytes[at + 1] - DIGIT_0;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/**
 * The form most exports write, `YYYY-MM-DDTHH:MM:SS.sssZ` (24 bytes; what toISOString produces),
 * read with fixed offsets; NaN for anything else (the general parser then decides), including a
 * well-formed timestamp it would reject (a 31 April), so both agree on every input.
 */
function canonicalTimestamp(bytes: Uint8Array, start: number): number {
  if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45 || bytes[start + 10] !== 84 || bytes[start + 13] !== 58 || bytes[start + 16] !== 58)
    return NaN;
  if (bytes[start + 19] !== 46 || bytes[start + 23] !== 90) return NaN;
  const century = twoDigits(bytes, start);
  const yearOfCentury = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  const second = twoDigits(bytes, start + 17);
  const centiseconds = twoDigits(bytes, start + 20);
  const lastDigit = bytes[start + 22] - DIGIT_0;
  if (century < 0 || yearOfCentury < 0 || centiseconds < 0 || lastDigit < 0 || lastDigit > 9) return NaN;
  return instantOf(century * 100 + yearOfCentury, month, day, hour, minute, second, centiseconds * 10 + lastDigit, 0);
}

/**
 * Epoch milliseconds of a civil date and time at a UTC offset, or NaN when the fields name no real
 * instant (month 13, 31 April, 29 February of a common year, hour 24, minute or second 60; a field
 * that was not digits arrives negative).
 */
function instantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  offsetMinutes: number,
): number {
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])) return NaN;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millisecond;
}

/** The byte at `index` of the field, or -1 past its end. */
function byteAt(bytes: Uint8Array, start: number, length: number, index: number): number {
  return index < length ? bytes[start + index] : -1;
}

function parseTimestampCodes(bytes: Uint8Array, start: number, length: number, zonelessAsUtc: boolean, dateAlone: boolean): number | undefined {
  if (length < (dateAlone ? 10 : zonelessAsUtc ? 16 : 17)) return undefined;
  const year = digits(bytes, start + 0, 4);
  if (year < 0 || byteAt(bytes, start, length, 4) !== 45 || byteAt(bytes, start, length, 7) !== 45) return undefined;
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  if (length === 10) {
    // A date alone (dateAlone only: shorter input was refused above): its midnight, UTC.
    const midnight = instantOf(year, month, day, 0, 0, 0, 0, 0);
    return Number.isNaN(midnight) ? undefined : midnight;
  }
  if (length < 16) return undefined;
  const separator = byteAt(bytes, start, length, 10);
  if (separator !== 84 /* T */ && separator !== 116 /* t */ && !(zonelessAsUtc && separator === 32)) return undefined;
  const hour = digits(bytes, start + 11, 2);
  if (byteAt(bytes, start, length, 13) !== 58) return undefined;
  const minute = digits(bytes, start + 14, 2);

  let position = 16;
  let second = 0;
  let millisecond = 0;
  if (byteAt(bytes, start, length, position) === 58 /* : */) {
    second = digits(bytes, start + position + 1, 2);
    position += 3;
    const fractionMark = byteAt(bytes, start, length, position);
    if (fractionMark === 46 /* . */ || fractionMark === 44 /* , */) {
      position++;
      const fractionStart = position;
      let scale = 100;
      while (position < length) {
        const code = byteAt(bytes, start, length, position) - DIGIT_0;
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
  const zone = byteAt(bytes, start, length, position);
  if (zone === 90 /* Z */ || zone === 122 /* z */) {
    position++;
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    const sign = zone === 43 ? 1 : -1;
    const offsetHours = digits(bytes, start + position + 1, 2);
    if (offsetHours < 0 || offsetHours > 23) return undefined;
    position += 3;
    let offsetMinutePart = 0;
    if (position < length) {
      if (byteAt(bytes, start, length, position) === 58) position++;
      offsetMinutePart = digits(bytes, start + position, 2);
      if (offsetMinutePart < 0 || offsetMinutePart > 59) return undefined;
      position += 2;
    }
    offsetMinutes = sign * (offsetHours * 60 + offsetMinutePart);
  } else if (zonelessAsUtc && zone === 32 /* space */ && position + 4 === length && namesUtc(bytes, start + position + 1)) {
    // BigQuery's CSV export (GA4's tables among them): `2025-03-20 10:18:46.123456 UTC`.
    position += 4;
  } else if (!(zonelessAsUtc && zone === -1)) {
    return undefined;
  }
  if (position !== length) return undefined;
  const instant = instantOf(year, month, day, hour, minute, second, millisecond, offsetMinutes);
  return Number.isNaN(instant) ? undefined : instant;
}

/** Whether the three bytes at `at` spell UTC or GMT, in any case. */
function namesUtc(bytes: Uint8Array, at: number): boolean {
  const first = bytes[at] | 32;
  const second = bytes[at + 1] | 32;
  const third = bytes[at + 2] | 32;
  return (first === 117 && second === 116 && third === 99) /* utc */ || (first === 103 && second === 109 && third === 116) /* gmt */;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). Arithmetic
 * instead of Date.UTC: faster on the hot path, and exact for years 0000-0099, which Date.UTC
 * would read as 1900-1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Canonical output form: `2024-03-01T09:30:00.000Z`. */
export function formatIsoTimestamp(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString();
}

export const MILLISECONDS_PER_DAY = 86_400_000;
