export const URL_CACHE_LIMIT = 200_000;
/**
 * Click ids and redirect tokens make a URL unique: caching it would only fill memory (and the
 * garbage collector's work) with entries never hit again.
 */
const ONE_OFF_PARAMETER = /[?&#;](gclid|gbraid|wbraid|dclid|fbclid|igshid|igsh|li_fat_id|msclkid|ttclid|twclid|epik|rdt_cid|yclid|_hsenc|_hsmi|mc_eid|e|si)=/i;
export function isOneOff(url: string): boolean {
  return url.length > 40 && ONE_OFF_PARAMETER.test(url);
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
