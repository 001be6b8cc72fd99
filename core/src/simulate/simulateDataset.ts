import type { DatasetTables } from '../dataset/dataset';
import type { Campaign } from '../schemas/campaign';
import type { Contact } from '../schemas/contact';
import type { Deal } from '../schemas/deal';
import { newTouchpoint, type Touchpoint } from '../schemas/touchpoint';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { bayesOptimalAccuracy, type AmbiguousEvent, type BayesLimit } from './bayesLimit';
import { encodeTagValue, mangleTag, manglePromoCode } from './mangle';
import { Random } from './random';
import { buildWorld, creatorCampaignsOpenAt, drawInferredDelay, organicTimeFactor, organicTrendFactor, type SimulatedWorld, type WorldShape } from './world';

/** The class of a touch in the ground truth, which `attribution score` reports separately. */
export type TruthClass = 'carried' | 'ambiguous' | 'organic';

export interface TruthRow {
  readonly touchpointId: string;
  /** The campaign that truly caused the touch; '' for none. */
  readonly campaignId: string;
  readonly truthClass: TruthClass;
}

export interface SimulationOptions {
  readonly seed?: number;
  /** Approximate number of contacts (every rate scales with it). */
  readonly contacts?: number;
  /** Share of tagged creator links whose tag is mangled. */
  readonly mangledShare?: number;
  /** A world shaped differently from the default (fewer creators, slower responses, more organic traffic). */
  readonly shape?: WorldShape;
}

export interface SimulationResult {
  readonly tables: DatasetTables;
  readonly truth: TruthRow[];
  readonly bayes: BayesLimit;
  readonly world: SimulatedWorld;
}

/** Contacts produced per unit of scale (measured on the default world, used to hit the requested count). */
const CONTACTS_PER_SCALE = 3900;

const PAGES = ['/', '/pricing', '/product', '/blog/attribution-guide', '/blog/revops-metrics', '/customers', '/integrations/hubspot', '/integrations/salesforce'];
const BRANDED_QUERIES = ['acme', 'acme crm', 'acme crm pricing', 'acme attribution', 'acmecrm login', 'acme crm reviews'];
const GENERIC_QUERIES = ['influencer attribution software', 'revops attribution', 'b2b creator marketing roi', 'pipeline attribution hubspot', ''];
const REFERRAL_SITES = ['https://news.ycombinator.com/item?id=4102933', 'https://www.g2.com/products/acme-crm/reviews', 'https://medium.com/@revopsguy/attribution-in-2025', 'https://www.reddit.com/r/sales/comments/abc123/'];
const SOCIAL_REFERRERS = ['https://www.linkedin.com/feed/', 'https://t.co/Xy12abCd', 'https://www.instagram.com/', 'https://www.instagram.com/random.marketer/', 'https://www.facebook.com/'];

/**
 * Simulates a year of a B2B company's marketing with creator programmes (see world.ts), writing
 * touches the way real systems record them, with the true campaign of every touch. Creator posts
 * draw responders by tagged clicks (a share with mangled tags), link-in-bio pages, untagged visits
 * to a creator landing page, branded searches, direct visits and promo codes typed weeks later;
 * paid, email, webinar and event campaigns add tagged traffic; an organic baseline arrives by
 * search, direct, referral and social; contacts come back; some become deals.
 */
