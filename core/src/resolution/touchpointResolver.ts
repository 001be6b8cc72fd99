import { compileChannelRules, DEFAULT_CHANNEL_RULES, type ChannelClassification, type ChannelFeatures, type ChannelRule } from '../channels/channelRules';
import type { Dataset } from '../dataset/dataset';
import { touchpointFields, type TouchpointFields } from '../dataset/touchpointTable';
import { parseTrackingUrl, type ParsedUrl } from '../utm/parseUrl';
import { isRedirector, normalizeHandle, parseReferrer, type ParsedReferrer } from '../utm/referrer';
import { canonicalSlug } from '../utm/slug';
import { buildAnchorIndex, campaignByAnchors, type AnchorIndex } from './anchorChoice';
import { codeLagChoices, type CodeChoice, type CodeTouch } from './codeLagChoice';
import { buildCampaignCatalog, campaignAtTime } from './campaignCatalog';
import { matchPromoCode } from './promoCodeMatcher';
import { ANCHOR_MATCHES, MATCH_KINDS, type MatchKind, type TouchpointResolution, type TouchpointResolver } from './resolution';
import { matchTag, type TagMatchResult } from './tagMatcher';
import { EVIDENCE_CONFIDENCE } from './evidenceConfidence';
import type { ResolutionReport } from './resolutionReport';
import { BEYOND_ASCII, boundedCache, isOneOff, NOT_ONE_OFF, oneOffShape, oneOffShapeOfBytes, URL_CACHE_LIMIT } from './boundedCache';
import { ByteDictionary } from '../csv/byteDictionary';
import { brandFromSiteHost } from './untaggedFirstTouches';
import { applyInferredMatches } from './inferredResolutions';
import { quote } from './quote';
import { trace } from '../util/trace';

export { INFERRED_KINDS, brandFromSiteHost } from './untaggedFirstTouches';
export { EVIDENCE_CONFIDENCE } from './evidenceConfidence';
export type { ResolutionReport } from './resolutionReport';

export interface ResolverOptions {
  readonly channelRules?: readonly ChannelRule[];
}

/** Touch types that name a search or a direct visit when the export says so instead of a referrer. */
const SEARCH_TYPE = /search/i;
const PAID_TYPE = /paid|cpc|ppc|\bad(s)?\b/i;
const DIRECT_TYPE = /direct/i;
const BRANDED_TYPE = /brand/i;
/** Placeholders analytics exports write for a query they do not know (GA's "(not provided)"). */
const UNKNOWN_QUERY = /^\(?\s*(not provided|not set|none|null|undefined|n\/a|-)\s*\)?$/i;

function knownQuery(query: string): string {
  return UNKNOWN_QUERY.test(query) ? '' : query;
}
const EFFECT_MALFORMED_URL = 1;
const EFFECT_MALFORMED_REFERRER = 2;
const EFFECT_UNMATCHED_TAG = 4;
const EFFECT_AMBIGUOUS_TAG = 8;
const EFFECT_UNMATCHED_PROMO = 16;
const EFFECT_AMBIGUOUS_PROMO = 32;

/**
 * Resolves every touchpoint of a data set to a campaign (or none), with how and how sure:
 * tags (exact → normalised → fuzzy), unique landing pages, referrers naming a creator, promo
 * codes, then statistical inference for untagged first touches. See docs/utm-and-resolution.md.
 */
