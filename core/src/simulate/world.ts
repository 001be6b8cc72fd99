import { newCampaign, type Campaign } from '../schemas/campaign';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { logNormalDensity, Random } from './random';

/** How people respond to one creator's posts; weights are relative, delays in days. */
export interface ResponseMix {
  readonly click: number;
  readonly linkInBio: number;
  readonly untaggedLanding: number;
  readonly brandedSearch: number;
  readonly direct: number;
  readonly promoCode: number;
}

export interface SimulatedPost {
  readonly campaignIndex: number;
  readonly at: number;
  /** Expected responders of every kind. */
  readonly expectedResponders: number;
}

export interface SimulatedCreator {
  readonly handle: string;
  readonly firstName: string;
  readonly platform: string;
  readonly mix: ResponseMix;
}

/**
 * How the simulated world may differ from the default one, to check that the resolver holds on
 * data shaped otherwise (fewer creators, slower responses, a bigger organic baseline).
 */
export interface WorldShape {
  /** Range of the number of creators (default 12–16; at most 20). */
  readonly creators?: readonly [number, number];
  /** Multiplies every response delay (default 1). */
  readonly delayScale?: number;
  /** Distribution of branded-search and direct-visit delays: log-normal (default) or exponential with the same mean. */
  readonly delayShape?: 'log-normal' | 'exponential';
  /** Multiplies every organic rate (default 1). */
  readonly organicScale?: number;
  /**
   * Relative organic arrival rate by UTC weekday, Sunday first (7 values; default all 1). B2B
   * sites see most of their organic visitors on working days; creator responses follow the posts
   * and their delays instead. Normalised to mean 1, so the organic rates stay the daily averages.
   */
  readonly organicWeekdays?: readonly number[];
  /**
   * Share of organic searches (branded or not, responses to posts or not) whose query the data
   * does not carry (default 0). Search engines strip the query from the referrer ("not provided"),
   * so in real CRM data most organic searches arrive without one.
   */
  readonly queryNotProvided?: number;
  /**
   * Organic arrival rate at the period's end over its rate at the start (default 1: flat). Real
   * sites grow (or shrink) over a year; the rate moves smoothly, log-linearly in time, and is
   * normalised to mean 1 over the period, so the organic rates stay the daily averages.
   */
  readonly organicTrend?: number;
  /** The exported campaigns carry no start_at / end_at (the world itself is unchanged; default false). */
  readonly undatedCampaigns?: boolean;
  /**
   * Each creator keeps one promo code for all their campaigns (MAYA10 every season, as many
   * creators do), so a code alone names the creator, not the campaign (default false).
   */
  readonly sharedCodes?: boolean;
  /**
   * People come back later through creator campaigns (default: nobody does). A share
   * `ownCampaign` of every creator campaign's responders, however they first arrived, returns
   * through that same campaign (its tagged link or its promo code); a share `otherCampaign` of
   * every new contact, whatever brought it, later comes through a creator campaign running at that
   * time, drawn at random (people follow several creators). Both after an exponential delay with
   * the promo-code mean. So a branded search may be followed, weeks later, by the code of the post
   * that caused it, or of another.
   */
  readonly comingBack?: ComingBack;
}

/** Shares of new contacts who come back through a creator campaign (WorldShape.comingBack). */
export interface ComingBack {
  readonly ownCampaign: number;
  readonly otherCampaign: number;
}

/** A creator campaign's window for returns through it: its dates and this many days after. */
export const RETURN_WINDOW_TAIL_DAYS = 30;

export interface SimulatedWorld {
  readonly start: number;
  readonly end: number;
  readonly scale: number;
  readonly campaigns: Campaign[];
  /** Creator of each campaign (index into creators), -1 for other campaigns. */
  readonly creatorOfCampaign: number[];
  readonly creators: SimulatedCreator[];
  readonly posts: SimulatedPost[];
  /** Organic new contacts per day by how they arrive. */
  readonly organicRates: { brandedSearch: number; direct: number; organicSearch: number; referral: number; organicSocial: number };
  readonly siteHost: string;
  readonly brandTerms: string[];
  /** Response delays of this world (RESPONSE_DELAYS × the shape's delay scale). */
  readonly delays: ResponseDelays;
  readonly delayShape: 'log-normal' | 'exponential';
  /** Organic rate multiplier by UTC weekday, Sunday first, mean 1 (all 1: no weekly pattern). */
  readonly organicWeekdays: readonly number[];
  /** Share of organic searches recorded without their query (0: every query known). */
  readonly queryNotProvided: number;
  /** Organic rate at the period's end over the start (1: no trend). */
  readonly organicTrend: number;
  /** Shares of new contacts coming back through creator campaigns (both 0: nobody). */
  readonly comingBack: ComingBack;
}

