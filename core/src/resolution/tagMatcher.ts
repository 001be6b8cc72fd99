import { canonicalSlug, compactSlug } from '../utm/slug';
import type { CampaignCatalog } from './campaignCatalog';
import { editDistance } from './editDistance';
import { scrambledMatch, type ScrambledRule } from './scrambledTag';

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

/**
 * A tag that names a creator but not which of their campaigns: campaigns of one creator share it
 * (a link reused from season to season), or it resembles several of theirs about equally (cut
 * before the season's word). The time of the touch chooses among `candidates`, as for a landing
 * page or promo code a creator's campaigns share.
 */
export interface CreatorTagMatch {
  readonly campaignIndex: -1;
  readonly reason: 'creator';
  readonly candidates: readonly number[];
  readonly kind: TagMatchKind;
  readonly confidence: number;
  readonly how: string;
}

export type TagMatchResult = TagMatch | CreatorTagMatch | { readonly campaignIndex: -1; readonly reason: 'unknown' | 'ambiguous'; readonly candidates: readonly number[] };

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
  /** The same words in another order ("spring-2025-maya"). */
  reordered: 0.97,
  /** Cut short and one typo ("maya-sprnig" for maya-spring-2025). */
  truncatedAndEdit: 0.88,
  /** Separators removed and a word added ("mayaspring2025story"). */
  joinedAffix: 0.95,
  /** A word added in front and cut short ("ig-maya-spr"). */
  affixAndTruncated: 0.9,
  /** Words reordered and one added ("spring-maya-2025-story"; scrambledTag.ts). */
  reorderedAffix: 0.93,
  /** Words reordered and one mistyped ("spring-mya-2025"). */
  reorderedEdit: 0.88,
  /** Words reordered and cut short ("spring-2025-ma"). */
  reorderedTruncated: 0.88,
  /** Words reordered and run together ("springmaya2025"). */
  reorderedJoined: 0.93,
} as const;

type FuzzyRule =
  | 'compact'
  | 'affix'
  | 'joinedAffix'
  | 'reordered'
  | 'truncated'
  | 'oneEdit'
  | 'twoEdits'
  | 'affixAndEdit'
  | 'affixAndTruncated'
  | 'truncatedAndEdit'
  | ScrambledRule;

/**
 * How likely each kind of damage is to turn a campaign's tag into one exact text, to order the
 * campaigns a tag resembles: dropping separators gives one text; an added word or a cut gives one
 * of a few (which word, where the cut falls); a typo one of hundreds (which letter, which key); two
 * typos one of tens of thousands. Orders of magnitude, not fitted values: newsletter-2025-0 is cut
 * from nine newsletters (each about 10⁻²) far likelier than mistyped from newsletter-2025-10 (10⁻⁴),
 * and newsletter202503 is newsletter-2025-03 without separators, not newsletter-2025-04 mistyped.
 */
const TAG_LIKELIHOOD: Record<FuzzyRule, number> = {
  compact: 5e-2,
  affix: 1e-2,
  truncated: 1e-2,
  reordered: 2e-3,
  joinedAffix: 1e-3,
  oneEdit: 1e-4,
  affixAndTruncated: 1e-5,
  // Two damages: the product of the two (reordered 2e-3 with the other's).
  reorderedJoined: 1e-4,
  reorderedAffix: 2e-5,
  reorderedTruncated: 2e-5,
  affixAndEdit: 1e-6,
  truncatedAndEdit: 1e-6,
  reorderedEdit: 2e-7,
  twoEdits: 1e-8,
};

/**
 * A fuzzy match is refused when the other campaigns the tag resembles are together at least this
 * likely to be meant (TAG_LIKELIHOOD): equally likely rivals, or many a little less likely.
 */
const RIVAL_SHARE = 0.5;

/** Whole words an affix may add on each side of a tag that also has a typo. */
const MAXIMUM_AFFIX_WORDS = 3;

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
  slug: string;
  rule: FuzzyRule;
  how: string;
}

/**
 * The tag's compact cores once whole words are cut from its ends (at most MAXIMUM_AFFIX_WORDS on
 * each side, at least one word in all): what is left of `ig-maya-sprnig-2025-reel` when `ig` and
 * `reel` are taken for an added prefix and suffix.
 */
