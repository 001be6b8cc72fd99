import { canonicalSlug, compactSlug } from '../utm/slug';
import type { CampaignCatalog } from './campaignCatalog';
import { editDistance } from './editDistance';

/** How a utm_campaign value matched a campaign tag. */
export type TagMatchKind = 'exact' | 'normalized' | 'fuzzy_tag';

export interface TagMatch {
  readonly campaignIndex: number;
  readonly kind: TagMatchKind;
  /** Prior probability that this kind of match names the right campaign (see docs/utm-and-resolution.md). */
  readonly confidence: number;
  /** Why, for the explanation: "upper case", "suffix -story added", "1 typo"... */
  readonly how: string;
}

export type TagMatchResult = TagMatch | { readonly campaignIndex: -1; readonly reason: 'unknown' | 'ambiguous'; readonly candidates: readonly number[] };

/**
 * Prior confidence of each fuzzy rule: how often, in tagged creator traffic, a tag transformed
 * this way comes from the campaign it resembles rather than from an unrelated tag. These are
 * priors, not fitted values; they order the rules and feed the calibration check in `score`.
 */
export const TAG_CONFIDENCE = {
  exact: 0.999,
  normalized: 0.995,
  compact: 0.99,
  affix: 0.98,
  truncated: 0.95,
  oneEdit: 0.96,
  twoEdits: 0.9,
  affixAndEdit: 0.9,
} as const;

/** Other utm fields a touch carries, to tell apart campaigns that share one utm_campaign. */
export interface TagContext {
  readonly source: string;
  readonly medium: string;
  readonly content: string;
}

/**
 * Picks, among campaigns sharing a tag, the one whose other utm fields agree with the touch:
 * each agreeing field +1, each contradicting field -1 (a field empty on either side says nothing).
 * Returns -1 when the best score is shared.
 */
export function disambiguateByFields(catalog: CampaignCatalog, candidates: readonly number[], context: TagContext): number {
  if (candidates.length === 1) return candidates[0];
  const source = canonicalSlug(context.source);
  const medium = canonicalSlug(context.medium);
  const content = canonicalSlug(context.content);
  let best = -1;
  let bestScore = -Infinity;
  let tie = false;
  for (const index of candidates) {
    let score = 0;
    const compare = (touchValue: string, campaignValue: string): void => {
      if (touchValue === '' || campaignValue === '') return;
      score += touchValue === campaignValue ? 1 : -1;
    };
    compare(source, catalog.sourceSlugs[index]);
    compare(medium, catalog.mediumSlugs[index]);
    compare(content, catalog.contentSlugs[index]);
    if (score > bestScore) {
      bestScore = score;
      best = index;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return tie ? -1 : best;
}

function maxEditsFor(length: number): number {
  if (length < 5) return 0;
  return length <= 10 ? 1 : 2;
}

interface FuzzyCandidate {
  campaigns: readonly number[];
  slugLength: number;
  confidence: number;
  how: string;
}

/** Fuzzy rules over slugs, strongest first; see TAG_CONFIDENCE. */
function fuzzyCandidates(catalog: CampaignCatalog, slug: string): FuzzyCandidate[] {
  const compact = compactSlug(slug);
  const found: FuzzyCandidate[] = [];
  const tokens = slug.split('-');
  const withoutLastToken = tokens.length > 1 ? compactSlug(tokens.slice(0, -1).join('-')) : '';
  const withoutFirstToken = tokens.length > 1 ? compactSlug(tokens.slice(1).join('-')) : '';
  for (const entry of catalog.slugs) {
    const target = entry.slug;
    let confidence = 0;
    let how = '';
    if (compact === entry.compact) {
      confidence = TAG_CONFIDENCE.compact;
      how = 'separators differ';
    } else if (slug.startsWith(target + '-')) {
      confidence = TAG_CONFIDENCE.affix;
      how = `suffix "${slug.slice(target.length)}" added`;
    } else if (slug.endsWith('-' + target)) {
      confidence = TAG_CONFIDENCE.affix;
      how = `prefix "${slug.slice(0, slug.length - target.length)}" added`;
    } else if ((target.startsWith(slug) || entry.compact.startsWith(compact)) && compact.length >= Math.max(5, Math.ceil(entry.compact.length * 0.5))) {
      // Cut short, with or without its separators ("maya-spr", "mayaspring" for maya-spring-2025).
      confidence = TAG_CONFIDENCE.truncated;
      how = 'truncated';
    } else {
      const limit = maxEditsFor(entry.compact.length);
      if (limit > 0) {
        const distance = editDistance(compact, entry.compact, limit);
        if (distance <= limit) {
          confidence = distance === 1 ? TAG_CONFIDENCE.oneEdit : TAG_CONFIDENCE.twoEdits;
          how = distance === 1 ? '1 typo' : `${distance} typos`;
        } else if (
          (withoutLastToken !== '' && editDistance(withoutLastToken, entry.compact, 1) <= 1) ||
          (withoutFirstToken !== '' && editDistance(withoutFirstToken, entry.compact, 1) <= 1)
        ) {
          confidence = TAG_CONFIDENCE.affixAndEdit;
          how = 'affix added and 1 typo';
        }
      }
    }
    if (confidence > 0) found.push({ campaigns: entry.campaigns, slugLength: target.length, confidence, how });
  }
  return found;
}

/**
 * Resolves a utm_campaign value: exact, then the same canonical slug, then fuzzy (separators,
 * added prefix or suffix such as `-story`, truncation, typos). A fuzzy match must be the single
 * best candidate: equal-strength candidates are refused as ambiguous. Campaigns sharing a tag are
 * told apart by utm_source, utm_medium and utm_content.
 */
export function matchTag(catalog: CampaignCatalog, tag: string, context: TagContext): TagMatchResult {
  const exact = catalog.byExactTag.get(tag);
  if (exact) {
    const index = disambiguateByFields(catalog, exact, context);
    if (index >= 0) return { campaignIndex: index, kind: 'exact', confidence: TAG_CONFIDENCE.exact, how: 'exact' };
    return { campaignIndex: -1, reason: 'ambiguous', candidates: exact };
  }
  const slug = canonicalSlug(tag);
  if (slug === '') return { campaignIndex: -1, reason: 'unknown', candidates: [] };
  const normalized = catalog.bySlug.get(slug);
  if (normalized) {
    const index = disambiguateByFields(catalog, normalized, context);
    if (index >= 0) return { campaignIndex: index, kind: 'normalized', confidence: TAG_CONFIDENCE.normalized, how: 'case, spacing or encoding differ' };
    return { campaignIndex: -1, reason: 'ambiguous', candidates: normalized };
  }
  const candidates = fuzzyCandidates(catalog, slug);
  if (candidates.length === 0) return { campaignIndex: -1, reason: 'unknown', candidates: [] };
  // Strongest rule first; among equally strong affix matches the longest campaign slug is the most specific.
  candidates.sort((left, right) => right.confidence - left.confidence || right.slugLength - left.slugLength);
  const [best, second] = candidates;
  if (second && second.confidence === best.confidence && second.slugLength === best.slugLength) {
    return { campaignIndex: -1, reason: 'ambiguous', candidates: [...best.campaigns, ...second.campaigns] };
  }
  const index = disambiguateByFields(catalog, best.campaigns, context);
  if (index < 0) return { campaignIndex: -1, reason: 'ambiguous', candidates: best.campaigns };
  // A weaker runner-up means the tag also resembles another campaign: a little less sure.
  const confidence = second ? best.confidence * 0.95 : best.confidence;
  return { campaignIndex: index, kind: 'fuzzy_tag', confidence, how: best.how };
}
