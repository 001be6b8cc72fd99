import { cleanText, decodeComponent } from './decodeComponent';
import { forEachQueryParameter, normalizeQueryKey, splitHostAndPath } from './parseUrl';

/** What a referrer URL says about where a visit came from. */
export interface ParsedReferrer {
  /** Host of the page that sent the visit (after unwrapping redirectors), lower case, no `www.`. */
  readonly host: string;
  /** A creator handle the referrer names (`linktr.ee/maya`, `instagram.com/maya`), normalised; ''. */
  readonly handle: string;
  /** The URL a redirector (`l.instagram.com/?u=...`) was sending to; '' when none. */
  readonly targetUrl: string;
  /** A search engine's name when the referrer is a search results page; ''. */
  readonly searchEngine: string;
  /** The search query when the engine still passes it (most no longer do); ''. */
  readonly searchQuery: string;
  /** The referrer is a link-in-bio page (Linktree, Beacons...). */
  readonly linkInBio: boolean;
  readonly malformed: boolean;
}

/**
 * Link-in-bio services whose first path segment is the creator's handle. Some put the handle in
 * a subdomain instead (`maya.carrd.co`): see SUBDOMAIN_HANDLE_HOSTS.
 */
const LINK_IN_BIO_HOSTS = new Set([
  'linktr.ee',
  'beacons.ai',
  'lnk.bio',
  'stan.store',
  'campsite.bio',
  'bio.link',
  'linkin.bio',
  'tap.bio',
  'hoo.be',
  'msha.ke',
  'snipfeed.co',
  'solo.to',
  'allmylinks.com',
  'linkpop.com',
  'koji.to',
  'withkoji.com',
  'flowcode.com',
]);
const SUBDOMAIN_HANDLE_HOSTS = ['.carrd.co', '.komi.io', '.bio.link', '.mystrikingly.com'];

/** Social sites whose profile URL is `/<handle>` or `/@<handle>`. */
const PROFILE_HOSTS = new Set(['instagram.com', 'tiktok.com', 'youtube.com', 'x.com', 'twitter.com', 'threads.net', 'twitch.tv', 'facebook.com', 'pinterest.com', 'snapchat.com']);
/** First path segments on profile hosts that are not handles. */
const NOT_HANDLES = new Set(['p', 'reel', 'reels', 'stories', 'explore', 'watch', 'shorts', 'channel', 'c', 'user', 'status', 'video', 'hashtag', 'search', 'home', 'i', 'l.php', 'url', 'redirect', 'share', 'sharer', 'intent', 'tv', 'embed', 'pin']);

/** Redirectors that carry their target in a query parameter. Sources: each platform's outbound-link format. */
const REDIRECT_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  'l.instagram.com': ['u'],
  'l.facebook.com': ['u'],
  'lm.facebook.com': ['u'],
  'm.facebook.com': ['u'],
  'l.messenger.com': ['u'],
  'l.threads.net': ['u'],
  'l.wl.co': ['u'],
  'out.reddit.com': ['url'],
  'google.com/url': ['url', 'q'],
  'youtube.com/redirect': ['q'],
  'away.vk.com': ['to'],
  'href.li': [],
};

const SEARCH_ENGINES: ReadonlyArray<{ pattern: RegExp; name: string; queryKeys: readonly string[] }> = [
  { pattern: /(^|\.)google\.[a-z.]+$/, name: 'google', queryKeys: ['q'] },
  { pattern: /(^|\.)bing\.com$/, name: 'bing', queryKeys: ['q'] },
  { pattern: /(^|\.)duckduckgo\.com$/, name: 'duckduckgo', queryKeys: ['q'] },
  { pattern: /(^|\.)search\.yahoo\.[a-z.]+$|(^|\.)yahoo\.com$/, name: 'yahoo', queryKeys: ['p', 'q'] },
  { pattern: /(^|\.)baidu\.com$/, name: 'baidu', queryKeys: ['wd', 'word'] },
  { pattern: /(^|\.)yandex\.[a-z.]+$/, name: 'yandex', queryKeys: ['text'] },
  { pattern: /(^|\.)ecosia\.org$/, name: 'ecosia', queryKeys: ['q'] },
  { pattern: /(^|\.)search\.brave\.com$/, name: 'brave', queryKeys: ['q'] },
  { pattern: /(^|\.)startpage\.com$/, name: 'startpage', queryKeys: ['query', 'q'] },
  { pattern: /(^|\.)qwant\.com$/, name: 'qwant', queryKeys: ['q'] },
  { pattern: /(^|\.)perplexity\.ai$/, name: 'perplexity', queryKeys: ['q'] },
];