function affixCores(words: readonly string[]): string[] {
  const cores: string[] = [];
  for (let front = 0; front <= MAXIMUM_AFFIX_WORDS; front++) {
    for (let back = 0; back <= MAXIMUM_AFFIX_WORDS; back++) {
      if (front + back === 0 || front + back >= words.length) continue;
      cores.push(words.slice(front, words.length - back).join(''));
    }
  }
  return cores;
}

/** Whether `text` is a beginning of `target` long enough to say which (half of it, and 5 characters), and not all of it. */
function isCutFrom(text: string, target: string): boolean {
  return text.length >= Math.max(5, Math.ceil(target.length * 0.5)) && text.length < target.length && target.startsWith(text);
}

/**
 * What may be left of a campaign's tag cut short, once the words added around it are taken off
 * (up to MAXIMUM_AFFIX_WORDS each side, run together): "maya-spring-20-story" leaves `mayaspring20`,
 * a suffix added after a bio's limit cut the tag. The added words must be no campaign's tag words
 * (`tagWords`): `newslette-2025-06` is newsletter-2025-06 mistyped, not `newslette` cut from any
 * newsletter with two words added, and `newsletter-202-02` is newsletter-2025-02 with a letter
 * lost, not another newsletter cut with `02` added. The same for every campaign: once per tag.
 */
function coresAfterAddedWords(words: readonly string[], tagWords: ReadonlySet<string>): string[] {
  const cores: string[] = [];
  for (let front = 0; front <= MAXIMUM_AFFIX_WORDS; front++) {
    for (let back = 0; back <= MAXIMUM_AFFIX_WORDS; back++) {
      if (front + back === 0 || front + back >= words.length) continue;
      const added = [...words.slice(0, front), ...words.slice(words.length - back)];
      if (!added.some((word) => tagWords.has(word))) cores.push(words.slice(front, words.length - back).join(''));
    }
  }
  return cores;
}

/** Whether one of `cores` (coresAfterAddedWords) is the campaign's tag cut inside a word (a cut between words is not taken: `newsletter` would fit any newsletter). */
function cutThenAffixed(cores: readonly string[], campaignCompact: string, campaignWords: readonly string[]): boolean {
  return cores.some((core) => isCutFrom(core, campaignCompact) && !endsBetweenWords(core.length, campaignWords));
}

/** Whether the first `length` characters of the words run together end where a word ends. */
function endsBetweenWords(length: number, words: readonly string[]): boolean {
  let end = 0;
  for (const word of words) {
    end += word.length;
    if (end >= length) return end === length;
  }
  return true;
}

/** Whether `text` is at most one edit from some beginning of `target` (cut short and mistyped). */
function oneEditFromAPrefix(text: string, target: string): boolean {
  for (let length = text.length - 1; length <= text.length + 1; length++) {
    if (length < 1 || length >= target.length) continue;
    if (editDistance(text, target.slice(0, length), 1) <= 1) return true;
  }
  return false;
}