/** UTC weekday (0 = Sunday) of an epoch-millisecond time (1970-01-01 was a Thursday). */
export function utcWeekday(time: number): number {
  return (Math.floor(time / MILLISECONDS_PER_DAY) + 4) % 7;
}

/**
 * The organic rate multiplier at `time` from the world's trend alone: R^(u − ½) for the share u of
 * the period gone, divided by its mean over the period, (R^½ − R^−½) / ln R.
 */
export function organicTrendFactor(world: SimulatedWorld, time: number): number {
  const ratio = world.organicTrend;
  if (ratio === 1) return 1;
  const elapsed = (time - world.start) / (world.end - world.start);
  const logRatio = Math.log(ratio);
  return (Math.exp(logRatio * (elapsed - 0.5)) * logRatio) / (Math.exp(logRatio / 2) - Math.exp(-logRatio / 2));
}

/** The organic rate multiplier at `time`: weekday and trend (the Bayes limit uses it with the daily averages). */
export function organicTimeFactor(world: SimulatedWorld, time: number): number {
  return world.organicWeekdays[utcWeekday(time)] * organicTrendFactor(world, time);
}

export type ResponseDelays = { readonly [Key in keyof typeof RESPONSE_DELAYS]: number };

/** Delay (days) of a branded search (kind 0) or direct visit (kind 1) after a post. */
export function drawInferredDelay(world: SimulatedWorld, kind: 0 | 1, random: Random): number {
  const median = kind === 0 ? world.delays.searchMedianDays : world.delays.directMedianDays;
  const sigma = kind === 0 ? world.delays.searchSigma : world.delays.directSigma;
  if (world.delayShape === 'exponential') return random.exponential(median * Math.exp((sigma * sigma) / 2));
  return random.logNormal(median, sigma);
}

/** Density of that delay at `days` (the Bayes limit uses the true densities). */
export function inferredDelayDensity(world: SimulatedWorld, kind: 0 | 1, days: number): number {
  const median = kind === 0 ? world.delays.searchMedianDays : world.delays.directMedianDays;
  const sigma = kind === 0 ? world.delays.searchSigma : world.delays.directSigma;
  if (world.delayShape === 'exponential') {
    const mean = median * Math.exp((sigma * sigma) / 2);
    return days < 0 ? 0 : Math.exp(-days / mean) / mean;
  }
  return logNormalDensity(days, median, sigma);
}

/** Delay distributions after a post, in days: medians and log-sigmas of log-normals, or exponential means. */
export const RESPONSE_DELAYS = {
  clickMeanDays: 0.3,
  linkInBioMeanDays: 0.6,
  searchMedianDays: 1.2,
  searchSigma: 0.9,
  directMedianDays: 2,
  directSigma: 0.9,
  promoMeanDays: 18,
} as const;

const FIRST_NAMES = ['Maya', 'Tom', 'Zoë', 'Sam', 'Priya', 'Leo', 'Ana', 'Devon', 'Kai', 'Nora', 'Omar', 'Lena', 'Raj', 'Eva', 'Jonas', 'Ines', 'Felix', 'Aiko', 'Marco', 'Sofia'];
const HANDLE_STYLES = [(name: string) => `${name}.creates`, (name: string) => `${name}_talks_tech`, (name: string) => `${name}.builds`, (name: string) => `${name}✨codes`, (name: string) => `the${name}show`, (name: string) => `${name}.revops`];
const PLATFORMS = ['instagram', 'tiktok', 'youtube', 'linkedin', 'podcast'];
const SEASONS: Array<{ name: string; startDay: number; endDay: number }> = [
  { name: 'spring', startDay: 45, endDay: 130 },
  { name: 'summer', startDay: 150, endDay: 215 },
  { name: 'fall', startDay: 250, endDay: 325 },
];

function mixFor(platform: string, random: Random, hasUniqueLanding: boolean): ResponseMix {
  const jitter = (value: number): number => value * Math.exp(0.35 * random.normal());
  if (platform === 'podcast') {
    return { click: jitter(0.1), linkInBio: 0, untaggedLanding: 0, brandedSearch: jitter(0.28), direct: jitter(0.2), promoCode: jitter(0.42) };
  }
  return {
    click: jitter(0.5),
    linkInBio: platform === 'instagram' || platform === 'tiktok' ? jitter(0.12) : 0,
    untaggedLanding: hasUniqueLanding ? jitter(0.06) : 0,
    brandedSearch: jitter(0.12),
    direct: jitter(0.08),
    promoCode: jitter(0.12),
  };
}

