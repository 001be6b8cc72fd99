
/** The touch features channel rules test. Strings are lower case. */
export interface ChannelFeatures {
  readonly touchType: string;
  readonly source: string;
  readonly medium: string;
  /** Host of the referrer (after unwrapping redirectors), '' when none or internal. */
  readonly referrerDomain: string;
  readonly landingPage: string;
  readonly clickPlatform: string;
  readonly paidClick: boolean;
  readonly searchEngine: boolean;
  readonly brandedSearch: boolean;
  readonly linkInBio: boolean;
  readonly tracked: boolean;
  readonly hasUrl: boolean;
  /** The touch resolved to a campaign with a creator. */
  readonly creator: boolean;
  /** The resolved campaign's own channel ('' when none). */
  readonly campaignChannel: string;
}

/** A value list of a condition: one value, or several (any of them). */
type PatternList = string | string[];

/**
 * One rule: every condition given must hold (AND); a list means any of its values (OR). Values are
 * compared case-insensitively; `*` matches any run of characters (`*.google.*`). A rules file is
 * validated by channelRulesFile.ts (zod, loaded only by commands that read one).
 */
export interface ChannelRule {
  readonly channel: string;
  readonly subChannel?: string;
  readonly when: {
    readonly touchType?: PatternList;
    readonly source?: PatternList;
    readonly medium?: PatternList;
    readonly referrerDomain?: PatternList;
    readonly landingPage?: PatternList;
    readonly clickPlatform?: PatternList;
    readonly campaignChannel?: PatternList;
    readonly paidClick?: boolean;
    readonly searchEngine?: boolean;
    readonly brandedSearch?: boolean;
    readonly linkInBio?: boolean;
    readonly tracked?: boolean;
    readonly hasUrl?: boolean;
    readonly creator?: boolean;
  };
}

const SOCIAL_SITES = ['facebook', 'fb', 'instagram', 'ig', 'tiktok', 'youtube', 'yt', 'twitter', 'x', 'linkedin', 'pinterest', 'reddit', 'snapchat', 'threads', 'twitch'];
const SOCIAL_DOMAINS = [
  'facebook.com', '*.facebook.com', 'instagram.com', '*.instagram.com', 'tiktok.com', '*.tiktok.com', 'youtube.com', '*.youtube.com', 'youtu.be',
  't.co', 'twitter.com', 'x.com', 'linkedin.com', '*.linkedin.com', 'lnkd.in', 'pinterest.*', 'reddit.com', '*.reddit.com', 'snapchat.com',
  'threads.net', '*.threads.net', 'twitch.tv',
];
const PAID_MEDIUMS = ['cpc', 'ppc', 'cpm', 'cpv', 'paid', 'paid-*', 'paid_*', 'paid *', 'paidsearch', 'paidsocial', 'display', 'banner', 'ads'];

/**
 * Default rules, in order (first match wins). Mediums and sources follow Google Analytics 4's
 * default channel group definitions (support.google.com/analytics/answer/9756891), with
 * creators ahead of everything and branded search split from organic search.
 */
export const DEFAULT_CHANNEL_RULES: readonly ChannelRule[] = [
  { channel: 'influencer', when: { creator: true } },
  { channel: 'influencer', when: { medium: ['influencer*', 'creator*', 'ugc', 'ambassador*'] } },
  { channel: 'influencer', subChannel: 'link-in-bio', when: { linkInBio: true } },
  { channel: 'paid social', when: { source: SOCIAL_SITES, medium: PAID_MEDIUMS } },
  { channel: 'paid social', when: { medium: ['paid-social', 'paid_social', 'paidsocial', 'social-paid', 'social_paid', 'paid social'] } },
  { channel: 'paid social', when: { paidClick: true, clickPlatform: ['linkedin', 'tiktok', 'twitter', 'pinterest', 'snapchat', 'reddit'] } },
  { channel: 'paid search', when: { medium: ['cpc', 'ppc', 'paid-search', 'paid_search', 'paidsearch', 'sem'] } },
  { channel: 'paid search', when: { paidClick: true, clickPlatform: ['google', 'bing', 'yandex'] } },
  { channel: 'branded search', when: { brandedSearch: true } },
  { channel: 'organic search', when: { searchEngine: true } },
  { channel: 'organic search', when: { medium: ['organic', 'seo'] } },
  { channel: 'email', when: { medium: ['email', 'e-mail', 'e_mail', 'newsletter*', 'mail'] } },
  { channel: 'email', when: { touchType: ['email*', '*_email', 'newsletter*'] } },
  { channel: 'email', when: { clickPlatform: ['hubspot-email', 'mailchimp'] } },
  { channel: 'webinar', when: { touchType: 'webinar*' } },
  { channel: 'webinar', when: { medium: 'webinar*' } },
  { channel: 'event', when: { touchType: ['event*', 'trade_show*', 'tradeshow*', 'conference*', 'booth*'] } },
  { channel: 'event', when: { medium: ['event*', 'conference*', 'trade*show*'] } },
  { channel: 'organic social', when: { medium: ['social', 'social-*', 'social_*', 'organic-social', 'organic_social', 'sm', 'social media'] } },
  { channel: 'organic social', when: { referrerDomain: SOCIAL_DOMAINS } },
  { channel: 'organic social', when: { source: SOCIAL_SITES } },
  { channel: 'other', subChannel: 'sales', when: { touchType: ['meeting*', 'call*', 'sales*', 'demo*'] } },
  { channel: 'referral', when: { medium: ['referral', 'affiliate*', 'partner*'] } },
  { channel: 'referral', when: { referrerDomain: '*' } },
  { channel: 'direct', when: { hasUrl: true, tracked: false } },
  { channel: 'other', when: {} },
];

type Matcher = (value: string) => boolean;

function compilePatterns(patterns: string | string[]): Matcher {
  const list = (Array.isArray(patterns) ? patterns : [patterns]).map((pattern) => pattern.toLowerCase());
  const exact = new Set(list.filter((pattern) => !pattern.includes('*')));
  const wildcards = list
    .filter((pattern) => pattern.includes('*'))
    .map((pattern) => new RegExp('^' + pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$'));
  return (value) => value !== '' && (exact.has(value) || wildcards.some((pattern) => pattern.test(value)));
}

export interface ChannelClassification {
  readonly channel: string;
  readonly subChannel: string;
}

/** Compiles rules into a classifier; first matching rule wins, 'other' when none does. */
export function compileChannelRules(rules: readonly ChannelRule[]): (features: ChannelFeatures) => ChannelClassification {
  const compiled = rules.map((rule) => {
    const tests: Array<(features: ChannelFeatures) => boolean> = [];
    const when = rule.when;
    for (const key of ['touchType', 'source', 'medium', 'referrerDomain', 'landingPage', 'clickPlatform', 'campaignChannel'] as const) {
      const patterns = when[key];
      if (patterns !== undefined) {
        const matcher = compilePatterns(patterns);
        tests.push((features) => matcher(features[key]));
      }
    }
    for (const key of ['paidClick', 'searchEngine', 'brandedSearch', 'linkInBio', 'tracked', 'hasUrl', 'creator'] as const) {
      const expected = when[key];
      if (expected !== undefined) tests.push((features) => features[key] === expected);
    }
    return { result: { channel: rule.channel, subChannel: rule.subChannel ?? '' }, tests };
  });
  const fallback: ChannelClassification = { channel: 'other', subChannel: '' };
  return (features) => {
    for (const rule of compiled) if (rule.tests.every((test) => test(features))) return rule.result;
    return fallback;
  };
}
