import type { Campaign } from '../schemas/campaign';
import { withoutIndexFile } from '../utm/parseUrl';
import { normalizeHandle } from '../utm/referrer';
import { canonicalSlug, compactSlug } from '../utm/slug';
import { canonicalPromoCode } from './promoCodeMatcher';

/** Campaigns indexed by every form of evidence a touchpoint can carry. Built once per resolve. */
export interface CampaignCatalog {
  readonly campaigns: readonly Campaign[];
  /** utm_campaign exactly as configured → campaigns using it. */
  readonly byExactTag: ReadonlyMap<string, readonly number[]>;
  /** Canonical slug of utm_campaign → campaigns. */
  readonly bySlug: ReadonlyMap<string, readonly number[]>;
  /**
   * Canonical slugs of campaign names and ids that no campaign uses as its tag → campaigns:
   * people paste the campaign's name ("Maya × Acme spring") or its CRM id into utm_campaign.
   */
  readonly byNameSlug: ReadonlyMap<string, readonly number[]>;
  readonly byIdSlug: ReadonlyMap<string, readonly number[]>;
  /** Distinct tag slugs with their compact form, for fuzzy matching. */
  readonly slugs: ReadonlyArray<{ slug: string; compact: string; words: readonly string[]; sortedWords: string; campaigns: readonly number[] }>;
  /** Every word of every tag slug: a word some campaign's tag has is no added suffix (tagMatcher). */
  readonly tagWords: ReadonlySet<string>;
  /** Canonical slugs of utm_source, utm_medium, utm_content per campaign ('' when unset). */
  readonly sourceSlugs: readonly string[];
  readonly mediumSlugs: readonly string[];
  readonly contentSlugs: readonly string[];
  /** Normalised creator handle → that creator's campaigns. */
  readonly byHandle: ReadonlyMap<string, readonly number[]>;
  /** Canonical promo code → campaigns. */
  readonly byPromoCode: ReadonlyMap<string, readonly number[]>;
  readonly promoCodes: ReadonlyArray<{ code: string; campaigns: readonly number[] }>;
  /** Landing path used by one campaign, or only by campaigns of one creator (never the site root) → those campaigns. */
  readonly byLandingPath: ReadonlyMap<string, readonly number[]>;
  /** Slugs of every branded search term of every campaign. */
  readonly brandTermSlugs: readonly string[];
  /**
   * Branded terms listed only by campaigns of one creator ("maya acme"): a search with one of
   * them names that creator. Terms shared by several creators' campaigns are plain brand terms.
   */
  readonly creatorTerms: ReadonlyArray<{ slug: string; campaigns: readonly number[] }>;
  /** Display names. */
  readonly labels: readonly string[];
}

function addTo<Key>(map: Map<Key, number[]>, key: Key, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else if (!list.includes(index)) list.push(index);
}