/** Canonical creator handle: NFKC, lower case, no `@`, only letters, digits, `.`, `_` and `-` (emoji dropped). */
export function normalizeHandle(raw: string): string {
  const text = cleanText(decodeComponent(raw)).normalize('NFKC').toLowerCase();
  return text.replace(/^@+/, '').replace(/[^\p{L}\p{N}._-]+/gu, '').replace(/^[._-]+|[._-]+$/g, '');
}

/** The search engine a host belongs to, or undefined. */
export function searchEngineOf(host: string): (typeof SEARCH_ENGINES)[number] | undefined {
  for (const engine of SEARCH_ENGINES) if (engine.pattern.test(host)) return engine;
  return undefined;
}

const EMPTY_REFERRER: ParsedReferrer = Object.freeze({ host: '', handle: '', targetUrl: '', searchEngine: '', searchQuery: '', linkInBio: false, malformed: false });

/**
 * Values analytics tools and CRM exports write into a referrer field to say there was none:
 * GA's "(direct)" / "(none)" / "(not set)", HubSpot's DIRECT_TRAFFIC, Mixpanel's "$direct", and
 * the usual blanks. They mean "no referrer" (a direct visit), not an unreadable one.
 */
const NO_REFERRER = new Set(['(direct)', 'direct', '(none)', 'none', '(not set)', 'not set', 'direct_traffic', 'direct traffic', '$direct', '-', 'null', 'undefined', 'n/a', 'na', 'typein', 'type-in', 'bookmark']);

/** A referrer given as a search engine's bare name ("google", "Bing"), as some exports write the source. */
const BARE_ENGINE_NAMES = new Set(['google', 'bing', 'duckduckgo', 'yahoo', 'baidu', 'yandex', 'ecosia']);

/** The parameters a redirector (l.instagram.com, google.com/url, ...) carries its target in; undefined for other pages. */
function redirectKeysOf(host: string, path: string): readonly string[] | undefined {
  return REDIRECT_PARAMETERS[host] ?? REDIRECT_PARAMETERS[host + path] ?? (host.startsWith('l.') || host.startsWith('out.') ? ['u', 'url', 'q', 'to'] : undefined);
}

/** Whether a page (host without `www.`, path) is a redirector whose target parseReferrer unwraps. */
export function isRedirector(host: string, path: string): boolean {
  return redirectKeysOf(host, path) !== undefined;
}

function looksLikeUrl(value: string): boolean {
  return /^(https?:)?\/\//i.test(value) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(value);
}

/**
 * Parses a referrer: unwraps redirectors (the target URL often still carries the creator's utm
 * tags), reads the handle of link-in-bio and profile pages, and recognises search engines.
 * Never throws.
 */
export function parseReferrer(rawReferrer: string): ParsedReferrer {
  const cleaned = cleanText(rawReferrer);
  const lower = cleaned.toLowerCase();
  if (cleaned === '' || NO_REFERRER.has(lower)) return EMPTY_REFERRER;
  const referrer = BARE_ENGINE_NAMES.has(lower) ? `https://www.${lower}.com/` : cleaned;
  const parameters = new Map<string, string>();
  const queryStart = forEachQueryParameter(referrer, (rawKey, rawValue) => {
    const key = normalizeQueryKey(rawKey);
    if (!parameters.has(key)) parameters.set(key, rawValue);
  });
  const { host, path, malformed } = splitHostAndPath(referrer, queryStart);
  let targetUrl = '';
  const redirectKeys = redirectKeysOf(host, path);
  if (redirectKeys) {
    for (const key of redirectKeys) {
      const value = parameters.get(key);
      if (value === undefined) continue;
      const decoded = cleanText(decodeComponent(value));
      if (looksLikeUrl(decoded)) {
        targetUrl = decoded;
        break;
      }
    }
  }
  const engine = searchEngineOf(host);
  let searchQuery = '';
  if (engine && targetUrl === '') {
    for (const key of engine.queryKeys) {
      const value = parameters.get(key);
      if (value) {
        searchQuery = cleanText(decodeComponent(value)).toLowerCase();
        break;
      }
    }
  }
  let handle = '';
  let linkInBio = false;
  const firstSegment = path.split('/')[1] ?? '';
  if (LINK_IN_BIO_HOSTS.has(host)) {
    linkInBio = true;
    handle = normalizeHandle(firstSegment);
  } else {
    const subdomainHost = SUBDOMAIN_HANDLE_HOSTS.find((suffix) => host.endsWith(suffix));
    if (subdomainHost) {
      linkInBio = true;
      handle = normalizeHandle(host.slice(0, host.length - subdomainHost.length));
    } else if (PROFILE_HOSTS.has(host.replace(/^(m|mobile|vm)\./, '')) && firstSegment !== '' && !NOT_HANDLES.has(firstSegment) && targetUrl === '') {
      handle = normalizeHandle(firstSegment);
    }
  }
  return { host, handle, targetUrl, searchEngine: engine && targetUrl === '' ? engine.name : '', searchQuery, linkInBio, malformed };
}
