import { CLICK_ID_PLATFORMS, PROMO_CODE_KEYS } from './clickIds';
import { cleanText, decodeComponent } from './decodeComponent';

/** The parts of a landing or referrer URL that attribution reads. */
export interface ParsedUrl {
  /** Lower-case host without `www.` and port; '' for a relative or unparseable URL. */
  readonly host: string;
  /** Lower-case decoded path without a trailing slash; '/' for the root. */
  readonly path: string;
  readonly utmSource: string;
  readonly utmMedium: string;
  readonly utmCampaign: string;
  readonly utmTerm: string;
  readonly utmContent: string;
  /** utm_id: the campaign's id (Google Analytics 4 manual tagging), when the link carries it. */
  readonly utmId: string;
  /** A promo or coupon code carried as a query parameter (`?code=MAYA10`). */
  readonly promoCode: string;
  /** The platform named by the first click id (gclid → google), or ''. */
  readonly clickPlatform: string;
  /** Whether that click id is only added to paid clicks. */
  readonly paidClick: boolean;
  /** Whether any utm_* parameter, click id or promo code is present. */
  readonly tracked: boolean;
  /** The input was not empty but had no recognisable host or path (counted and reported). */
  readonly malformed: boolean;
}

/** Parameters beyond this many are ignored: a 10 kB query string still parses in bounded time. */
export const MAX_QUERY_PARAMETERS = 256;

const SIMPLE_KEY = /^[a-z_]+$/;
/** Keys whose values parseTrackingUrl reads (utm_*, promo codes); click ids only need their key. */
const INTERESTING_KEY = /^(utm_|promo|code$|coupon|discount|voucher)/;

/**
 * Canonical form of a query key: decoded, lower case, trimmed, `-` and spaces as `_`, and a
 * leading `amp;` removed (an `&amp;` HTML entity pasted from an email template into a URL).
 */
export function normalizeQueryKey(raw: string): string {
  if (SIMPLE_KEY.test(raw)) return raw;
  let key = decodeComponent(raw).trim().toLowerCase();
  while (key.startsWith('amp;')) key = key.slice(4);
  return key.replace(/[\s-]+/g, '_');
}

/**
 * Visits every query parameter of the query part and of a fragment that holds parameters
 * (`#utm_campaign=x`, `#/?utm_campaign=x` from single-page apps); a second `?` inside the query
 * counts as `&` (`?utm_source=x?utm_campaign=y`, a common paste error). Values are raw (not decoded).
 * Returns the index where the query starts (or the URL length).
 */
export function forEachQueryParameter(url: string, visit: (key: string, rawValue: string) => void): number {
  return forEachQueryParameterSpan(url, (keyStart, keyEnd, valueStart, valueEnd) => visit(url.slice(keyStart, keyEnd), url.slice(valueStart, valueEnd)));
}

/**
 * The same walk giving positions instead of strings (the hot path slices only the values it
 * reads, not a 40-character click id it skips). An absent value has valueStart === valueEnd.
 */
export function forEachQueryParameterSpan(url: string, visit: (keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) => void): number {
  const questionMark = url.indexOf('?');
  const hash = url.indexOf('#');
  const queryStart = questionMark >= 0 && (hash < 0 || questionMark < hash) ? questionMark : -1;
  let visited = 0;
  const scan = (start: number, end: number): void => {
    let pairStart = start;
    for (let position = start; position <= end && visited < MAX_QUERY_PARAMETERS; position++) {
      const code = position === end ? 38 : url.charCodeAt(position);
      if (code !== 38 /* & */ && code !== 63 /* ? */ && code !== 59 /* ; */) continue;
      if (position > pairStart) {
        const equals = url.indexOf('=', pairStart);
        if (equals >= 0 && equals < position) visit(pairStart, equals, equals + 1, position);
        else visit(pairStart, position, position, position);
        visited++;
      }
      pairStart = position + 1;
    }
  };
  if (queryStart >= 0) scan(queryStart + 1, hash < 0 ? url.length : hash);
  if (hash >= 0 && url.indexOf('=', hash) > 0) {
    const innerQuestion = url.indexOf('?', hash);
    scan(innerQuestion >= 0 ? innerQuestion + 1 : hash + 1, url.length);
  }
  if (queryStart >= 0) return queryStart;
  return hash >= 0 ? hash : url.length;
}