export function resolveDataset(dataset: Dataset, options: ResolverOptions = {}): { resolutions: TouchpointResolution[]; report: ResolutionReport } {
  const { touchpointTable: table, campaigns } = dataset;
  const count = table.count;
  const text = table.text;
  const catalog = buildCampaignCatalog(campaigns);
  const classify = compileChannelRules(options.channelRules ?? DEFAULT_CHANNEL_RULES);
  const channelCache = new Map<string, ChannelClassification>();
  const parseUrl = boundedCache(parseTrackingUrl);
  const parseRef = boundedCache(parseReferrer);
  const tagCache = new Map<string, TagMatchResult>();
  const sharedResolutions = new Map<string, TouchpointResolution>();
  const resolutions = new Array<TouchpointResolution>(count);
  /** 0 = not a candidate; 1 + kind index for an inferred candidate. */
  const candidateKind = new Uint8Array(count);
  const byMatch = Object.fromEntries(MATCH_KINDS.map((kind) => [kind, 0])) as Record<MatchKind, number>;
  const unmatchedTagCounts = new Map<string, number>();
  let malformedUrls = 0;
  let malformedReferrers = 0;
  let unmatchedTags = 0;
  let ambiguousTags = 0;
  let unmatchedPromoCodes = 0;
  let ambiguousPromoCodes = 0;

  const channelOf = (features: ChannelFeatures): string => {
    const key = `${features.touchType}\u0001${features.source}\u0001${features.medium}\u0001${features.referrerDomain}\u0001${features.clickPlatform}\u0001${features.paidClick ? 1 : 0}${features.searchEngine ? 1 : 0}${features.brandedSearch ? 1 : 0}${features.linkInBio ? 1 : 0}${features.tracked ? 1 : 0}${features.hasUrl ? 1 : 0}${features.creator ? 1 : 0}\u0001${features.campaignChannel}\u0001${features.landingPage}`;
    let classification = channelCache.get(key);
    if (classification === undefined) {
      classification = classify(features);
      if (channelCache.size >= URL_CACHE_LIMIT) channelCache.clear();
      channelCache.set(key, classification);
    }
    return classification.channel;
  };

  const campaignChannel = (campaignIndex: number, features: () => ChannelFeatures): string => {
    const campaign = campaigns[campaignIndex];
    if (campaign.channel !== '') return campaign.channel;
    return channelOf({ ...features(), creator: campaign.influencer_id !== '', campaignChannel: '' });
  };

  /** Resolution objects are immutable, so identical ones are shared (no per-touch allocation on the common paths). */
  const shared = (key: string, create: () => TouchpointResolution): TouchpointResolution => {
    let resolution = sharedResolutions.get(key);
    if (resolution === undefined) {
      resolution = Object.freeze(create());
      if (sharedResolutions.size >= URL_CACHE_LIMIT) sharedResolutions.clear();
      sharedResolutions.set(key, resolution);
    }
    return resolution;
  };

  const attributed = (campaignIndex: number, channel: string, match: MatchKind, confidence: number, explanation: string): TouchpointResolution => {
    const campaign = campaigns[campaignIndex];
    return {
      campaignIndex,
      campaignId: campaign.campaign_id,
      influencerId: campaign.influencer_id === '' ? null : campaign.influencer_id,
      channel,
      match,
      confidence,
      explanation,
    };
  };

  const fastExact = new Array<TouchpointResolution | undefined>(campaigns.length);
  campaigns.forEach((campaign, index) => {
    const users = catalog.byExactTag.get(campaign.utm_campaign);
    if (campaign.channel !== '' && users && users.length === 1) {
      fastExact[index] = Object.freeze(
        attributed(index, campaign.channel, 'exact', 0.999, `utm_campaign=${campaign.utm_campaign} matches campaign ${quote(catalog.labels[index])}`),
      );
    }
  });

  /** A resolved touch's outcome, for every later touch with the same text fields (the key: their codes). */
  interface CachedOutcome {
    readonly key: Int32Array;
    readonly resolution: TouchpointResolution;
    readonly candidateKind: number;
    readonly effects: number;
    readonly tag: string;
    readonly next: CachedOutcome | undefined;
    readonly depth: number;
  }
  const MAX_CHAIN = 4;
  const outcomeCache = new Map<number, CachedOutcome>();
  /** What the last slow resolution counted (EFFECT_* flags), replayed on cache hits. */
  let effects = 0;
  let lastTag = '';
  let dependsOnTime = false;
  const undecided: number[] = [];
  /**
   * Set for a second pass over the touches whose campaign the dates could not tell (anchorChoice.ts):
   * every campaign's anchors, the touches that name it by tag or by unambiguous evidence.
   */
  let anchorIndex: AnchorIndex | null = null;
  /** Set by atTime when the dates could not tell: the touch is resolved again once the anchors are known. */
  let undecidedByDates = false;
  /** Touches whose promo code names several campaigns (first pass), and their choices by the codes' lag law (second pass). */
  const sharedCodeTouches: CodeTouch[] = [];
  let codeChoices: Map<number, CodeChoice> | null = null;
  /**
   * A promo code naming several campaigns: the campaign running when it was typed is often the
   * next one (codes come weeks after the post), so the dates never settle it; the second pass
   * reads it from when codes follow posts (codeLagChoice.ts), else falls back to atTime.
   */
  const atCodeTime = (candidates: readonly number[], occurredAt: number, index: number): TimeChoice => {
    if (candidates.length === 1) return { index: candidates[0], clear: true };
    dependsOnTime = true;
    if (codeChoices === null) {
      sharedCodeTouches.push({ index, occurredAt, candidates });
      undecidedByDates = true;
      return campaignAtTime(campaigns, candidates, occurredAt);
    }
    const byCodes = codeChoices.get(index);
    return byCodes ? { index: byCodes.index, clear: false, probability: byCodes.probability, byCodeLag: true } : atTime(candidates, occurredAt);
  };
  const atTime = (candidates: readonly number[], occurredAt: number): TimeChoice => {
    if (candidates.length > 1) dependsOnTime = true;
    const byDates = campaignAtTime(campaigns, candidates, occurredAt);
    if (byDates.clear) return byDates;
    undecidedByDates = true;
    const byAnchors = anchorIndex ? campaignByAnchors(anchorIndex, candidates, occurredAt) : null;
    return byAnchors ? { index: byAnchors.index, clear: false, probability: byAnchors.probability } : byDates;
  };

  const urlOf = (index: number): string => text.url.text(text.url.codes[index]);
  const brandTerms = (catalog.brandTermSlugs.length > 0 ? catalog.brandTermSlugs : brandFromSiteHost(urlOf, count)).map((slug) => `-${slug}-`);
  const isBranded = (query: string): boolean => {
    if (query === '' || brandTerms.length === 0) return false;
    const slug = `-${canonicalSlug(query)}-`;
    return brandTerms.some((term) => slug.includes(term));
  };

  // The exact-tag fast path by the utm_campaign column's codes: one lookup per distinct tag.
  const tags = text.utm_campaign;
  const fastByTag = Array.from({ length: tags.size }, (_value, code) => {
    const tag = tags.text(code);
    const exact = tag === '' ? undefined : catalog.byExactTag.get(tag);
    return exact !== undefined && exact.length === 1 ? fastExact[exact[0]] : undefined;
  });
  const tagCodes = text.utm_campaign.codes;
  // Everything resolveSlowly reads but the time: equal codes here give an equal outcome unless it
  // depended on the time (a creator with several campaigns). The URL's code comes first, apart:
  // a URL made unique by a click id is keyed by its shape instead (oneOffShape).
  const urlCodes = text.url.codes;
  // Read as bytes where the column has them: most one-off URLs are never made strings.
  const urlColumn = text.url;
  const urlBytes = urlColumn.utf8;
  const keyColumns = [
    text.referrer.codes,
    text.type.codes,
    text.utm_source.codes,
    text.utm_medium.codes,
    tagCodes,
    text.utm_term.codes,
    text.utm_content.codes,
    text.promo_code.codes,
    text.search_query.codes,
  ];
  const keyHash = (index: number, urlCode: number): number => {
    let hash = Math.imul(urlCode, 0x9e3779b1);
    for (const codes of keyColumns) hash = Math.imul(hash ^ codes[index], 0x9e3779b1) ^ (hash >>> 15);
    return hash;
  };
  const cachedOutcome = (hash: number, index: number, urlCode: number): CachedOutcome | undefined => {
    let cached = outcomeCache.get(hash);
    while (cached !== undefined && !sameKey(cached.key, index, urlCode)) cached = cached.next;
    return cached;
  };
  const sameKey = (key: Int32Array, index: number, urlCode: number): boolean => {
    if (key[0] !== urlCode) return false;
    for (let column = 0; column < keyColumns.length; column++) if (key[column + 1] !== keyColumns[column][index]) return false;
    return true;
  };
  // Shapes of one-off URLs get negative codes, never reused: when the shapes' dictionary is full a
  // new one starts after the old one's codes (the outcome cache keeps its entries).
  let shapes = new ByteDictionary(4096);
  let retiredShapes = 0;
  let shapeBytes = new Uint8Array(1024);
  /** The code of the URL's shape when it is one-off (isOneOff), else undefined. */
  const oneOffShapeCode = (urlCode: number): number | undefined => {
    let length = BEYOND_ASCII;
    if (urlBytes !== undefined) {
      const start = urlBytes.offsets[urlCode];
      const end = urlBytes.offsets[urlCode + 1];
      if (shapeBytes.length < end - start) shapeBytes = new Uint8Array(2 * (end - start));
      length = oneOffShapeOfBytes(urlBytes.bytes, start, end, shapeBytes);
      if (length === NOT_ONE_OFF) return undefined;
    }
    if (length === BEYOND_ASCII) {
      // No bytes kept (a table built from records), or a URL beyond ASCII: its text.
      const url = urlColumn.text(urlCode);
      if (!isOneOff(url)) return undefined;
      const encoded = Buffer.from(oneOffShape(url), 'utf8');
      if (shapeBytes.length < encoded.length) shapeBytes = new Uint8Array(2 * encoded.length);
      shapeBytes.set(encoded);
      length = encoded.length;
    }
    if (shapes.size >= URL_CACHE_LIMIT) {
      retiredShapes += shapes.size;
      shapes = new ByteDictionary(4096);
    }
    return -1 - (retiredShapes + shapes.intern(shapeBytes, 0, length));
  };
  for (let index = 0; index < count; index++) {
    const fast = fastByTag[tagCodes[index]];
    if (fast !== undefined) {
      resolutions[index] = fast;
      byMatch.exact++;
      continue;
    }
    // Most touches repeat the fields of one seen before: reuse the whole outcome. Chains are short:
    // a bucket keeps at most MAX_CHAIN outcomes.
    let resolution: TouchpointResolution;
    let urlCode = urlCodes[index];
    let hash = keyHash(index, urlCode);
    let cached = cachedOutcome(hash, index, urlCode);
    // A click id's value says nothing resolution reads: the touch resolves as its URL's shape does.
    const shapeCode = cached === undefined ? oneOffShapeCode(urlCode) : undefined;
    if (shapeCode !== undefined) {
      urlCode = shapeCode;
      hash = keyHash(index, urlCode);
      cached = cachedOutcome(hash, index, urlCode);
    }
    if (cached !== undefined) {
      resolution = cached.resolution;
      candidateKind[index] = cached.candidateKind;
      replayEffects(cached.effects, cached.tag);
    } else {
      effects = 0;
      dependsOnTime = false;
      undecidedByDates = false;
      const touchpoint = touchpointFields(table, index);
      resolution = resolveSlowly(touchpoint, index);
      if (undecidedByDates) undecided.push(index);
      replayEffects(effects, lastTag);
      if (!dependsOnTime && !isOneOff(touchpoint.referrer)) {
        if (outcomeCache.size >= URL_CACHE_LIMIT) outcomeCache.clear();
        const head = outcomeCache.get(hash);
        const key = new Int32Array(keyColumns.length + 1);
        key[0] = urlCode;
        for (let column = 0; column < keyColumns.length; column++) key[column + 1] = keyColumns[column][index];
        outcomeCache.set(hash, {
          key,
          resolution,
          candidateKind: candidateKind[index],
          effects,
          tag: lastTag,
          next: head !== undefined && head.depth < MAX_CHAIN ? head : undefined,
          depth: head !== undefined && head.depth < MAX_CHAIN ? head.depth + 1 : 1,
        });
      }
    }
    resolutions[index] = resolution;
    byMatch[resolution.match]++;
  }

  trace('resolver: first pass');
  function replayEffects(flags: number, tag: string): void {
    if (flags === 0) return;
    if (flags & EFFECT_MALFORMED_URL) malformedUrls++;
    if (flags & EFFECT_MALFORMED_REFERRER) malformedReferrers++;
    if (flags & EFFECT_AMBIGUOUS_TAG) ambiguousTags++;
    if (flags & EFFECT_UNMATCHED_TAG) {
      unmatchedTags++;
      unmatchedTagCounts.set(tag, (unmatchedTagCounts.get(tag) ?? 0) + 1);
    }
    if (flags & EFFECT_UNMATCHED_PROMO) unmatchedPromoCodes++;
    if (flags & EFFECT_AMBIGUOUS_PROMO) ambiguousPromoCodes++;
  }

  function resolveSlowly(touchpoint: TouchpointFields, index: number): TouchpointResolution {
    // A click recorded with the redirector's URL (l.facebook.com/l.php?u=..., google.com/url?q=...)
    // instead of the page it led to: the page, with its tags, is the redirect's target.
    let url: ParsedUrl = parseUrl(touchpoint.url);
    if (url.utmCampaign === '' && isRedirector(url.host, url.path)) {
      const wrappedTarget = parseReferrer(touchpoint.url).targetUrl;
      if (wrappedTarget !== '') url = parseUrl(wrappedTarget);
    }
    const referrer: ParsedReferrer = touchpoint.referrer === '' ? parseRef('') : parseRef(touchpoint.referrer);
    if (url.malformed) effects |= EFFECT_MALFORMED_URL;
    if (referrer.malformed) effects |= EFFECT_MALFORMED_REFERRER;
    // The page before this one carries the tags: a later page view of the session that a tagged
    // link opened (the referrer is the tagged landing page on the same site), or a redirector's target.
    const target: ParsedUrl | undefined =
      referrer.targetUrl !== '' ? parseUrl(referrer.targetUrl) : referrer.host !== '' && referrer.host === url.host && /utm_|utm%5f/i.test(touchpoint.referrer) ? parseUrl(touchpoint.referrer) : undefined;
    const source = touchpoint.utm_source || url.utmSource || target?.utmSource || '';
    const medium = touchpoint.utm_medium || url.utmMedium || target?.utmMedium || '';
    const content = touchpoint.utm_content || url.utmContent || target?.utmContent || '';
    const tag = touchpoint.utm_campaign || url.utmCampaign || target?.utmCampaign || '';
    const externalReferrer = referrer.host !== '' && referrer.host !== url.host ? referrer.host : '';
    const organicMedium = /^(organic|seo)$/i.test(medium);
    // The query: the column, the engine's referrer, or utm_term on an organic-search tagged link.
    const searchQuery = knownQuery(touchpoint.search_query) || referrer.searchQuery || (organicMedium ? knownQuery(touchpoint.utm_term || url.utmTerm) : '');
    // A search: an engine's referrer, an organic medium from an engine, or a touch type saying so.
    const searchEngine =
      referrer.searchEngine !== '' ||
      (organicMedium && /google|bing|duckduckgo|yahoo|ecosia|baidu|yandex/i.test(source)) ||
      (SEARCH_TYPE.test(touchpoint.type) && !PAID_TYPE.test(touchpoint.type));
    // A query naming the brand, or (no query known) a touch type that says so ("branded_search").
    const brandedSearch = searchEngine && (isBranded(searchQuery) || (searchQuery === '' && BRANDED_TYPE.test(touchpoint.type)));
    const tracked = url.tracked || tag !== '' || source !== '' || medium !== '' || (target?.tracked ?? false);
    // An organic search whose query is not known: search engines strip it from the referrer
    // ("not provided"), so a creator's audience searching the brand often arrives like this. It is
    // its own kind of candidate, with its own baseline: most such searches are not about the brand.
    const queryNotProvided = searchEngine && searchQuery === '' && !brandedSearch && !tracked && !url.paidClick;
    let memoizedFeatures: ChannelFeatures | undefined;
    const features = (): ChannelFeatures => (memoizedFeatures ??= {
      touchType: touchpoint.type.toLowerCase(),
      source: source.toLowerCase(),
      medium: medium.toLowerCase(),
      referrerDomain: externalReferrer,
      landingPage: url.path,
      clickPlatform: url.clickPlatform,
      paidClick: url.paidClick,
      searchEngine,
      brandedSearch,
      linkInBio: referrer.linkInBio,
      tracked,
      hasUrl: touchpoint.url !== '',
      creator: false,
      campaignChannel: '',
    });
    const occurredAt = touchpoint.occurred_at;

    if (tag !== '') {
      const cacheKey = `${tag}\u0001${source}\u0001${medium}\u0001${content}`;
      let match = tagCache.get(cacheKey);
      if (match === undefined) {
        match = matchTag(catalog, tag, { source, medium, content });
        if (tagCache.size >= URL_CACHE_LIMIT) tagCache.clear();
        tagCache.set(cacheKey, match);
      }
      if (match.campaignIndex >= 0 && 'kind' in match) {
        const found = match;
        const channel = campaignChannel(found.campaignIndex, features);
        return shared(`tag\u0001${cacheKey}\u0001${channel}`, () => {
          const label = quote(catalog.labels[found.campaignIndex]);
          const explanation =
            found.kind === 'exact'
              ? `utm_campaign=${tag} matches campaign ${label}`
              : found.kind === 'normalized'
                ? `utm_campaign ${quote(tag)} matches campaign ${label} (${found.how})`
                : `utm_campaign ${quote(tag)} resembles campaign ${label}'s tag (${found.how})`;
          return attributed(found.campaignIndex, channel, found.kind, found.confidence, explanation);
        });
      }
      if ('reason' in match && match.reason === 'creator') {
        // One creator's campaigns the tag cannot tell apart: the time of the touch chooses.
        const found = match;
        const choice = atTime(found.candidates, occurredAt);
        const campaignIndex = choice.index;
        const channel = campaignChannel(campaignIndex, features);
        return shared(`creator-tag\u0001${cacheKey}\u0001${campaignIndex}\u0001${choiceKey(choice)}\u0001${channel}`, () =>
          attributed(
            campaignIndex,
            channel,
            found.kind,
            choiceConfidence(choice, found.confidence, EVIDENCE_CONFIDENCE.referrerAmongSeveral * found.confidence),
            `utm_campaign ${quote(tag)} fits ${found.candidates.length} campaigns of one creator (${found.how}): campaign ${quote(catalog.labels[campaignIndex])}${choiceNote(choice, ', the one running then')}`,
          ),
        );
      }
      if ('reason' in match && match.reason === 'ambiguous') effects |= EFFECT_AMBIGUOUS_TAG;
      else {
        effects |= EFFECT_UNMATCHED_TAG;
        lastTag = tag;
      }
    }

    const utmId = url.utmId || target?.utmId || '';
    const campaignOfId = utmId !== '' ? dataset.campaignIndexById.get(utmId) : undefined;
    if (campaignOfId !== undefined) {
      const channel = campaignChannel(campaignOfId, features);
      return shared(`utm-id\u0001${campaignOfId}\u0001${channel}`, () =>
        attributed(campaignOfId, channel, 'exact', 0.999, `utm_id=${utmId} is campaign ${quote(catalog.labels[campaignOfId])}`),
      );
    }

    // Without a URL of its own, the touch landed where its redirector (or tagged previous page) led.
    const landingPath = touchpoint.url === '' && target !== undefined && target.host !== '' ? target.path : url.path;
    const landingCampaigns = landingPath !== '/' ? catalog.byLandingPath.get(landingPath) : undefined;
    if (landingCampaigns !== undefined) {
      const choice = atTime(landingCampaigns, occurredAt);
      const landing = choice.index;
      const channel = campaignChannel(landing, features);
      return shared(`landing\u0001${landing}\u0001${landingPath}\u0001${choiceKey(choice)}\u0001${channel}`, () =>
        attributed(
          landing,
          channel,
          'landing_page',
          choiceConfidence(choice, EVIDENCE_CONFIDENCE.landingPage, EVIDENCE_CONFIDENCE.referrerAmongSeveral),
          `landed on ${landingPath}, the landing page of campaign ${quote(catalog.labels[landing])}${choiceNote(choice, ' (the one of this creator running then)')}`,
        ),
      );
    }

    if (referrer.handle !== '') {
      const candidates = catalog.byHandle.get(referrer.handle);
      if (candidates) {
        const choice = atTime(candidates, occurredAt);
        const campaignIndex = choice.index;
        const channel = campaignChannel(campaignIndex, features);
        return shared(`referrer\u0001${campaignIndex}\u0001${referrer.host}\u0001${referrer.handle}\u0001${choiceKey(choice)}\u0001${channel}`, () =>
          attributed(
            campaignIndex,
            channel,
            'referrer',
            choiceConfidence(choice, EVIDENCE_CONFIDENCE.referrer, EVIDENCE_CONFIDENCE.referrerAmongSeveral),
            `came from ${referrer.host}/${referrer.handle}, creator @${referrer.handle}'s ${referrer.linkInBio ? 'link in bio' : 'profile'} (campaign ${quote(catalog.labels[campaignIndex])}${choiceNote(choice, ', the one running then')})`,
          ),
        );
      }
    }

    for (const [field, value] of [['utm_source', source], ['utm_content', content]] as const) {
      if (value === '') continue;
      const handle = normalizeHandle(value);
      const candidates = handle === '' ? undefined : catalog.byHandle.get(handle);
      if (!candidates) continue;
      const choice = atTime(candidates, occurredAt);
      const campaignIndex = choice.index;
      const channel = campaignChannel(campaignIndex, features);
      // The value as written is quoted in the explanation: part of the key (the handle is its normal form).
      return shared(`handle\u0001${campaignIndex}\u0001${field}\u0001${value}\u0001${choiceKey(choice)}\u0001${channel}`, () =>
        attributed(
          campaignIndex,
          channel,
          'fuzzy_tag',
          choiceConfidence(choice, EVIDENCE_CONFIDENCE.handleInTag, EVIDENCE_CONFIDENCE.referrerAmongSeveral),
          `${field}=${quote(value)} names creator @${handle} (campaign ${quote(catalog.labels[campaignIndex])}${choiceNote(choice, '')})`,
        ),
      );
    }

    const code = touchpoint.promo_code || url.promoCode || target?.promoCode || '';
    if (code !== '') {
      const match = matchPromoCode(catalog, code);
      if (match !== undefined && match !== 'ambiguous') {
        const choice = atCodeTime(match.campaigns, occurredAt, index);
        const campaignIndex = choice.index;
        const channel = campaignChannel(campaignIndex, features);
        const confidence = choiceConfidence(choice, match.edits === 0 ? EVIDENCE_CONFIDENCE.promoCode : EVIDENCE_CONFIDENCE.promoCodeOneEdit, EVIDENCE_CONFIDENCE.promoCodeAmongSeveral);
        // Where the code was (typed in the column, or in the URL) is part of the explanation, so of the key.
        const typedInColumn = touchpoint.promo_code !== '';
        return shared(`promo\u0001${campaignIndex}\u0001${code}\u0001${choiceKey(choice)}\u0001${channel}\u0001${touchpoint.type}\u0001${typedInColumn ? 'typed' : 'url'}`, () => {
          const typed = code.trim();
          const canonicalNote = match.partOfText ? `, read as ${match.listed}` : match.edits === 0 ? '' : `, read as ${match.listed} (1 edit)`;
          const where = typedInColumn ? `typed in the ${touchpoint.type.replace(/_/g, ' ')}` : 'in the landing URL';
          return attributed(campaignIndex, channel, 'promo_code', confidence, `promo code ${typed} ${where}${canonicalNote} (campaign ${quote(catalog.labels[campaignIndex])}${choiceNote(choice, '')})`);
        });
      }
      if (match === 'ambiguous') effects |= EFFECT_AMBIGUOUS_PROMO;
      else effects |= EFFECT_UNMATCHED_PROMO;
    }

    if (brandedSearch && tag === '' && code === '' && catalog.creatorTerms.length > 0) {
      const querySlug = `-${canonicalSlug(searchQuery)}-`;
      const named = catalog.creatorTerms.find((term) => querySlug.includes(`-${term.slug}-`));
      if (named) {
        const { index: campaignIndex } = atTime(named.campaigns, occurredAt);
        const channel = campaignChannel(campaignIndex, features);
        return shared(`creator-search\u0001${campaignIndex}\u0001${named.slug}\u0001${channel}`, () =>
          attributed(
            campaignIndex,
            channel,
            'inferred',
            EVIDENCE_CONFIDENCE.creatorSearch,
            `branded search naming "${named.slug.replace(/-/g, ' ')}", a term only campaign ${quote(catalog.labels[campaignIndex])} lists`,
          ),
        );
      }
    }

    const channel = channelOf(features());
    // A URL or referrer that cannot be read (`javascript:...`, a referrer of `::::`) says nothing
    // about how the person arrived: not evidence of a direct visit.
    const direct = (touchpoint.url !== '' || DIRECT_TYPE.test(touchpoint.type)) && !url.malformed && !referrer.malformed && externalReferrer === '' && !tracked && code === '' && !searchEngine;
    if (tag === '' && code === '' && (brandedSearch || direct || queryNotProvided)) candidateKind[index] = brandedSearch ? 1 : direct ? 2 : 3;
    const reason =
      tag !== ''
        ? `utm_campaign ${quote(tag)} ${effects & EFFECT_UNMATCHED_TAG ? 'matches no campaign' : 'could be several campaigns'}`
        : code !== ''
          ? `promo code ${quote(code)} matches no single campaign`
          : brandedSearch
            ? 'branded search'
            : direct
              ? 'direct visit'
              : queryNotProvided
                ? 'search, query not provided'
                : `no campaign evidence (${channel})`;
    return shared(`none\u0001${channel}\u0001${reason}`, () => ({
      campaignIndex: -1,
      campaignId: null,
      influencerId: null,
      channel,
      match: 'none',
      confidence: EVIDENCE_CONFIDENCE.noEvidence,
      explanation: reason,
    }));
  }

  // The touches whose campaign the dates could not tell, again, now that every campaign's anchors
  // are known (anchorChoice.ts). What they count (malformed URLs, ...) was counted the first time.
  if (undecided.length > 0) {
    const isUndecided = new Uint8Array(count);
    for (const index of undecided) isUndecided[index] = 1;
    // Every settled touch is an anchor of its campaign; for shared codes (codeLagChoice.ts), also
    // what traces the posts (tags, landing pages, referrers) and each campaign's own codes.
    const anchorTimes = campaigns.map((): number[] => []);
    const postTimes = campaigns.map((): number[] => []);
    const ownCodeTimes = campaigns.map((): number[] => []);
    for (let index = 0; index < count; index++) {
      const { campaignIndex, match } = resolutions[index];
      if (campaignIndex < 0 || isUndecided[index]) continue;
      const occurredAt = table.occurredAt[index];
      anchorTimes[campaignIndex].push(occurredAt);
      if (ANCHOR_MATCHES.has(match)) postTimes[campaignIndex].push(occurredAt);
      else if (match === 'promo_code') ownCodeTimes[campaignIndex].push(occurredAt);
    }
    anchorIndex = buildAnchorIndex(anchorTimes);
    codeChoices = codeLagChoices(sharedCodeTouches, postTimes, ownCodeTimes);
    for (const index of undecided) {
      effects = 0;
      const again = resolveSlowly(touchpointFields(table, index), index);
      byMatch[resolutions[index].match]--;
      byMatch[again.match]++;
      resolutions[index] = again;
    }
  }

  trace('resolver: second pass');
  const inferred = applyInferredMatches(dataset, resolutions, candidateKind, catalog.labels, byMatch);
  const report: ResolutionReport = {
    touchpoints: count,
    byMatch,
    malformedUrls,
    malformedReferrers,
    unmatchedTags,
    ambiguousTags,
    unmatchedPromoCodes,
    ambiguousPromoCodes,
    topUnmatchedTags: [...unmatchedTagCounts].sort((left, right) => right[1] - left[1]).slice(0, 10),
    inferred,
  };
  return { resolutions, report };
}