export function simulateDataset(options: SimulationOptions = {}): SimulationResult {
  const random = new Random(options.seed ?? 1);
  const scale = Math.max(0.01, (options.contacts ?? 5000) / CONTACTS_PER_SCALE);
  const mangledShare = options.mangledShare ?? 0.35;
  const world = buildWorld(random, scale, 2025, options.shape);
  const delays = world.delays;
  const { campaigns, start, end, siteHost } = world;
  const contacts: Contact[] = [];
  const touchpoints: Touchpoint[] = [];
  const truth: TruthRow[] = [];
  const ambiguousEvents: AmbiguousEvent[] = [];
  const firstTouchOfContact: number[] = [];
  /** The creator campaign each contact first responded to (-1: none); what a return "through its own campaign" goes back to. */
  const causeOfContact: number[] = [];
  /** The contact of each ambiguous event, index-aligned with ambiguousEvents. */
  const contactOfEvent: number[] = [];
  const site = `https://${siteHost}`;

  const newContact = (firstAt: number, createdAt = firstAt + random.uniform() * 3_600_000): number => {
    contacts.push({ contact_id: `c-${contacts.length + 1}`, created_at: Math.floor(createdAt) });
    firstTouchOfContact.push(firstAt);
    causeOfContact.push(-1);
    return contacts.length - 1;
  };
  const addTouch = (contactIndex: number, at: number, fields: Partial<Touchpoint>, campaignId: string, truthClass: TruthClass): void => {
    const id = `tp-${touchpoints.length + 1}`;
    touchpoints.push(newTouchpoint({ touchpoint_id: id, contact_id: contacts[contactIndex].contact_id, occurred_at: Math.floor(at), ...fields }));
    truth.push({ touchpointId: id, campaignId, truthClass });
  };
  const days = (count: number): number => count * MILLISECONDS_PER_DAY;
  const uniformTime = (): number => start + random.uniform() * (end - start);
  // Organic arrivals follow the world's weekly pattern and trend (rejection sampling); a flat
  // week without trend draws exactly as uniformTime does, so the default world's data do not change.
  const shapedOrganic = world.organicWeekdays.some((factor) => factor !== 1) || world.organicTrend !== 1;
  const largestFactor = Math.max(...world.organicWeekdays) * Math.max(organicTrendFactor(world, world.start), organicTrendFactor(world, world.end));
  // Draws only when some queries are hidden, so worlds without it keep their random stream.
  const queryHidden = (): boolean => world.queryNotProvided > 0 && random.chance(world.queryNotProvided);
  const organicTime = (): number => {
    if (!shapedOrganic) return uniformTime();
    for (;;) {
      const at = uniformTime();
      if (random.uniform() * largestFactor < organicTimeFactor(world, at)) return at;
    }
  };

  /** A tagged link as a person actually arrives with it; half the time the CRM also fills the utm columns. */
  const taggedTouch = (campaign: Campaign, mangle: boolean, extra: string): Partial<Touchpoint> => {
    const tag = mangle ? mangleTag(campaign.utm_campaign, random) : campaign.utm_campaign;
    const parameters = [`utm_source=${campaign.utm_source}`, `utm_medium=${campaign.utm_medium}`];
    const tagParameter = `utm_campaign=${encodeTagValue(tag, random)}`;
    if (mangle && random.chance(0.1)) parameters.push('utm_campaign=');
    parameters.push(tagParameter);
    if (campaign.utm_content !== '') parameters.push(`utm_content=${encodeURIComponent(campaign.utm_content)}`);
    if (extra !== '') parameters.push(extra);
    const path = campaign.landing_url !== '' ? campaign.landing_url.replace(/^https?:\/\/[^/]+/, '') || '/' : '/';
    const inFragment = mangle && random.chance(0.1);
    const url = inFragment ? `${site}${path}#${parameters.join('&')}` : `${site}${path}?${parameters.join('&')}`;
    const filled = random.chance(0.5);
    return {
      url,
      utm_source: filled ? campaign.utm_source : '',
      utm_medium: filled ? campaign.utm_medium : '',
      utm_campaign: filled ? tag : '',
      utm_content: filled ? campaign.utm_content : '',
    };
  };

  /** A promo code as a person types it: four times in ten with a typo (case, O/0, a dropped or swapped character). */
  const typedCode = (code: string): string => (random.chance(0.4) ? manglePromoCode(code, random) : code);

  const platformReferrer = (platform: string): string =>
    platform === 'instagram' ? 'https://l.instagram.com/' : platform === 'youtube' ? 'https://www.youtube.com/' : platform === 'linkedin' ? 'https://www.linkedin.com/' : '';

  // Creator programmes.
  for (const post of world.posts) {
    const campaign = campaigns[post.campaignIndex];
    const creator = world.creators[world.creatorOfCampaign[post.campaignIndex]];
    const mix = creator.mix;
    const weights = [mix.click, mix.linkInBio, mix.untaggedLanding, mix.brandedSearch, mix.direct, mix.promoCode];
    const responders = random.poisson(post.expectedResponders);
    for (let responder = 0; responder < responders; responder++) {
      const mode = random.weighted(weights);
      let at: number;
      if (mode === 0) at = post.at + days(random.exponential(delays.clickMeanDays));
      else if (mode === 1 || mode === 2) at = post.at + days(random.exponential(delays.linkInBioMeanDays));
      else if (mode === 3) at = post.at + days(drawInferredDelay(world, 0, random));
      else if (mode === 4) at = post.at + days(drawInferredDelay(world, 1, random));
      else at = post.at + days(random.exponential(delays.promoMeanDays));
      if (at >= end) continue;
      const contact = newContact(at);
      causeOfContact[contact] = post.campaignIndex;
      const id = campaign.campaign_id;
      if (mode === 0) {
        const clickId = creator.platform === 'instagram' && random.chance(0.5) ? `igshid=${random.token(20)}` : creator.platform === 'youtube' && random.chance(0.3) ? `si=${random.token(16)}` : '';
        addTouch(contact, at, { ...taggedTouch(campaign, random.chance(mangledShare), clickId), referrer: platformReferrer(creator.platform) }, id, 'carried');
      } else if (mode === 1) {
        const service = random.uniform();
        const handleInUrl = encodeURIComponent(creator.handle);
        const landing = campaign.landing_url;
        if (service < 0.5) addTouch(contact, at, { url: landing, referrer: `https://linktr.ee/${handleInUrl}` }, id, 'carried');
        else if (service < 0.7) addTouch(contact, at, { url: landing, referrer: `https://beacons.ai/${handleInUrl}` }, id, 'carried');
        else {
          const tagged = taggedTouch(campaign, false, '');
          addTouch(contact, at, { url: landing, referrer: `https://l.instagram.com/?u=${encodeURIComponent(tagged.url!)}&e=AT${random.token(24)}` }, id, 'carried');
        }
      } else if (mode === 2) {
        addTouch(contact, at, { url: campaign.landing_url, referrer: random.chance(0.5) ? platformReferrer(creator.platform) : '' }, id, 'carried');
      } else if (mode === 3) {
        const hidden = queryHidden();
        addTouch(contact, at, { url: `${site}/`, referrer: 'https://www.google.com/', search_query: hidden ? '' : random.pick(BRANDED_QUERIES) }, id, 'ambiguous');
        ambiguousEvents.push({ at, kind: hidden ? 2 : 0, truthCampaign: post.campaignIndex });
        contactOfEvent.push(contact);
      } else if (mode === 4) {
        addTouch(contact, at, { url: `${site}${random.pick(['/', '/', '/pricing'])}` }, id, 'ambiguous');
        ambiguousEvents.push({ at, kind: 1, truthCampaign: post.campaignIndex });
        contactOfEvent.push(contact);
      } else {
        const code = campaign.promo_codes[0];
        const typed = typedCode(code);
        const inUrl = random.chance(0.15);
        addTouch(contact, at, { type: 'form_submit', url: inUrl ? `${site}/demo?code=${encodeURIComponent(typed)}` : `${site}/demo`, promo_code: inUrl ? '' : typed }, id, 'carried');
      }
    }
  }

  // Always-on and scheduled campaigns.
  const byId = new Map(campaigns.map((campaign, index) => [campaign.campaign_id, index]));
  const campaign = (id: string): Campaign => campaigns[byId.get(id)!];
  const paidStream = (id: string, perDay: number, from: number, to: number, extra: () => string, referrer: string, query: () => string): void => {
    const count = random.poisson(perDay * world.scale * ((to - from) / MILLISECONDS_PER_DAY));
    for (let index = 0; index < count; index++) {
      const at = from + random.uniform() * (to - from);
      const contact = newContact(at);
      const target = campaign(id);
      addTouch(contact, at, { ...taggedTouch(target, random.chance(0.03), extra()), referrer, search_query: query(), utm_term: '' }, id, 'carried');
    }
  };
  paidStream('cmp-google-brand', 1.0, start, end, () => `gclid=${random.token(32)}`, 'https://www.google.com/', () => random.pick(BRANDED_QUERIES));
  paidStream('cmp-google-generic', 0.8, start, end, () => `gclid=${random.token(32)}`, 'https://www.google.com/', () => random.pick(GENERIC_QUERIES));
  const linkedIn = campaign('cmp-linkedin-abm');
  paidStream('cmp-linkedin-abm', 1.2, linkedIn.start_at!, linkedIn.end_at!, () => `li_fat_id=${random.token(36)}`, 'https://www.linkedin.com/', () => '');
  for (const target of campaigns.filter((candidate) => candidate.channel === 'webinar')) {
    const registrants = random.poisson(15 * world.scale);
    for (let index = 0; index < registrants; index++) {
      const at = target.start_at! + random.uniform() * (target.end_at! - target.start_at!);
      addTouch(newContact(at), at, { ...taggedTouch(target, false, ''), type: 'webinar' }, target.campaign_id, 'carried');
    }
  }
  const event = campaign('cmp-event-saastr');
  const visitors = random.poisson(60 * world.scale);
  for (let index = 0; index < visitors; index++) {
    const at = event.start_at! + random.uniform() * (event.end_at! - event.start_at!);
    addTouch(newContact(at), at, { type: 'event', utm_source: event.utm_source, utm_medium: event.utm_medium, utm_campaign: event.utm_campaign }, event.campaign_id, 'carried');
  }

  // Organic baseline: new people arriving by themselves.
  const rates = world.organicRates;
  const yearDays = (end - start) / MILLISECONDS_PER_DAY;
  for (let index = random.poisson(rates.brandedSearch * yearDays); index > 0; index--) {
    const at = organicTime();
    const hidden = queryHidden();
    addTouch(newContact(at), at, { url: `${site}/`, referrer: 'https://www.google.com/', search_query: hidden ? '' : random.pick(BRANDED_QUERIES) }, '', 'ambiguous');
    ambiguousEvents.push({ at, kind: hidden ? 2 : 0, truthCampaign: -1 });
    contactOfEvent.push(contacts.length - 1);
  }
  for (let index = random.poisson(rates.direct * yearDays); index > 0; index--) {
    const at = organicTime();
    addTouch(newContact(at), at, { url: `${site}${random.pick(['/', '/', '/pricing'])}` }, '', 'ambiguous');
    ambiguousEvents.push({ at, kind: 1, truthCampaign: -1 });
    contactOfEvent.push(contacts.length - 1);
  }
  for (let index = random.poisson(rates.organicSearch * yearDays); index > 0; index--) {
    const at = organicTime();
    // Without its query a generic search looks like a branded one: ambiguous, truly organic.
    // In the order the draws were always made (contact, page, engine, query): same data when nothing is hidden.
    const contact = newContact(at);
    const url = `${site}${random.pick(PAGES)}`;
    const referrer = random.pick(['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/']);
    const hidden = queryHidden();
    addTouch(contact, at, { url, referrer, search_query: hidden ? '' : random.pick(GENERIC_QUERIES) }, '', hidden ? 'ambiguous' : 'organic');
    if (hidden) {
      ambiguousEvents.push({ at, kind: 2, truthCampaign: -1 });
      contactOfEvent.push(contact);
    }
  }
  for (let index = random.poisson(rates.referral * yearDays); index > 0; index--) {
    const at = organicTime();
    addTouch(newContact(at), at, { url: `${site}${random.pick(PAGES)}`, referrer: random.pick(REFERRAL_SITES) }, '', 'organic');
  }
  for (let index = random.poisson(rates.organicSocial * yearDays); index > 0; index--) {
    const at = organicTime();
    addTouch(newContact(at), at, { url: `${site}${random.pick(PAGES)}`, referrer: random.pick(SOCIAL_REFERRERS) }, '', 'organic');
  }
  // Contacts imported from an old list: known long before their first visit, so never a new response.
  for (let index = random.poisson(0.15 * world.scale * yearDays); index > 0; index--) {
    const at = uniformTime();
    addTouch(newContact(at, start - days(200)), at, { url: `${site}/` }, '', 'organic');
  }

  // Damaged input that must not crash anything.
  const garbage = [
    () => ({ url: 'ht!tp://%%%zz?utm_campaign=%E0%A4%A' }),
    () => ({ url: `${site}/?session=${'x'.repeat(10_000)}&utm_source=\u0007bad` }),
    () => ({ url: `${site}/\u0000pricing?ref=🔥🔥`, promo_code: '🎉🎉' }),
    () => ({ url: 'javascript:alert(1)', referrer: '::::' }),
  ];
  for (let index = random.poisson(0.05 * world.scale * yearDays); index > 0; index--) {
    const at = uniformTime();
    addTouch(newContact(at), at, random.pick(garbage)(), '', 'organic');
  }

  // People coming back through creator campaigns (world shape comingBack; draws only when set).
  const returnsOfContact: number[][] = [];
  const { ownCampaign, otherCampaign } = world.comingBack;
  if (ownCampaign > 0 || otherCampaign > 0) {
    const returnThrough = (contactIndex: number, campaignIndex: number, at: number): void => {
      const target = campaigns[campaignIndex];
      if (random.chance(0.5)) {
        const code = target.promo_codes[0];
        addTouch(contactIndex, at, { type: 'form_submit', url: `${site}/demo`, promo_code: typedCode(code) }, target.campaign_id, 'carried');
      } else {
        addTouch(contactIndex, at, taggedTouch(target, random.chance(mangledShare), ''), target.campaign_id, 'carried');
      }
      returnsOfContact[contactIndex].push(campaignIndex);
    };
    const newContacts = contacts.length;
    for (let contact = 0; contact < newContacts; contact++) {
      returnsOfContact.push([]);
      const cause = causeOfContact[contact];
      if (cause >= 0 && random.chance(ownCampaign)) {
        const at = firstTouchOfContact[contact] + days(random.exponential(delays.promoMeanDays));
        if (at < end) returnThrough(contact, cause, at);
      }
      if (random.chance(otherCampaign)) {
        const at = firstTouchOfContact[contact] + days(random.exponential(delays.promoMeanDays));
        const open = at < end ? creatorCampaignsOpenAt(world, at) : [];
        if (open.length > 0) returnThrough(contact, open[random.integer(0, open.length - 1)], at);
      }
    }
  }

  // Returning visits (never new responses), newsletters to known contacts.
  const contactCount = contacts.length;
  for (let contact = 0; contact < contactCount; contact++) {
    for (let visit = random.poisson(1.2); visit > 0; visit--) {
      const at = firstTouchOfContact[contact] + days(random.exponential(25));
      if (at >= end) continue;
      const draw = random.uniform();
      if (draw < 0.6) addTouch(contact, at, { url: `${site}${random.pick(PAGES)}` }, '', 'organic');
      else if (draw < 0.85) addTouch(contact, at, { url: `${site}${random.pick(PAGES)}`, referrer: 'https://www.google.com/', search_query: random.chance(0.3) && !queryHidden() ? random.pick(BRANDED_QUERIES) : '' }, '', 'organic');
      else addTouch(contact, at, { url: `${site}${random.pick(PAGES)}`, referrer: random.pick(REFERRAL_SITES) }, '', 'organic');
    }
  }
  for (const newsletter of campaigns.filter((candidate) => candidate.channel === 'email')) {
    for (let contact = 0; contact < contactCount; contact++) {
      if (contacts[contact].created_at > newsletter.start_at! || !random.chance(0.03)) continue;
      const at = newsletter.start_at! + days(random.exponential(1.5));
      if (at < end) addTouch(contact, at, { ...taggedTouch(newsletter, false, `_hsenc=p2ANqtz-${random.token(20)}`), type: 'email_click' }, newsletter.campaign_id, 'carried');
    }
  }

  // Deals, with meetings.
  const deals: Deal[] = [];
  for (let contact = 0; contact < contactCount; contact++) {
    if (!random.chance(0.12)) continue;
    const createdAt = firstTouchOfContact[contact] + days(5 + random.exponential(25));
    if (createdAt >= end) continue;
    const draw = random.uniform();
    const closedAt = draw < 0.55 ? Math.min(end - 1, createdAt + days(10 + random.exponential(40))) : null;
    const won = closedAt !== null && draw < 0.3;
    const euro = random.chance(0.1);
    deals.push({
      deal_id: `d-${deals.length + 1}`,
      name: `Deal ${deals.length + 1}`,
      amount: Math.round(random.logNormal(12000, 0.8) / 10) * 10,
      currency: euro ? 'EUR' : 'USD',
      stage: closedAt === null ? random.pick(['qualification', 'demo', 'proposal', 'negotiation']) : won ? 'closedwon' : 'closedlost',
      created_at: Math.floor(createdAt),
      closed_at: closedAt === null ? null : Math.floor(closedAt),
      is_won: won,
      contact_ids: [contacts[contact].contact_id],
    });
    for (let meeting = random.integer(1, 3); meeting > 0; meeting--) {
      const at = createdAt - days(random.uniform() * 5) + days(random.uniform() * 20);
      if (at < end && at > firstTouchOfContact[contact]) addTouch(contact, at, { type: 'meeting' }, '', 'organic');
    }
  }

  const events = returnsOfContact.length === 0 ? ambiguousEvents : ambiguousEvents.map((event, index) => ({ ...event, returns: returnsOfContact[contactOfEvent[index]] }));
  const bayes = bayesOptimalAccuracy(world, events);
  // A CRM whose campaigns carry no dates (HubSpot and Salesforce leave them optional): the world
  // and its responses are the same, only the export loses start_at and end_at.
  const exported = options.shape?.undatedCampaigns ? campaigns.map((campaign) => ({ ...campaign, start_at: null, end_at: null })) : campaigns;
  return { tables: { campaigns: exported, contacts, touchpoints, deals }, truth, bayes, world };
}