/** Host and path of a URL, tolerant: no scheme (`acme.io/x`), userinfo, port, upper case, stray spaces. */
export function splitHostAndPath(url: string, end: number): { host: string; path: string; malformed: boolean } {
  let start = 0;
  const scheme = url.indexOf('://');
  let hostStart = -1;
  if (scheme > 0 && scheme < end && /^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(url.slice(0, scheme))) hostStart = scheme + 3;
  else if (url.startsWith('//')) hostStart = 2;
  else if (url.charCodeAt(0) !== 47 /* / */) {
    const slash = url.indexOf('/');
    const firstDot = url.indexOf('.');
    const hostEnd = slash < 0 || slash > end ? end : slash;
    if (firstDot > 0 && firstDot < hostEnd) hostStart = 0;
  }
  let host = '';
  if (hostStart >= 0) {
    let hostEnd = url.indexOf('/', hostStart);
    if (hostEnd < 0 || hostEnd > end) hostEnd = end;
    host = url.slice(hostStart, hostEnd);
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    const colon = host.indexOf(':');
    if (colon >= 0) host = host.slice(0, colon);
    host = host.trim().toLowerCase();
    if (host.startsWith('www.')) host = host.slice(4);
    if (host.endsWith('.')) host = host.slice(0, -1);
    start = hostEnd;
  }
  let path = start < end ? url.slice(start, end) : '/';
  if (path.indexOf('%') >= 0 || path.indexOf('+') >= 0) path = decodeComponent(path);
  path = withoutIndexFile(path.trim().toLowerCase());
  if (path === '' || path[0] !== '/') path = '/' + path;
  const malformed = (hostStart < 0 && url.charCodeAt(0) !== 47) || (hostStart >= 0 && !/^[\p{L}\p{N}.-]+$/u.test(host));
  return { host: malformed && hostStart >= 0 ? '' : host, path, malformed };
}

/** A directory's index page names the directory: `/maya/index.html` is `/maya`. */
const INDEX_FILE = /\/(index\.(html?|php|aspx?)|default\.aspx?)$/;

/** A lower-case path without trailing slashes or a trailing index page (`/maya/index.html/` → `/maya`). */
export function withoutIndexFile(lowerPath: string): string {
  let path = lowerPath;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (INDEX_FILE.test(path)) path = path.replace(INDEX_FILE, '') || '/';
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

const EMPTY_URL: ParsedUrl = Object.freeze({
  host: '',
  path: '/',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  utmTerm: '',
  utmContent: '',
  utmId: '',
  promoCode: '',
  clickPlatform: '',
  paidClick: false,
  tracked: false,
  malformed: false,
});

function firstNonEmpty(current: string, rawValue: string): string {
  if (current !== '') return current;
  return cleanText(decodeComponent(rawValue));
}

/**
 * Parses a landing URL into what attribution reads. Never throws: unparseable input comes back
 * with `malformed` set and whatever could be read. For a repeated parameter the first non-empty
 * value wins (`utm_campaign=&utm_campaign=spring` is `spring`).
 */
export function parseTrackingUrl(rawUrl: string): ParsedUrl {
  const url = cleanText(rawUrl);
  if (url === '') return EMPTY_URL;
  let utmSource = '';
  let utmMedium = '';
  let utmCampaign = '';
  let utmTerm = '';
  let utmContent = '';
  let utmId = '';
  let promoCode = '';
  let clickPlatform = '';
  let paidClick = false;
  let tracked = false;
  const queryStart = forEachQueryParameterSpan(url, (keyStart, keyEnd, valueStart, valueEnd) => {
    if (keyEnd - keyStart > 40) return;
    const key = normalizeQueryKey(url.slice(keyStart, keyEnd));
    const rawValue = INTERESTING_KEY.test(key) ? url.slice(valueStart, valueEnd) : '';
    if (key.startsWith('utm_')) {
      tracked = true;
      switch (key) {
        case 'utm_source':
          utmSource = firstNonEmpty(utmSource, rawValue);
          break;
        case 'utm_medium':
          utmMedium = firstNonEmpty(utmMedium, rawValue);
          break;
        case 'utm_campaign':
          utmCampaign = firstNonEmpty(utmCampaign, rawValue);
          break;
        case 'utm_term':
          utmTerm = firstNonEmpty(utmTerm, rawValue);
          break;
        case 'utm_content':
          utmContent = firstNonEmpty(utmContent, rawValue);
          break;
        case 'utm_id':
          utmId = firstNonEmpty(utmId, rawValue);
          break;
      }
      return;
    }
    const clickId = CLICK_ID_PLATFORMS[key];
    if (clickId !== undefined && Object.prototype.hasOwnProperty.call(CLICK_ID_PLATFORMS, key)) {
      tracked = true;
      if (clickPlatform === '') {
        clickPlatform = clickId.platform;
        paidClick = clickId.paidOnly;
      }
      return;
    }
    if (PROMO_CODE_KEYS.has(key)) {
      promoCode = firstNonEmpty(promoCode, rawValue);
      if (promoCode !== '') tracked = true;
    }
  });
  const { host, path, malformed } = splitHostAndPath(url, queryStart);
  return { host, path, utmSource, utmMedium, utmCampaign, utmTerm, utmContent, utmId, promoCode, clickPlatform, paidClick, tracked, malformed };
}
