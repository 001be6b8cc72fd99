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

/**
 * oneOffShape's bytes written into `target` (at least as long as `url`): their length, or -1 when
 * the URL is not ASCII (then encode oneOffShape's text). No string is made: the resolver keys a
 * hundred thousand click-id URLs by their shapes, and their strings were work for the garbage
 * collector.
 */
export function writeOneOffShape(url: string, target: Uint8Array): number {
  let written = 0;
  let from = 0;
  const copy = (end: number): boolean => {
    for (let index = from; index < end; index++) {
      const code = url.charCodeAt(index);
      if (code >= 0x80) return false;
      target[written++] = code;
    }
    return true;
  };
  const ascii = forEachOneOffValue(url, (start, end) => {
    if (!copy(start)) return false;
    from = end;
    return true;
  });
  return ascii && copy(url.length) ? written : -1;
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