/** A campaign chosen among several by time: by the dates (clear or not) or by the anchors (with its probability). */
interface TimeChoice {
  readonly index: number;
  readonly clear: boolean;
  readonly probability?: number;
  /** Chosen by when codes follow posts (codeLagChoice.ts) rather than by the anchors around the touch. */
  readonly byCodeLag?: boolean;
}

/** The evidence's confidence: as stated when the choice was clear, scaled by the anchors' probability, else the among-several prior. */
function choiceConfidence(choice: TimeChoice, clearConfidence: number, amongSeveral: number): number {
  if (choice.clear) return clearConfidence;
  return choice.probability !== undefined ? clearConfidence * choice.probability : amongSeveral;
}

function choiceKey(choice: TimeChoice): string {
  return choice.clear ? 'clear' : choice.probability !== undefined ? `${choice.byCodeLag ? 'lag' : 'anchors'}${choice.probability.toFixed(4)}` : 'dates';
}

/**
 * What the explanation adds about the choice: nothing when clear, the dates' reason (`byDates`), or
 * the anchors' in the same place (in parentheses when the dates' reason is, else after a comma).
 */
function choiceNote(choice: TimeChoice, byDates: string): string {
  if (choice.clear) return '';
  if (choice.probability === undefined) return byDates;
  const reason = choice.byCodeLag
    ? `of this creator's campaigns, the one whose posts a code typed then most likely followed, P=${choice.probability.toFixed(2)}`
    : `of this creator's campaigns, the one whose tagged clicks and codes cluster around then, P=${choice.probability.toFixed(2)}`;
  return byDates.startsWith(' (') ? ` (${reason})` : `, ${reason}`;
}

/** The full resolver as a TouchpointResolver (what `credit`, `compare` and `resolve` use). */
export function touchpointResolver(options: ResolverOptions = {}): TouchpointResolver & { resolveWithReport(dataset: Dataset): ReturnType<typeof resolveDataset> } {
  return {
    name: 'full',
    resolve: (dataset) => resolveDataset(dataset, options).resolutions,
    resolveWithReport: (dataset) => resolveDataset(dataset, options),
  };
}
