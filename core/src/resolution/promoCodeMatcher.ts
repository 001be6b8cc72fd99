import { cleanText } from '../utm/decodeComponent';
import type { CampaignCatalog } from './campaignCatalog';
import { editDistance } from './editDistance';

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
  /** 0 for the same canonical code, 1 for one edit away. */
  readonly edits: 0 | 1;
  /** The code is one word of what was typed ("code MAYA10", "maya10 from youtube"). */
  readonly partOfText?: boolean;
}

/** A typed word shorter than this (canonical) is never taken for a code on its own. */
const MIN_WORD_LENGTH = 4;

/**
 * Matches a typed code: the same canonical code, else the single code one edit (insertion,
 * deletion, substitution, adjacent transposition) away. Two codes one edit away is ambiguous and
 * returns `ambiguous`; nothing close returns undefined.
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
      found = { campaigns, canonical, edits: 0, partOfText: true };
    }
  }
  return found;
}

function matchWholeCode(catalog: CampaignCatalog, typed: string): PromoCodeMatch | 'ambiguous' | undefined {
  const canonical = canonicalPromoCode(typed);
  if (canonical === '') return undefined;
  const exact = catalog.byPromoCode.get(canonical);
  if (exact) return { campaigns: exact, canonical, edits: 0 };
  if (canonical.length < MIN_LENGTH_FOR_ONE_EDIT - 1) return undefined;
  let found: PromoCodeMatch | undefined;
  for (const entry of catalog.promoCodes) {
    if (entry.code.length < MIN_LENGTH_FOR_ONE_EDIT || Math.abs(entry.code.length - canonical.length) > 1) continue;
    if (editDistance(canonical, entry.code, 1) <= 1) {
      if (found) return 'ambiguous';
      found = { campaigns: entry.campaigns, canonical: entry.code, edits: 1 };
    }
  }
  return found;
}