function promoCodeFor(name: string, used: Set<string>, random: Random): string {
  const base = name.normalize('NFKD').replace(/[^A-Za-z]/g, '').toUpperCase();
  for (;;) {
    const code = `${base}${random.pick(['10', '15', '20', '25', 'VIP', 'PRO', 'X'])}`;
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

function slugOf(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The simulated company: creators with seasonal campaigns and posts, always-on paid campaigns,
 * monthly newsletters, quarterly webinars and a trade show. `scale` multiplies every rate.
 */
export function buildWorld(random: Random, scale: number, year = 2025, shape: WorldShape = {}): SimulatedWorld {
  const [fewestCreators, mostCreators] = shape.creators ?? [12, 16];
  const delayScale = shape.delayScale ?? 1;
  const organicScale = shape.organicScale ?? 1;
  const queryNotProvided = shape.queryNotProvided ?? 0;
  if (!(queryNotProvided >= 0 && queryNotProvided <= 1)) throw new RangeError('world shape: queryNotProvided is a share between 0 and 1');
  const weekdays = shape.organicWeekdays ?? [1, 1, 1, 1, 1, 1, 1];
  if (weekdays.length !== 7 || weekdays.some((factor) => !(factor >= 0)) || !weekdays.some((factor) => factor > 0))
    throw new RangeError('world shape: organicWeekdays needs 7 non-negative factors, one of them positive');
  const weekdayMean = weekdays.reduce((sum, factor) => sum + factor, 0) / 7;
  const organicTrend = shape.organicTrend ?? 1;
  if (!(organicTrend > 0 && Number.isFinite(organicTrend))) throw new RangeError('world shape: organicTrend is a positive ratio (end over start)');
  const comingBack = shape.comingBack ?? { ownCampaign: 0, otherCampaign: 0 };
  if (![comingBack.ownCampaign, comingBack.otherCampaign].every((share) => share >= 0 && share <= 1))
    throw new RangeError('world shape: comingBack.ownCampaign and comingBack.otherCampaign are shares between 0 and 1');
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const day = (days: number): number => start + days * MILLISECONDS_PER_DAY;
  const siteHost = 'acme.io';
  const brandTerms = ['acme', 'acme crm', 'acmecrm'];
  const campaigns: Campaign[] = [];
  const creatorOfCampaign: number[] = [];
  const creators: SimulatedCreator[] = [];
  const posts: SimulatedPost[] = [];
  const usedCodes = new Set<string>();
  const blankCampaign = (id: string, name: string): Campaign => newCampaign({ campaign_id: id, name, branded_terms: brandTerms });

  const names = [...FIRST_NAMES].sort(() => random.uniform() - 0.5).slice(0, fewestCreators + random.integer(0, mostCreators - fewestCreators));
  names.forEach((firstName, creatorIndex) => {
    const platform = random.pick(PLATFORMS);
    const handle = random.pick(HANDLE_STYLES)(firstName.toLowerCase());
    const seasons = [...SEASONS].sort(() => random.uniform() - 0.5).slice(0, random.integer(1, 2));
    const uniqueLanding = random.chance(0.5);
    const creator: SimulatedCreator = { handle, firstName, platform, mix: mixFor(platform, random, uniqueLanding) };
    creators.push(creator);
    let creatorCode = '';
    for (const season of seasons) {
      const campaignIndex = campaigns.length;
      const campaignStart = season.startDay + random.integer(0, 20);
      const campaignEnd = Math.min(season.endDay, campaignStart + random.integer(30, 60));
      const tag = `${slugOf(firstName)}-${season.name}-${year}`;
      const campaign: Campaign = {
        ...blankCampaign(`cmp-${slugOf(firstName)}-${season.name}`, `${firstName} × Acme ${season.name} ${year}`),
        channel: 'influencer',
        influencer_id: `inf-${slugOf(firstName)}`,
        influencer_handle: `@${handle}`,
        utm_source: platform,
        utm_medium: 'influencer',
        utm_campaign: tag,
        utm_content: handle,
        promo_codes: [promoCodeFor(firstName, usedCodes, random)],
        landing_url: uniqueLanding ? `https://${siteHost}/${slugOf(firstName)}` : `https://${siteHost}/`,
        start_at: day(campaignStart),
        end_at: day(campaignEnd),
        cost: 500 * random.integer(4, 30),
      };
      // Drawn either way, so the rest of the world is the same with or without shared codes.
      if (creatorCode === '') creatorCode = campaign.promo_codes[0];
      else if (shape.sharedCodes) campaign.promo_codes = [creatorCode];
      campaigns.push(campaign);
      creatorOfCampaign.push(creatorIndex);
      const postCount = random.integer(1, 4);
      for (let post = 0; post < postCount; post++) {
        posts.push({ campaignIndex, at: day(campaignStart + random.uniform() * (campaignEnd - campaignStart)), expectedResponders: scale * random.logNormal(16, 0.7) });
      }
    }
  });

  const other = (campaign: Campaign): void => {
    campaigns.push(campaign);
    creatorOfCampaign.push(-1);
  };
  other({ ...blankCampaign('cmp-google-brand', 'Google Ads brand'), channel: 'paid search', utm_source: 'google', utm_medium: 'cpc', utm_campaign: `google-brand-${year}`, cost: 24000 });
  other({ ...blankCampaign('cmp-google-generic', 'Google Ads generic'), channel: 'paid search', utm_source: 'google', utm_medium: 'cpc', utm_campaign: `google-generic-attribution-${year}`, cost: 36000 });
  other({
    ...blankCampaign('cmp-linkedin-abm', 'LinkedIn ABM Q2'),
    channel: 'paid social',
    utm_source: 'linkedin',
    utm_medium: 'paid-social',
    utm_campaign: `linkedin-abm-q2-${year}`,
    start_at: day(90),
    end_at: day(181),
    cost: 18000,
  });
  for (let month = 0; month < 12; month++) {
    const sent = Date.UTC(year, month, 8);
    other({
      ...blankCampaign(`cmp-newsletter-${month + 1}`, `Newsletter ${year}-${String(month + 1).padStart(2, '0')}`),
      channel: 'email',
      utm_source: 'hubspot',
      utm_medium: 'email',
      utm_campaign: `newsletter-${year}-${String(month + 1).padStart(2, '0')}`,
      start_at: sent,
      end_at: sent + 14 * MILLISECONDS_PER_DAY,
    });
  }
  ['q1-revops', 'q2-pipeline', 'q3-attribution', 'q4-planning'].forEach((topic, quarter) => {
    const at = day(quarter * 91 + 50);
    other({ ...blankCampaign(`cmp-webinar-${topic}`, `Webinar ${topic}`), channel: 'webinar', utm_source: 'webinar', utm_medium: 'webinar', utm_campaign: `webinar-${topic}-${year}`, start_at: at - 14 * MILLISECONDS_PER_DAY, end_at: at });
  });
  other({ ...blankCampaign('cmp-event-saastr', `SaaStr Annual ${year}`), channel: 'event', utm_source: 'saastr', utm_medium: 'event', utm_campaign: `saastr-${year}`, start_at: day(252), end_at: day(254), cost: 40000 });

  return {
    start,
    end,
    scale,
    campaigns,
    creatorOfCampaign,
    creators,
    posts,
    organicRates: {
      brandedSearch: 1.0 * scale * organicScale,
      direct: 0.8 * scale * organicScale,
      organicSearch: 2.0 * scale * organicScale,
      referral: 0.6 * scale * organicScale,
      organicSocial: 0.6 * scale * organicScale,
    },
    siteHost,
    brandTerms,
    delays: {
      clickMeanDays: RESPONSE_DELAYS.clickMeanDays * delayScale,
      linkInBioMeanDays: RESPONSE_DELAYS.linkInBioMeanDays * delayScale,
      searchMedianDays: RESPONSE_DELAYS.searchMedianDays * delayScale,
      searchSigma: RESPONSE_DELAYS.searchSigma,
      directMedianDays: RESPONSE_DELAYS.directMedianDays * delayScale,
      directSigma: RESPONSE_DELAYS.directSigma,
      promoMeanDays: RESPONSE_DELAYS.promoMeanDays * delayScale,
    },
    delayShape: shape.delayShape ?? 'log-normal',
    organicWeekdays: weekdays.map((factor) => factor / weekdayMean),
    queryNotProvided,
    organicTrend,
    comingBack,
  };
}

/**
 * The creator campaigns open for a return at `time` (their dates plus RETURN_WINDOW_TAIL_DAYS):
 * among these a contact coming back through "another" creator campaign picks one at random.
 */
export function creatorCampaignsOpenAt(world: SimulatedWorld, time: number): number[] {
  const open: number[] = [];
  world.campaigns.forEach((campaign, campaignIndex) => {
    if (world.creatorOfCampaign[campaignIndex] < 0 || campaign.start_at === null) return;
    const closes = (campaign.end_at ?? campaign.start_at) + RETURN_WINDOW_TAIL_DAYS * MILLISECONDS_PER_DAY;
    if (time >= campaign.start_at && time <= closes) open.push(campaignIndex);
  });
  return open;
}
