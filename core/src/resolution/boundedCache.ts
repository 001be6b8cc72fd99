export const URL_CACHE_LIMIT = 200_000;
/** The parameters whose values make a URL unique: click ids and redirect tokens. */
const ONE_OFF_KEYS = 'gclid|gbraid|wbraid|dclid|fbclid|igshid|igsh|li_fat_id|msclkid|ttclid|twclid|epik|rdt_cid|yclid|_hsenc|_hsmi|mc_eid|e|si';
/**
 * Click ids and redirect tokens make a URL unique: caching it would only fill memory (and the
 * garbage collector's work) with entries never hit again.
 */
const ONE_OFF_PARAMETER = new RegExp(`[?&#;](${ONE_OFF_KEYS})=`, 'i');
export function isOneOff(url: string): boolean {
  return url.length > 40 && ONE_OFF_PARAMETER.test(url);
}

/**
 * The value of a one-off parameter: its unreserved characters (click ids are base64url-like),
 * up to the first other one. Stopping at anything else (a separator, a percent escape) keeps what
 * a parser might read as the start of another parameter.
 */
const ONE_OFF_VALUE = new RegExp(`([?&#;](?:${ONE_OFF_KEYS})=)[A-Za-z0-9_.~-]+`, 'gi');

/**
 * Calls `leaveOut(start, end)` for each one-off value of `url`, in order, where parseTrackingUrl
 * reads parameters: after the first `?` or `#` (before them `&gclid=...` is part of the path),
 * and not after a later `#` (that one separates nothing: it belongs to a value). Stops when
 * `leaveOut` returns false; returns whether it went through.
 */
function forEachOneOffValue(url: string, leaveOut: (start: number, end: number) => boolean): boolean {
  const question = url.indexOf('?');
  const hash = url.indexOf('#');
  const start = question < 0 ? hash : hash < 0 ? question : Math.min(question, hash);
  if (start < 0) return true;
  const values = ONE_OFF_VALUE;
  values.lastIndex = 0;
  for (let match = values.exec(url); match !== null; match = values.exec(url)) {
    const named = match[1];
    if (match.index < start || (named[0] === '#' && match.index !== hash)) continue;
    if (!leaveOut(match.index + named.length, match.index + match[0].length)) return false;
  }
  return true;
}

/**
 * A one-off URL with its one-off values taken out: what parseTrackingUrl, parseReferrer and the
 * channel rules read is the same (they read those parameters' names, never their values), so
 * touches whose URLs differ only by a click id resolve alike, and the resolver resolves the shape once.
 */
export function oneOffShape(url: string): string {
  let shape = '';
  let from = 0;
  forEachOneOffValue(url, (start, end) => {
    shape += url.slice(from, start);
    from = end;
    return true;
  });
  return from === 0 ? url : shape + url.slice(from);
}

/** The one-off keys as lower-case ASCII bytes, for the byte-level scan. */
const ONE_OFF_KEY_BYTES = ONE_OFF_KEYS.split('|').map((key) => Uint8Array.from(key, (character) => character.charCodeAt(0)));
/** 1 for the bytes a one-off key starts with (either case): most separators are followed by another name (utm_...) and are passed over at once. */
const ONE_OFF_KEY_STARTS = new Uint8Array(256);
for (const key of ONE_OFF_KEY_BYTES) {
  ONE_OFF_KEY_STARTS[key[0]] = 1;
  if (key[0] >= 0x61 && key[0] <= 0x7a) ONE_OFF_KEY_STARTS[key[0] & ~0x20] = 1;
}

/** Whether a byte is one of a one-off value's characters: [A-Za-z0-9_.~-]. */
function isValueByte(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x2e || byte === 0x7e || byte === 0x2d;
}

/**
 * A one-off name and its `=` after the separator at `at` (ONE_OFF_PARAMETER, isOneOff's test):
 * the end (exclusive) of the value that follows, its start in `lastValueStart`; -1 when no such
 * name follows. The value ([A-Za-z0-9_.~-]*) may be empty: then isOneOff holds but ONE_OFF_VALUE
 * has no match there. Only one name can be followed by `=` at one place.
 */