/** Lower-case path of a configured landing URL, without query, fragment, trailing slash or index page. */
export function landingPathOf(landingUrl: string): string {
  let text = landingUrl.trim().toLowerCase();
  if (text === '') return '';
  const cut = text.search(/[?#]/);
  if (cut >= 0) text = text.slice(0, cut);
  const scheme = text.indexOf('://');
  if (scheme >= 0) text = text.slice(scheme + 3);
  const slash = text.indexOf('/');
  return withoutIndexFile(slash < 0 ? '/' : text.slice(slash));
}

export function buildCampaignCatalog(campaigns: readonly Campaign[]): CampaignCatalog {
  const byExactTag = new Map<string, number[]>();
  const bySlug = new Map<string, number[]>();
  const byHandle = new Map<string, number[]>();
  const byPromoCode = new Map<string, number[]>();
  const pathUsers = new Map<string, number[]>();
  const brandTerms = new Set<string>();
  const campaignsOfTerm = new Map<string, number[]>();
  campaigns.forEach((campaign, index) => {
    if (campaign.utm_campaign !== '') {
      addTo(byExactTag, campaign.utm_campaign, index);
      const slug = canonicalSlug(campaign.utm_campaign);
      if (slug !== '') addTo(bySlug, slug, index);
    }
    const handle = normalizeHandle(campaign.influencer_handle);
    if (handle !== '') addTo(byHandle, handle, index);
    for (const code of campaign.promo_codes) {
      const canonical = canonicalPromoCode(code);
      if (canonical !== '') addTo(byPromoCode, canonical, index);
    }
    const path = landingPathOf(campaign.landing_url);
    if (path !== '' && path !== '/') addTo(pathUsers, path, index);
    for (const term of campaign.branded_terms) {
      const slug = canonicalSlug(term);
      if (slug !== '') {
        brandTerms.add(slug);
        addTo(campaignsOfTerm, slug, index);
      }
    }
  });
  // Names and ids only where they are nobody's tag: a tag always means its own campaign.
  const byNameSlug = new Map<string, number[]>();
  const byIdSlug = new Map<string, number[]>();
  campaigns.forEach((campaign, index) => {
    const name = canonicalSlug(campaign.name);
    if (name !== '' && !bySlug.has(name)) addTo(byNameSlug, name, index);
    const id = canonicalSlug(campaign.campaign_id);
    if (id !== '' && !bySlug.has(id)) addTo(byIdSlug, id, index);
  });
  const byLandingPath = new Map<string, number[]>();
  for (const [path, users] of pathUsers) {
    const creator = campaigns[users[0]].influencer_id;
    if (users.length === 1 || (creator !== '' && users.every((index) => campaigns[index].influencer_id === creator))) byLandingPath.set(path, users);
  }
  return {
    campaigns,
    byExactTag,
    bySlug,
    byNameSlug,
    byIdSlug,
    slugs: [...bySlug].map(([slug, list]) => {
      const words = slug.split('-');
      return { slug, compact: compactSlug(slug), words, sortedWords: [...words].sort().join('-'), campaigns: list };
    }),
    tagWords: new Set([...bySlug.keys()].flatMap((slug) => slug.split('-'))),
    sourceSlugs: campaigns.map((campaign) => canonicalSlug(campaign.utm_source)),
    mediumSlugs: campaigns.map((campaign) => canonicalSlug(campaign.utm_medium)),
    contentSlugs: campaigns.map((campaign) => canonicalSlug(campaign.utm_content)),
    byHandle,
    byPromoCode,
    promoCodes: [...byPromoCode].map(([code, list]) => ({ code, campaigns: list })),
    byLandingPath,
    brandTermSlugs: [...brandTerms],
    creatorTerms: [...campaignsOfTerm]
      .filter(([, users]) => {
        const creator = campaigns[users[0]].influencer_id;
        return creator !== '' && users.every((index) => campaigns[index].influencer_id === creator) && users.length < campaigns.length;
      })
      .map(([slug, users]) => ({ slug, campaigns: users })),
    labels: campaigns.map((campaign) => campaign.name || campaign.campaign_id),
  };
}

/**
 * Among campaigns sharing one piece of evidence (a creator handle, a promo code), the one running
 * at `occurredAt`: inside [start_at, end_at], else the latest started before, else the earliest.
 * Returns the index and whether the choice was clear (exactly one running or only one candidate).
 */
export function campaignAtTime(campaigns: readonly Campaign[], candidates: readonly number[], occurredAt: number): { index: number; clear: boolean } {
  if (candidates.length === 1) return { index: candidates[0], clear: true };
  const running = candidates.filter((index) => {
    const { start_at: startAt, end_at: endAt } = campaigns[index];
    return (startAt === null || startAt <= occurredAt) && (endAt === null || occurredAt <= endAt);
  });
  if (running.length === 1) return { index: running[0], clear: true };
  const pool = running.length > 1 ? running : candidates;
  let best = -1;
  let bestStart = -Infinity;
  for (const index of pool) {
    const startAt = campaigns[index].start_at ?? -Infinity;
    if (startAt <= occurredAt && startAt >= bestStart) {
      best = index;
      bestStart = startAt;
    }
  }
  if (best < 0) {
    best = pool[0];
    for (const index of pool) if ((campaigns[index].start_at ?? Infinity) < (campaigns[best].start_at ?? Infinity)) best = index;
  }
  return { index: best, clear: false };
}