/** Fuzzy rules over slugs, strongest first (the first that fits a campaign's slug counts); see TAG_CONFIDENCE. */
function fuzzyCandidates(catalog: CampaignCatalog, slug: string): FuzzyCandidate[] {
  const compact = compactSlug(slug);
  const found: FuzzyCandidate[] = [];
  const words = slug.split('-');
  const sortedWords = [...words].sort().join('-');
  const cores = affixCores(words);
  const cutCores = coresAfterAddedWords(words, catalog.tagWords);
  // A cut-short tag can only have gained a word in front ("ig-maya-spr").
  const afterFirstWord = words.length > 1 ? words.slice(1).join('') : '';
  for (const entry of catalog.slugs) {
    const target = entry.slug;
    let rule: FuzzyRule | undefined;
    let how = '';
    if (compact === entry.compact) {
      rule = 'compact';
      how = 'separators differ';
    } else if (slug.startsWith(target + '-')) {
      rule = 'affix';
      how = `suffix "${slug.slice(target.length)}" added`;
    } else if (slug.endsWith('-' + target)) {
      rule = 'affix';
      how = `prefix "${slug.slice(0, slug.length - target.length)}" added`;
    } else if (slug.includes('-' + target + '-')) {
      const at = slug.indexOf('-' + target + '-');
      rule = 'affix';
      how = `prefix "${slug.slice(0, at + 1)}" and suffix "${slug.slice(at + 1 + target.length)}" added`;
    } else if (cores.includes(entry.compact)) {
      // Words added around a tag written without its separators ("mayaspring2025-story").
      rule = 'affix';
      how = 'words added';
    } else if (entry.compact.length >= 8 && compact.length > entry.compact.length && (compact.startsWith(entry.compact) || compact.endsWith(entry.compact))) {
      // Everything run together, a word added ("mayaspring2025story").
      rule = 'joinedAffix';
      how = 'words added, separators removed';
    } else if (words.length > 1 && sortedWords === entry.sortedWords) {
      rule = 'reordered';
      how = 'words reordered';
    } else if ((target.startsWith(slug) || entry.compact.startsWith(compact)) && compact.length >= Math.max(5, Math.ceil(entry.compact.length * 0.5))) {
      // Cut short, with or without its separators ("maya-spr", "mayaspring" for maya-spring-2025).
      rule = 'truncated';
      how = 'truncated';
    } else {
      // Two damages, or a typo: several may explain the tag; the likeliest one counts (a tag two
      // typos from newsletter-2025-01 and one typo plus a word from newsletter-2025-10 is not
      // therefore 10's: a cut plus the word fits 01-09 better still).
      const fits: Array<{ rule: FuzzyRule; how: string }> = [];
      const limit = maxEditsFor(entry.compact.length);
      if (limit > 0) {
        const distance = editDistance(compact, entry.compact, limit);
        if (distance === 1) fits.push({ rule: 'oneEdit', how: '1 typo' });
        else if (distance <= limit) fits.push({ rule: 'twoEdits', how: `${distance} typos` });
        if (cores.some((core) => core.length >= 5 && editDistance(core, entry.compact, 1) <= 1)) fits.push({ rule: 'affixAndEdit', how: 'affix added and 1 typo' });
        if (isCutFrom(afterFirstWord, entry.compact)) {
          fits.push({ rule: 'affixAndTruncated', how: 'prefix added and truncated' });
        } else if (cutThenAffixed(cutCores, entry.compact, entry.words)) {
          fits.push({ rule: 'affixAndTruncated', how: 'truncated and words added' });
        }
        if (entry.compact.length >= 8 && compact.length >= Math.max(6, Math.ceil(entry.compact.length * 0.6)) && oneEditFromAPrefix(compact, entry.compact)) {
          fits.push({ rule: 'truncatedAndEdit', how: 'truncated and 1 typo' });
        }
      }
      const scrambled = scrambledMatch(words, compact, entry.words);
      if (scrambled) fits.push(scrambled);
      for (const fit of fits) {
        if (!rule || TAG_LIKELIHOOD[fit.rule] > TAG_LIKELIHOOD[rule]) ({ rule, how } = fit);
      }
    }
    if (rule) found.push({ campaigns: entry.campaigns, slug: target, rule, how });
  }
  return found;
}

/** The campaigns, sorted and once each, when one creator runs them all; undefined otherwise. */
function oneCreatorsCampaigns(catalog: CampaignCatalog, campaigns: readonly number[]): number[] | undefined {
  const creator = catalog.campaigns[campaigns[0]].influencer_id;
  if (creator === '' || campaigns.some((index) => catalog.campaigns[index].influencer_id !== creator)) return undefined;
  return [...new Set(campaigns)].sort((left, right) => left - right);
}

/** Campaigns a tag cannot tell apart: the creator's, when they are all one creator's; else ambiguous. */
function creatorOrAmbiguous(catalog: CampaignCatalog, campaigns: readonly number[], kind: TagMatchKind, confidence: number, how: string): TagMatchResult {
  const creators = oneCreatorsCampaigns(catalog, campaigns);
  if (creators && creators.length > 1) return { campaignIndex: -1, reason: 'creator', candidates: creators, kind, confidence, how };
  return { campaignIndex: -1, reason: 'ambiguous', candidates: campaigns };
}

/**
 * Resolves a utm_campaign value: exact, then the same canonical slug, then fuzzy (separators,
 * added prefix or suffix such as `-story`, truncation, typos). A fuzzy match must be the single
 * best candidate: equal-strength candidates are refused as ambiguous. Campaigns sharing a tag are
 * told apart by utm_source, utm_medium and utm_content. Campaigns of one creator that the tag
 * cannot tell apart are left to the time of the touch (CreatorTagMatch).
 */