function oneOffMatchAt(bytes: Uint8Array, at: number, end: number): number {
  if (at + 1 >= end || ONE_OFF_KEY_STARTS[bytes[at + 1]] === 0) return -1;
  for (let key = 0; key < ONE_OFF_KEY_BYTES.length; key++) {
    const name = ONE_OFF_KEY_BYTES[key];
    const equals = at + 1 + name.length;
    if (equals >= end || bytes[equals] !== 0x3d) continue;
    let same = true;
    for (let index = 0; index < name.length && same; index++) {
      const byte = bytes[at + 1 + index];
      // Upper-case ASCII letters read as lower case (the expression is case-insensitive).
      same = (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte) === name[index];
    }
    if (!same) continue;
    let valueEnd = equals + 1;
    while (valueEnd < end && isValueByte(bytes[valueEnd])) valueEnd++;
    lastValueStart = equals + 1;
    return valueEnd;
  }
  return -1;
}
let lastValueStart = 0;

/** oneOffShapeOfBytes's answer for a URL without a one-off value (isOneOff false). */
export const NOT_ONE_OFF = -2;
/** oneOffShapeOfBytes's answer for a URL beyond ASCII (string and byte positions part: use isOneOff and oneOffShape). */
export const BEYOND_ASCII = -1;

/**
 * isOneOff and oneOffShape's bytes in one pass over a URL's UTF-8 bytes, without making its string:
 * NOT_ONE_OFF where isOneOff is false, BEYOND_ASCII for a URL with a byte beyond ASCII, else the
 * length of oneOffShape's bytes, written into `target` (at least end - start long). The scan is
 * ONE_OFF_VALUE's (leftmost matches, each resuming after the last); values are taken out where
 * forEachOneOffValue takes them: after the first `?` or `#`, a `#` only as the first one.
 */
export function oneOffShapeOfBytes(bytes: Uint8Array, start: number, end: number, target: Uint8Array): number {
  // isOneOff's length test (UTF-16 units never outnumber UTF-8 bytes).
  if (end - start <= 40) return NOT_ONE_OFF;
  let readFrom = -1;
  let seenHash = false;
  let oneOff = false;
  let written = 0;
  for (let at = start; at < end; ) {
    const byte = bytes[at];
    if (byte >= 0x80) return BEYOND_ASCII;
    const separator = byte === 0x3f || byte === 0x26 || byte === 0x23 || byte === 0x3b;
    const firstHash = byte === 0x23 && !seenHash;
    if (byte === 0x23) seenHash = true;
    if ((byte === 0x3f || byte === 0x23) && readFrom < 0) readFrom = at;
    const valueEnd = separator ? oneOffMatchAt(bytes, at, end) : -1;
    if (valueEnd >= 0) oneOff = true;
    // ONE_OFF_VALUE matches only with a value of one character or more.
    if (valueEnd < 0 || valueEnd === lastValueStart) {
      target[written++] = byte;
      at++;
      continue;
    }
    const matchEnd = valueEnd;
    const valueStart = lastValueStart;
    // The separator, name and `=` stay; the value goes where parseTrackingUrl reads parameters.
    for (let index = at; index < valueStart; index++) target[written++] = bytes[index];
    if (!(readFrom >= 0 && (byte !== 0x23 || firstHash))) for (let index = valueStart; index < matchEnd; index++) target[written++] = bytes[index];
    at = matchEnd;
  }
  return oneOff ? written : NOT_ONE_OFF;
}

/** A string-keyed cache that forgets everything when full (bounded memory, no per-hit bookkeeping). */
export function boundedCache<Value>(compute: (key: string) => Value): (key: string) => Value {
  let entries = new Map<string, Value>();
  return (key) => {
    let value = entries.get(key);
    if (value === undefined) {
      value = compute(key);
      if (isOneOff(key)) return value;
      if (entries.size >= URL_CACHE_LIMIT) entries = new Map();
      entries.set(key, value);
    }
    return value;
  };
}
