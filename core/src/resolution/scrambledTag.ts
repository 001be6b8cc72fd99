import { editDistance } from './editDistance';

/**
 * Tags whose words came back in another order AND took a second damage: a creator who retypes
 * `priya-spring-2025` from memory as `spring-priya-2025` and then adds `-story`, mistypes a word,
 * runs it together or is cut short by a bio's character limit. The plain reordering (same words,
 * another order) is tagMatcher's `reordered` rule; these are its combinations with the other
 * damages, weighed with the typo and two-damage readings for campaigns no single damage explains.
 */
export type ScrambledRule = 'reorderedAffix' | 'reorderedEdit' | 'reorderedTruncated' | 'reorderedJoined';

export interface ScrambledMatch {
  readonly rule: ScrambledRule;
  readonly how: string;
}

/** Words an added prefix or suffix may bring, as for tagMatcher's affixes. */
const MAXIMUM_EXTRA_WORDS = 3;
/** A mistyped word must be at least this long (a typo in `q2` makes another word; the tag's other words must match exactly). */
const MINIMUM_MISTYPED_WORD = 3;
/** What is left of a cut tag must be at least this share of the campaign's (and 5 characters), as for `truncated`. */
const MINIMUM_TRUNCATED_SHARE = 0.5;
/** Campaigns of more words than this are not tried as run-together permutations (their orders multiply). */
const MAXIMUM_JOINED_WORDS = 6;

/**
 * Which combined damage, if any, turns the campaign's words `campaignWords` into the tag's
 * `tagWords` (both from the canonical slug, split at its hyphens; `tagCompact` the tag without
 * separators). Tried only for campaigns no single damage explains, so a tag that kept its words' order
 * here has had a word put inside it, not at an end (`priya-new-spring-2025`).
 */
export function scrambledMatch(tagWords: readonly string[], tagCompact: string, campaignWords: readonly string[]): ScrambledMatch | undefined {
  if (campaignWords.length < 2) return undefined;
  if (tagWords.length === 1) {
    return campaignWords.length <= MAXIMUM_JOINED_WORDS && joinsOtherwise(tagCompact, campaignWords)
      ? { rule: 'reorderedJoined', how: 'words reordered, separators removed' }
      : undefined;
  }
  const extra = tagWords.length - campaignWords.length;
  // Every campaign word found among the tag's: exactly `extra` tag words left over.
  if (extra >= 1 && extra <= MAXIMUM_EXTRA_WORDS && takeWords(tagWords, campaignWords) === extra) {
    return { rule: 'reorderedAffix', how: keepsOrder(tagWords, campaignWords) ? 'words inserted' : 'words reordered and added' };
  }
  if (extra === 0 && oneWordMistyped(tagWords, campaignWords)) return { rule: 'reorderedEdit', how: 'words reordered and 1 typo' };
  if (extra <= 0 && cutShort(tagWords, tagCompact, campaignWords)) return { rule: 'reorderedTruncated', how: 'words reordered and truncated' };
  return undefined;
}

/** Whether the tag's words that the campaign has come in the campaign's order. */
function keepsOrder(tagWords: readonly string[], campaignWords: readonly string[]): boolean {
  let next = 0;
  for (const word of tagWords) {
    const at = campaignWords.indexOf(word, next);
    if (at >= 0) next = at + 1;
    else if (campaignWords.includes(word)) return false;
  }
  return true;
}

/** takeWords' answers: which campaign words the tag's words took, and the last tag word that took none. */
let takenWords = new Uint8Array(16);
let strayWord = '';

/**
 * Matches the tag's words (all but the one at `skip`) to the campaign's, each campaign word taken
 * at most once (a multiset match), marking the taken ones in `takenWords`; returns how many tag
 * words matched none (the last of them in `strayWord`). No arrays per call: tag matching tries
 * this for every campaign of every distinct damaged tag.
 */
function takeWords(tagWords: readonly string[], campaignWords: readonly string[], skip = -1): number {
  if (takenWords.length < campaignWords.length) takenWords = new Uint8Array(2 * campaignWords.length);
  takenWords.fill(0, 0, campaignWords.length);
  let unmatched = 0;
  for (let position = 0; position < tagWords.length; position++) {
    if (position === skip) continue;
    const word = tagWords[position];
    let found = -1;
    for (let index = 0; index < campaignWords.length && found < 0; index++)
      if (takenWords[index] === 0 && campaignWords[index] === word) found = index;
    if (found >= 0) takenWords[found] = 1;
    else {
      unmatched++;
      strayWord = word;
    }
  }
  return unmatched;
}

/** Same number of words, all but one found among the campaign's, and that one a typo of the one left. */
function oneWordMistyped(tagWords: readonly string[], campaignWords: readonly string[]): boolean {
  if (takeWords(tagWords, campaignWords) !== 1) return false;
  // One campaign word left untaken (with as many words on both sides, exactly one is).
  const left = takenWords.indexOf(0);
  if (left < 0 || left >= campaignWords.length) return false;
  const intended = campaignWords[left];
  return intended.length >= MINIMUM_MISTYPED_WORD && editDistance(strayWord, intended, 1) === 1;
}

/**
 * A tag cut short and reordered (in either order): every word of the tag but one is one of the
 * campaign's (each once), and that one is cut inside one of the campaign's words left (a strict
 * beginning of it; the last word when the cut came after the reordering, any word when before),
 * with enough of the tag left. A cut between words is not taken: `spring-2025` would then be any
 * creator's spring.
 */
function cutShort(tagWords: readonly string[], tagCompact: string, campaignWords: readonly string[]): boolean {
  let campaignLength = 0;
  for (const word of campaignWords) campaignLength += word.length;
  if (tagCompact.length < Math.max(5, Math.ceil(campaignLength * MINIMUM_TRUNCATED_SHARE)) || tagCompact.length >= campaignLength) return false;
  for (let cut = tagWords.length - 1; cut >= 0; cut--) {
    const partial = tagWords[cut];
    if (partial.length === 0 || takeWords(tagWords, campaignWords, cut) > 0) continue;
    for (let word = 0; word < campaignWords.length; word++) {
      const candidate = campaignWords[word];
      if (takenWords[word] === 0 && candidate.length > partial.length && candidate.startsWith(partial)) return true;
    }
  }
  return false;
}

/** Whether `compact` is the campaign's words run together in an order other than their own. */
function joinsOtherwise(compact: string, campaignWords: readonly string[]): boolean {
  if (compact === campaignWords.join('')) return false;
  const used = new Array<boolean>(campaignWords.length).fill(false);
  const fits = (position: number, placed: number): boolean => {
    if (placed === campaignWords.length) return position === compact.length;
    for (let index = 0; index < campaignWords.length; index++) {
      const word = campaignWords[index];
      if (used[index] || !compact.startsWith(word, position)) continue;
      used[index] = true;
      const found = fits(position + word.length, placed + 1);
      used[index] = false;
      if (found) return true;
    }
    return false;
  };
  return fits(0, 0);
}