export function matchTag(catalog: CampaignCatalog, tag: string, context: TagContext): TagMatchResult {
  // The campaigns a tag names outright: one told apart by the other utm fields, else the creator's or none.
  const named = (campaigns: readonly number[], kind: 'exact' | 'normalized', how: string): TagMatchResult => {
    const index = disambiguateByFields(catalog, campaigns, context);
    if (index >= 0) return { campaignIndex: index, kind, confidence: TAG_CONFIDENCE[kind], how };
    return creatorOrAmbiguous(catalog, campaigns, kind, TAG_CONFIDENCE[kind], how);
  };
  const exact = catalog.byExactTag.get(tag);
  if (exact) return named(exact, 'exact', 'exact');
  const slug = canonicalSlug(tag);
  if (slug === '') return { campaignIndex: -1, reason: 'unknown', candidates: [] };
  const normalized = catalog.bySlug.get(slug);
  if (normalized) return named(normalized, 'normalized', 'case, spacing or encoding differ');
  const byName = catalog.byNameSlug.get(slug);
  if (byName) return named(byName, 'normalized', "the campaign's name");
  const byId = catalog.byIdSlug.get(slug);
  if (byId) return named(byId, 'normalized', "the campaign's id");
  const candidates = fuzzyCandidates(catalog, slug);
  if (candidates.length === 0) return { campaignIndex: -1, reason: 'unknown', candidates: [] };
  // Likeliest first; among equally likely matches the longest campaign slug is the most specific
  // (maya-spring-2025-story: maya-spring-2025 with a suffix, not maya-spring with two words).
  const likelihood = (candidate: FuzzyCandidate): number => TAG_LIKELIHOOD[candidate.rule];
  candidates.sort((left, right) => likelihood(right) - likelihood(left) || right.slug.length - left.slug.length);
  const [best, second] = candidates;
  let rivals = 0;
  for (const candidate of candidates) {
    // A shorter slug the best one contains is its less specific form, not a rival (maya-spring
    // inside maya-spring-2025); one it does not contain is (sam-spring-2025 beside sofia-spring-2025).
    if (candidate === best || (likelihood(candidate) === likelihood(best) && candidate.slug.length < best.slug.length && best.slug.includes(candidate.slug))) continue;
    rivals += likelihood(candidate);
  }
  if (rivals >= likelihood(best) * RIVAL_SHARE) {
    // The campaign is unclear; the creator may not be: the best's creator's candidates against the rest.
    const creators = oneCreatorsCampaigns(catalog, best.campaigns);
    if (creators) {
      const creator = catalog.campaigns[creators[0]].influencer_id;
      const isTheirs = (candidate: FuzzyCandidate): boolean => candidate.campaigns.every((index) => catalog.campaigns[index].influencer_id === creator);
      let theirs = 0;
      let others = 0;
      for (const candidate of candidates) {
        if (isTheirs(candidate)) theirs += likelihood(candidate);
        else others += likelihood(candidate);
      }
      if (others < theirs * RIVAL_SHARE) {
        const close = candidates.filter((candidate) => isTheirs(candidate) && likelihood(candidate) >= likelihood(best) * RIVAL_SHARE);
        return creatorOrAmbiguous(catalog, close.flatMap((candidate) => candidate.campaigns), 'fuzzy_tag', TAG_CONFIDENCE[best.rule], best.how);
      }
    }
    const close = candidates.filter((candidate) => likelihood(candidate) >= likelihood(best) * RIVAL_SHARE);
    return { campaignIndex: -1, reason: 'ambiguous', candidates: close.flatMap((candidate) => candidate.campaigns) };
  }
  const index = disambiguateByFields(catalog, best.campaigns, context);
  if (index < 0) return creatorOrAmbiguous(catalog, best.campaigns, 'fuzzy_tag', TAG_CONFIDENCE[best.rule], best.how);
  // A weaker runner-up means the tag also resembles another campaign: a little less sure.
  const confidence = second ? TAG_CONFIDENCE[best.rule] * 0.95 : TAG_CONFIDENCE[best.rule];
  return { campaignIndex: index, kind: 'fuzzy_tag', confidence, how: best.how };
}
