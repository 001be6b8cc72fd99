import { cleanText } from '../utm/decodeComponent';
import type { CampaignCatalog } from './campaignCatalog';
import { editDistance } from './editDistance';
import { compareText } from '../util/compareText';

/**
 * Canonical promo code: NFKC, upper case, only letters and digits, and the two confusions people
 * make copying a code from a video or a podcast: letter O read as zero, letter I as one.
 * `maya 1O` and `MAYA-10` both become `MAYA10`.
 */
export function canonicalPromoCode(raw: string): string {
  return cleanText(raw)
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/O/g, '0')
    .replace(/I/g, '1');
}

/** Campaign codes shorter than this are never matched one edit away: too many neighbours. */
const MIN_LENGTH_FOR_ONE_EDIT = 5;

export interface PromoCodeMatch {
  /** Campaigns owning the matched code (several when campaigns share a code). */
  readonly campaigns: readonly number[];
  readonly canonical: string;
  /** The matched code as its campaigns list it (`NORA10`, not the canonical `N0RA10`); several joined by " or ". */
  readonly listed: string;
  /** 0 for the same canonical code, 1 for one edit away. */
  readonly edits: 0 | 1;
  /** The code is one word of what was typed ("code MAYA10", "maya10 from youtube"). */
  readonly partOfText?: boolean;
}

/** A typed word shorter than this (canonical) is never taken for a code on its own. */
const MIN_WORD_LENGTH = 4;

/**
 * Matches a typed code: the same canonical code, else the single code one edit (insertion,
 * deletion, substitution, adjacent transposition) away. Several codes one edit away are ambiguous
 * (`ambiguous`) unless they all belong to one creator's campaigns (`NORA0` for NORA10 or NORA20):
 * the creator is then certain, and the match lists every one of those campaigns for the time of
 * the touch to choose among, as a landing page shared by a creator's campaigns does. Nothing
 * close returns undefined.
 */
export function matchPromoCode(catalog: CampaignCatalog, typed: string): PromoCodeMatch | 'ambiguous' | undefined {
  const whole = matchWholeCode(catalog, typed);
  return whole !== undefined ? whole : matchWordOfText(catalog, typed);
}

/**
 * A code typed with other words around it ("code: MAYA10", "MAYA10 from the podcast"): the words
 * (and pairs of neighbouring words, for a code typed with a space) that are a campaign's code
 * exactly. One code found: that code; several different ones: ambiguous.
 */
function matchWordOfText(catalog: CampaignCatalog, typed: string): PromoCodeMatch | 'ambiguous' | undefined {
  const words = cleanText(typed).split(/[\s,;:|/()"'!?.]+/u).filter((word) => word !== '');
  if (words.length < 2) return undefined;
  let found: PromoCodeMatch | undefined;
  for (let start = 0; start < words.length; start++) {
    for (const length of [1, 2]) {
      if (start + length > words.length) continue;
      const canonical = canonicalPromoCode(words.slice(start, start + length).join(''));
      if (canonical.length < MIN_WORD_LENGTH) continue;
      const campaigns = catalog.byPromoCode.get(canonical);
      if (!campaigns) continue;
      if (found && found.canonical !== canonical) return 'ambiguous';
      found = { campaigns, canonical, listed: listedCode(catalog, campaigns, canonical), edits: 0, partOfText: true };
    }
  }
  return found;
}

function matchWholeCode(catalog: CampaignCatalog, typed: string): PromoCodeMatch | 'ambiguous' | undefined {
  const canonical = canonicalPromoCode(typed);
  if (canonical === '') return undefined;
  const exact = catalog.byPromoCode.get(canonical);
  if (exact) return { campaigns: exact, canonical, listed: listedCode(catalog, exact, canonical), edits: 0 };
  if (canonical.length < MIN_LENGTH_FOR_ONE_EDIT - 1) return undefined;
  const near: Array<CampaignCatalog['promoCodes'][number]> = [];
  for (const entry of catalog.promoCodes) {
    if (entry.code.length < MIN_LENGTH_FOR_ONE_EDIT || Math.abs(entry.code.length - canonical.length) > 1) continue;
    if (editDistance(canonical, entry.code, 1) <= 1) near.push(entry);
  }
  if (near.length === 0) return undefined;
  if (near.length === 1) return { campaigns: near[0].campaigns, canonical: near[0].code, listed: listedCode(catalog, near[0].campaigns, near[0].code), edits: 1 };
  // In the order of the codes, not of the campaigns' rows: the explanation reads the same however campaigns.csv is ordered.
  near.sort((left, right) => compareText(left.code, right.code));
  const campaigns = near.flatMap((entry) => entry.campaigns);
  const creator = catalog.campaigns[campaigns[0]].influencer_id;
  if (creator === '' || campaigns.some((index) => catalog.campaigns[index].influencer_id !== creator)) return 'ambiguous';
  return {
    campaigns: [...new Set(campaigns)].sort((left, right) => left - right),
    canonical: near.map((entry) => entry.code).join(' or '),
    listed: near.map((entry) => listedCode(catalog, entry.campaigns, entry.code)).join(' or '),
    edits: 1,
  };
}

/** How the first of `campaigns` lists the code whose canonical form is `canonical`. */
function listedCode(catalog: CampaignCatalog, campaigns: readonly number[], canonical: string): string {
  return catalog.campaigns[campaigns[0]].promo_codes.find((code) => canonicalPromoCode(code) === canonical)?.trim() ?? canonical;
}
