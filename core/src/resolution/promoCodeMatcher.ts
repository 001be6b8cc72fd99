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
}

/**
 * Matches a typed code: the same canonical code, else the single code one edit (insertion,
 * deletion, substitution, adjacent transposition) away. Two codes one edit away is ambiguous and
 * returns `ambiguous`; nothing close returns undefined.
 */
export function matchPromoCode(catalog: CampaignCatalog, typed: string): PromoCodeMatch | 'ambiguous' | undefined {
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
