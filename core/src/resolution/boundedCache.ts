export const URL_CACHE_LIMIT = 200_000;
/**
 * Click ids and redirect tokens make a URL unique: caching it would only fill memory (and the
 * garbage collector's work) with entries never hit again.
 */
const ONE_OFF_PARAMETER = /[?&#;](gclid|gbraid|wbraid|dclid|fbclid|igshid|igsh|li_fat_id|msclkid|ttclid|twclid|epik|rdt_cid|yclid|_hsenc|_hsmi|mc_eid|e|si)=/i;
export function isOneOff(url: string): boolean {
  return url.length > 40 && ONE_OFF_PARAMETER.test(url);
}

/**
 * The value of a one-off parameter: its unreserved characters (click ids are base64url-like),
 * up to the first other one. Stopping at anything else (a separator, a percent escape) keeps what
 * a parser might read as the start of another parameter.
 */
const ONE_OFF_VALUE = /([?&#;](?:gclid|gbraid|wbraid|dclid|fbclid|igshid|igsh|li_fat_id|msclkid|ttclid|twclid|epik|rdt_cid|yclid|_hsenc|_hsmi|mc_eid|e|si)=)[A-Za-z0-9_.~-]+/gi;

/** Where the one-off values are looked for: after the first `?` or `#`, and the first `#` itself. */
function parameterStart(url: string): { start: number; hash: number } {
  const question = url.indexOf('?');
  const hash = url.indexOf('#');
  return { start: question < 0 ? hash : hash < 0 ? question : Math.min(question, hash), hash };
}

/**
 * A one-off URL with its one-off values taken out: what parseTrackingUrl, parseReferrer and the
 * channel rules read is the same (they read those parameters' names, never their values), so
 * touches whose URLs differ only by a click id resolve alike, and the resolver resolves the shape once.
 */
export function oneOffShape(url: string): string {
  // Where parseTrackingUrl reads parameters: after the first `?` or `#`; before them `&gclid=...`
  // is part of the path. A later `#` separates nothing there: it belongs to a value.
  const { start, hash } = parameterStart(url);
  if (start < 0) return url;
  return url.replace(ONE_OFF_VALUE, (match: string, named: string, offset: number) => (offset < start || (named[0] === '#' && offset !== hash) ? match : named));
}

/**
 * oneOffShape's bytes written into `target` (at least as long as `url`): their length, or -1 when
 * the URL is not ASCII (then encode oneOffShape's text). No string is made: the resolver keys a
 * hundred thousand click-id URLs by their shapes, and their strings were work for the garbage
 * collector.
 */
export function writeOneOffShape(url: string, target: Uint8Array): number {
  const { start, hash } = parameterStart(url);
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
  if (start >= 0) {
    const values = ONE_OFF_VALUE;
    values.lastIndex = 0;
    for (let match = values.exec(url); match !== null; match = values.exec(url)) {
      const named = match[1];
      if (match.index < start || (named[0] === '#' && match.index !== hash)) continue;
      if (!copy(match.index + named.length)) return -1;
      from = match.index + match[0].length;
    }
  }
  return copy(url.length) ? written : -1;
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
