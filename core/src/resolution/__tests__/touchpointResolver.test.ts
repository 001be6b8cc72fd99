import fc from 'fast-check';
import { createDataset } from '../../dataset/dataset';
import type { Touchpoint } from '../../schemas/touchpoint';
import { defaultResolver } from '..';
import { brandFromSiteHost, resolveDataset } from '../touchpointResolver';
import { campaignRow, touchRow } from './testCampaigns';

const day = (dayOfMarch: number): number => Date.UTC(2025, 2, dayOfMarch);
const campaigns = [
  campaignRow({
    campaign_id: 'maya',
    name: 'Maya spring',
    channel: 'influencer',
    influencer_id: 'inf-maya',
    influencer_handle: '@maya.creates',
    utm_campaign: 'maya-spring-2025',
    promo_codes: ['MAYA10'],
    landing_url: 'https://acme.io/maya',
    branded_terms: ['acme'],
    start_at: day(1),
    end_at: day(20),
  }),
  campaignRow({ campaign_id: 'brand', name: 'Google brand', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'google-brand' }),
];
const touches: Touchpoint[] = [
  touchRow({ touchpoint_id: 't-exact', contact_id: 'c1', utm_campaign: 'maya-spring-2025' }),
  touchRow({ touchpoint_id: 't-url', contact_id: 'c2', url: 'https://acme.io/?utm_source=ig&utm_campaign=Maya%20Spring%202025' }),
  touchRow({ touchpoint_id: 't-fuzzy', contact_id: 'c3', url: 'https://acme.io/?utm_campaign=maya-spring-2025-story' }),
  touchRow({ touchpoint_id: 't-landing', contact_id: 'c4', url: 'https://acme.io/Maya/' }),
  touchRow({ touchpoint_id: 't-bio', contact_id: 'c5', url: 'https://acme.io/', referrer: 'https://linktr.ee/maya.creates' }),
  touchRow({ touchpoint_id: 't-wrapped', contact_id: 'c6', url: 'https://acme.io/', referrer: `https://l.instagram.com/?u=${encodeURIComponent('https://acme.io/?utm_campaign=maya-spring-2025')}` }),
  touchRow({ touchpoint_id: 't-promo', contact_id: 'c7', type: 'form_submit', url: 'https://acme.io/demo', promo_code: 'maya 1o', occurred_at: day(40) }),
  touchRow({ touchpoint_id: 't-paid', contact_id: 'c8', url: 'https://acme.io/?utm_source=google&utm_medium=cpc&utm_campaign=google-brand&gclid=x' }),
  touchRow({ touchpoint_id: 't-unknown', contact_id: 'c9', url: 'https://acme.io/?utm_campaign=newsletter-oct' }),
  touchRow({ touchpoint_id: 't-broken', contact_id: 'c10', url: 'ht!tp://%%%zz', referrer: '::::', promo_code: '🎉' }),
  touchRow({ touchpoint_id: 't-meeting', contact_id: 'c1', type: 'meeting', occurred_at: day(5) }),
  touchRow({ touchpoint_id: 't-utm-id', contact_id: 'c11', url: 'https://acme.io/?utm_id=brand&utm_source=google' }),
  // Clicks recorded with the redirector's URL instead of the page it led to.
  touchRow({ touchpoint_id: 't-url-wrapped', contact_id: 'c12', url: `https://l.facebook.com/l.php?u=${encodeURIComponent('https://acme.io/?utm_campaign=maya-spring-2025')}&h=AT0` }),
  touchRow({ touchpoint_id: 't-url-google', contact_id: 'c13', url: 'https://www.google.com/url?q=https://acme.io/maya&sa=D&usg=AOv' }),
  touchRow({ touchpoint_id: 't-landing-index', contact_id: 'c14', url: 'https://acme.io/maya/index.html' }),
  // A later page view of a session a tagged link opened: the referrer is the tagged landing page.
  touchRow({ touchpoint_id: 't-session', contact_id: 'c16', url: 'https://acme.io/pricing', referrer: 'https://www.acme.io/?utm_source=ig&utm_campaign=maya-spring-2025' }),
  // No URL of its own: it landed where the link-in-bio redirect led (a creator's landing page).
  touchRow({ touchpoint_id: 't-no-url', contact_id: 'c18', url: '', referrer: `https://l.instagram.com/?u=${encodeURIComponent('https://acme.io/maya')}&e=AT0` }),
  // Another site's tagged page is not ours to read.
  touchRow({ touchpoint_id: 't-foreign-tags', contact_id: 'c17', url: 'https://acme.io/pricing', referrer: 'https://other.example/?utm_campaign=maya-spring-2025' }),
  touchRow({ touchpoint_id: 't-promo-words', contact_id: 'c15', type: 'form_submit', url: 'https://acme.io/demo', promo_code: 'code: maya10 (podcast)', occurred_at: day(40) }),
];
const contacts = [...new Set(touches.map((touch) => touch.contact_id))].map((contact_id) => ({ contact_id, created_at: day(1) }));
const dataset = createDataset({ campaigns, contacts, touchpoints: touches, deals: [] });

describe('resolveDataset', () => {
  const { resolutions, report } = resolveDataset(dataset);
  const byId = new Map(resolutions.map((resolution, index) => [dataset.touchpoints[index].touchpoint_id, resolution]));

  it.each([
    ['t-exact', 'maya', 'exact'],
    ['t-url', 'maya', 'normalized'],
    ['t-fuzzy', 'maya', 'fuzzy_tag'],
    ['t-landing', 'maya', 'landing_page'],
    ['t-bio', 'maya', 'referrer'],
    ['t-wrapped', 'maya', 'exact'],
    ['t-promo', 'maya', 'promo_code'],
    ['t-paid', 'brand', 'exact'],
    ['t-unknown', null, 'none'],
    ['t-broken', null, 'none'],
    ['t-meeting', null, 'none'],
    ['t-utm-id', 'brand', 'exact'],
    ['t-url-wrapped', 'maya', 'exact'],
    ['t-url-google', 'maya', 'landing_page'],
    ['t-landing-index', 'maya', 'landing_page'],
    ['t-session', 'maya', 'exact'],
    ['t-foreign-tags', null, 'none'],
    ['t-no-url', 'maya', 'landing_page'],
    ['t-promo-words', 'maya', 'promo_code'],
  ])('%s → %s by %s', (touchpointId, campaignId, match) => {
    const resolution = byId.get(touchpointId)!;
    expect({ campaignId: resolution.campaignId, match: resolution.match }).toEqual({ campaignId, match });
    expect(resolution.confidence).toBeGreaterThanOrEqual(0);
    expect(resolution.confidence).toBeLessThanOrEqual(1);
    expect(resolution.explanation.length).toBeGreaterThan(0);
    expect(resolution.explanation).not.toContain('\n');
  });

  it('explains in words a rep can read and classifies channels', () => {
    expect(byId.get('t-promo')!.explanation).toBe('promo code maya 1o typed in the form submit (campaign "Maya spring")');
    expect(byId.get('t-promo')!.influencerId).toBe('inf-maya');
    expect(byId.get('t-paid')!.channel).toBe('paid search');
    expect(byId.get('t-meeting')!.channel).toBe('other');
    expect(byId.get('t-unknown')!.explanation).toBe('utm_campaign "newsletter-oct" matches no campaign');
  });

  it('counts what it could not read', () => {
    expect(report.malformedUrls).toBe(1);
    expect(report.unmatchedTags).toBe(1);
    expect(report.topUnmatchedTags).toEqual([['newsletter-oct', 1]]);
    expect(report.unmatchedPromoCodes).toBe(1);
  });

  it('is the default resolver and does not mutate its input', () => {
    const frozen = createDataset({ campaigns: campaigns.map((row) => Object.freeze({ ...row })), contacts, touchpoints: touches.map((row) => Object.freeze({ ...row })), deals: [] });
    const before = JSON.stringify(frozen.touchpoints);
    expect(defaultResolver().resolve(frozen).map((resolution) => resolution.match)).toEqual(resolutions.map((resolution) => resolution.match));
    expect(JSON.stringify(frozen.touchpoints)).toBe(before);
  });

  it('resolves arbitrary URLs, referrers and codes without throwing, confidences in [0, 1] (property)', () => {
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('%E0%A4%A', '🎉', 'https://linktr.ee/🎉', `https://acme.io/?q=${'x'.repeat(10_000)}`));
    fc.assert(
      fc.property(fc.array(fc.record({ url: text, referrer: text, promo_code: fc.string({ maxLength: 12 }), utm_campaign: fc.string({ maxLength: 20 }) }), { minLength: 1, maxLength: 8 }), (rows) => {
        const randomTouches = rows.map((row, index) => touchRow({ touchpoint_id: `r${index}`, contact_id: 'c1', ...row }));
        const randomDataset = createDataset({ campaigns, contacts: [{ contact_id: 'c1', created_at: day(1) }], touchpoints: randomTouches, deals: [] });
        for (const resolution of resolveDataset(randomDataset).resolutions) {
          expect(resolution.confidence).toBeGreaterThanOrEqual(0);
          expect(resolution.confidence).toBeLessThanOrEqual(1);
          expect(resolution.campaignIndex === -1).toBe(resolution.campaignId === null);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('explanations of touches that share a resolution', () => {
  it('say where each promo code was and quote each handle as written, however many touches came first', () => {
    const sharing: Touchpoint[] = [
      touchRow({ touchpoint_id: 'u1', contact_id: 'c1', type: 'form_submit', url: 'https://acme.io/demo?code=MAYA10', occurred_at: day(5) }),
      touchRow({ touchpoint_id: 'u2', contact_id: 'c2', type: 'form_submit', url: 'https://acme.io/demo', promo_code: 'MAYA10', occurred_at: day(5) }),
      touchRow({ touchpoint_id: 'u3', contact_id: 'c3', url: 'https://acme.io/', utm_source: 'Maya.Creates', occurred_at: day(5) }),
      touchRow({ touchpoint_id: 'u4', contact_id: 'c4', url: 'https://acme.io/', utm_source: '@maya.creates', occurred_at: day(5) }),
    ];
    const data = createDataset({ campaigns, contacts: sharing.map((touch) => ({ contact_id: touch.contact_id, created_at: day(1) })), touchpoints: sharing, deals: [] });
    const [inUrl, typed, capitalised, withAt] = resolveDataset(data).resolutions;
    expect([inUrl.campaignId, typed.campaignId, capitalised.campaignId, withAt.campaignId]).toEqual(['maya', 'maya', 'maya', 'maya']);
    expect(inUrl.explanation).toContain('in the landing URL');
    expect(typed.explanation).toContain('typed in the form submit');
    expect(capitalised.explanation).toContain('"Maya.Creates"');
    expect(withAt.explanation).toContain('"@maya.creates"');
  });
});

describe('brandFromSiteHost', () => {
  it('takes the brand from the host most touches land on', () => {
    const urls = ['https://www.acme.io/', 'https://acme.io/pricing', 'https://docs.other.com/'];
    expect(brandFromSiteHost((index) => urls[index], urls.length)).toEqual(['acme']);
    expect(brandFromSiteHost(() => '', 0)).toEqual([]);
  });
});

describe('inference candidates from other export shapes', () => {
  it('treats an organic-search tag with a branded utm_term, or a search touch type, as a branded search', () => {
    const start = Date.UTC(2025, 0, 1);
    const rows: Touchpoint[] = [];
    const contactRows: Array<{ contact_id: string; created_at: number }> = [];
    // A creator campaign with tagged clicks on day 100, and brand searches of both shapes right after.
    for (let index = 0; index < 30; index++) {
      const at = start + 100 * 86_400_000 + index * 60_000;
      rows.push(touchRow({ touchpoint_id: `click${index}`, contact_id: `k${index}`, occurred_at: at, utm_campaign: 'maya-spring-2025' }));
      contactRows.push({ contact_id: `k${index}`, created_at: at });
    }
    const searchAt = start + 100.5 * 86_400_000;
    rows.push(touchRow({ touchpoint_id: 'term', contact_id: 's1', occurred_at: searchAt, url: 'https://acme.io/?utm_source=google&utm_medium=organic&utm_term=acme%20crm' }));
    rows.push(touchRow({ touchpoint_id: 'typed', contact_id: 's2', occurred_at: searchAt, type: 'organic_search', search_query: 'Acme pricing' }));
    contactRows.push({ contact_id: 's1', created_at: searchAt }, { contact_id: 's2', created_at: searchAt });
    const wide = [{ ...campaigns[0], start_at: start + 99 * 86_400_000, end_at: start + 101 * 86_400_000 }];
    const data = createDataset({ campaigns: wide, contacts: contactRows, touchpoints: rows, deals: [] });
    const { resolutions, report } = resolveDataset(data);
    expect(report.inferred.candidates).toBe(2);
    const byId = new Map(resolutions.map((resolution, index) => [data.touchpoints[index].touchpoint_id, resolution]));
    for (const id of ['term', 'typed']) {
      expect(byId.get(id)!.match).toBe('inferred');
      expect(byId.get(id)!.explanation).toMatch(/^first visit by branded search while campaign "Maya spring"/);
    }
  });
});

describe('a campaign seen only through promo codes', () => {
  it('is anchored at its codes, not at a start date weeks before its post', () => {
    // A podcast campaign dated from day 100 whose one read (day 130) drew no tagged click: 12 promo
    // codes typed over the next days, and 20 branded searches within a day and a half of the read,
    // against a year of organic branded searches (one a day).
    const start = Date.UTC(2025, 0, 1);
    const at = (days: number): number => start + days * 86_400_000;
    const podcast = campaignRow({
      campaign_id: 'pod',
      name: 'Pod read',
      channel: 'influencer',
      influencer_id: 'inf-pod',
      utm_source: 'podcast',
      utm_campaign: 'pod-2025',
      promo_codes: ['PODCAST20'],
      branded_terms: ['acme'],
      start_at: at(100),
      end_at: at(140),
    });
    const rows: Touchpoint[] = [];
    const search = (id: string, days: number): Touchpoint =>
      touchRow({ touchpoint_id: id, contact_id: id, occurred_at: at(days), url: 'https://acme.io/', referrer: 'https://www.google.com/', search_query: 'acme' });
    for (let index = 0; index < 365; index++) rows.push(search(`organic${index}`, index + ((index * 0.618) % 1)));
    for (let index = 0; index < 12; index++)
      rows.push(touchRow({ touchpoint_id: `code${index}`, contact_id: `code${index}`, occurred_at: at(130.2 + index * 0.5), type: 'form_submit', url: 'https://acme.io/demo', promo_code: 'PODCAST20' }));
    for (let index = 0; index < 20; index++) rows.push(search(`listener${index}`, 130.3 + index * 0.06));
    const data = createDataset({ campaigns: [podcast], contacts: rows.map((row) => ({ contact_id: row.contact_id, created_at: row.occurred_at })), touchpoints: rows, deals: [] });
    const { resolutions } = resolveDataset(data);
    const listeners = resolutions.filter((_resolution, index) => data.touchpointTable.ids.get(index).startsWith('listener'));
    const credited = listeners.filter((resolution) => resolution.campaignId === 'pod' && resolution.match === 'inferred');
    expect(credited.length).toBeGreaterThanOrEqual(15);
  });
});

describe('searches without their query', () => {
  // Search engines strip the query from the referrer ("not provided"): most organic searches in
  // real CRM data arrive like this, a creator's audience searching the brand among them.
  const start = Date.UTC(2025, 0, 1);
  const at = (days: number): number => start + days * 86_400_000;
  const noQuery = (id: string, days: number, type = 'page_view'): Touchpoint =>
    touchRow({ touchpoint_id: id, contact_id: id, occurred_at: at(days), type, url: 'https://acme.io/', referrer: 'https://www.google.com/' });
  const wide = [{ ...campaigns[0], start_at: at(90), end_at: at(120) }];

  function resolveWith(rows: Touchpoint[]) {
    const data = createDataset({ campaigns: wide, contacts: rows.map((row) => ({ contact_id: row.contact_id, created_at: row.occurred_at })), touchpoints: rows, deals: [] });
    const { resolutions, report } = resolveDataset(data);
    return { report, byId: new Map(resolutions.map((resolution, index) => [data.touchpointTable.ids.get(index), resolution])) };
  }

  it('are their own kind of candidate: organic far from the campaign, inferred in the burst after its clicks', () => {
    // A year of organic searches without a query (two a day), 40 tagged clicks on day 100, and 30
    // searches without a query in the day after them.
    const rows: Touchpoint[] = [];
    for (let index = 0; index < 730; index++) rows.push(noQuery(`organic${index}`, index / 2 + ((index * 0.618) % 0.5)));
    for (let index = 0; index < 40; index++) rows.push(touchRow({ touchpoint_id: `click${index}`, contact_id: `click${index}`, occurred_at: at(100) + index * 60_000, utm_campaign: 'maya-spring-2025' }));
    for (let index = 0; index < 30; index++) rows.push(noQuery(`fan${index}`, 100.1 + index * 0.03));
    const { report, byId } = resolveWith(rows);
    expect(report.inferred.candidates).toBe(760);
    expect(report.inferred.baselinePerDay['search without its query']).toBeGreaterThan(1.5);
    expect(report.inferred.baselinePerDay['search without its query']).toBeLessThan(2.5);
    const fans = [...Array(30).keys()].map((index) => byId.get(`fan${index}`)!);
    expect(fans.filter((resolution) => resolution.campaignId === 'maya' && resolution.match === 'inferred').length).toBeGreaterThanOrEqual(20);
    expect(fans[0].explanation).toMatch(/^first visit by search without its query while campaign "Maya spring"/);
    const farFromPosts = [...Array(100).keys()].map((index) => byId.get(`organic${index}`)!);
    for (const resolution of farFromPosts) {
      expect(resolution).toMatchObject({ campaignId: null, match: 'none' });
      expect(resolution.explanation).toMatch(/^first visit by search without its query, more likely organic/);
    }
  });

  it('read a placeholder query ("(not provided)") as no query, and a "(direct)" referrer as no referrer', () => {
    const rows = [
      touchRow({ touchpoint_id: 'hidden', contact_id: 'hidden', occurred_at: at(10), url: 'https://acme.io/', referrer: 'https://www.google.com/', search_query: '(not provided)' }),
      touchRow({ touchpoint_id: 'typed', contact_id: 'typed', occurred_at: at(11), url: 'https://acme.io/pricing', referrer: '(direct)' }),
    ];
    const { report, byId } = resolveWith(rows);
    expect(report.inferred.candidates).toBe(2);
    expect(report.malformedReferrers).toBe(0);
    expect(byId.get('hidden')!.explanation).toMatch(/^first visit by search without its query/);
    expect(byId.get('typed')!.explanation).toMatch(/^first visit by direct visit/);
  });

  it('take a touch type naming a branded search as one, query or not; a known generic query is no candidate', () => {
    const rows = [noQuery('typed', 10, 'branded_search'), touchRow({ touchpoint_id: 'generic', contact_id: 'generic', occurred_at: at(11), url: 'https://acme.io/', referrer: 'https://www.google.com/', search_query: 'best crm' })];
    const { report, byId } = resolveWith(rows);
    expect(report.inferred.candidates).toBe(1);
    expect(byId.get('typed')!.explanation).toMatch(/^first visit by branded search/);
    expect(byId.get('generic')!.explanation).toBe('no campaign evidence (organic search)');
  });
});

describe('direct-visit candidates', () => {
  it('takes a readable URL without referrer as a direct visit, but not an unreadable URL or referrer', () => {
    const rows = [
      touchRow({ touchpoint_id: 'plain', contact_id: 'c1', url: 'https://acme.io/pricing' }),
      touchRow({ touchpoint_id: 'script', contact_id: 'c2', url: 'javascript:alert(1)' }),
      touchRow({ touchpoint_id: 'garbled', contact_id: 'c3', url: 'https://acme.io/', referrer: '::::' }),
    ];
    const contactRows = ['c1', 'c2', 'c3'].map((contact_id) => ({ contact_id, created_at: day(1) }));
    const data = createDataset({ campaigns, contacts: contactRows, touchpoints: rows, deals: [] });
    const { resolutions, report } = resolveDataset(data);
    expect(report.inferred.candidates).toBe(1);
    expect(resolutions[0].explanation).toMatch(/^first visit by direct visit/);
    for (const resolution of resolutions.slice(1)) expect(resolution).toMatchObject({ campaignId: null, match: 'none' });
    expect(resolutions[1].explanation).not.toMatch(/direct visit/);
    expect(resolutions[2].explanation).not.toMatch(/direct visit/);
  });
});

describe('creator-specific branded terms', () => {
  it('credits a branded search naming a term only one creator lists to that creator', () => {
    const withTerms = [
      { ...campaigns[0], branded_terms: ['acme', 'maya acme'] },
      campaignRow({ campaign_id: 'tom', influencer_id: 'inf-tom', utm_campaign: 'tom-2025', branded_terms: ['acme'] }),
    ];
    const rows = [
      touchRow({ touchpoint_id: 's1', contact_id: 'c1', url: 'https://acme.io/', referrer: 'https://www.google.com/', search_query: 'Maya Acme discount' }),
      touchRow({ touchpoint_id: 's2', contact_id: 'c2', url: 'https://acme.io/', referrer: 'https://www.google.com/', search_query: 'acme pricing' }),
    ];
    const data = createDataset({ campaigns: withTerms, contacts: [{ contact_id: 'c1', created_at: day(1) }, { contact_id: 'c2', created_at: day(1) }], touchpoints: rows, deals: [] });
    const [named, plain] = resolveDataset(data).resolutions;
    expect(named).toMatchObject({ campaignId: 'maya', match: 'inferred', confidence: 0.9 });
    expect(named.explanation).toBe('branded search naming "maya acme", a term only campaign "Maya spring" lists');
    // A plain brand search is left to the inference (here too little data to say much).
    expect(plain.explanation).toMatch(/^first visit by branded search/);
  });
});

describe('a damaged promo code between one creator\'s campaigns', () => {
  it('goes to the creator\'s campaign running at the time of the touch, and says so', () => {
    const nora = (campaign_id: string, code: string, from: number, to: number) =>
      campaignRow({ campaign_id, name: campaign_id, channel: 'influencer', influencer_id: 'inf-nora', utm_campaign: campaign_id, promo_codes: [code], start_at: day(from), end_at: day(to) });
    const data = createDataset({
      campaigns: [nora('nora-spring', 'NORA20', 1, 20), nora('nora-summer', 'NORA10', 60, 80), campaignRow({ campaign_id: 'other', influencer_id: 'inf-lena', promo_codes: ['NORA15'] })],
      contacts: [1, 2, 3].map((index) => ({ contact_id: `c${index}`, created_at: day(1) })),
      touchpoints: [
        touchRow({ touchpoint_id: 'spring', contact_id: 'c1', type: 'form_submit', promo_code: 'NORA0', occurred_at: day(10) }),
        touchRow({ touchpoint_id: 'summer', contact_id: 'c2', type: 'form_submit', promo_code: 'nora 0', occurred_at: day(70) }),
        // One edit from NORA10 (Nora's) and from NORA15 (another creator's): refused.
        touchRow({ touchpoint_id: 'two-creators', contact_id: 'c3', type: 'form_submit', promo_code: 'NORA1', occurred_at: day(70) }),
      ],
      deals: [],
    });
    const { resolutions } = resolveDataset(data);
    expect(resolutions.map((resolution) => resolution.campaignId)).toEqual(['nora-spring', 'nora-summer', null]);
    expect(resolutions[0].match).toBe('promo_code');
    expect(resolutions[0].explanation).toContain('read as NORA10 or NORA20 (1 edit)');
    expect(resolutions[2].explanation).toBe('promo code "NORA1" matches no single campaign');
  });
});

describe('a tag that fits several of one creator\'s campaigns', () => {
  it('goes to the creator\'s campaign running at the time of the touch; between two creators it is refused', () => {
    const kai = (campaign_id: string, tag: string, from: number, to: number) =>
      campaignRow({ campaign_id, name: campaign_id, channel: 'influencer', influencer_id: 'inf-kai', utm_campaign: tag, start_at: day(from), end_at: day(to) });
    const data = createDataset({
      campaigns: [
        kai('kai-a', 'kai-2025-q1-a', 1, 20),
        kai('kai-b', 'kai-2025-q1-b', 40, 60),
        // One creator reusing one link for two seasons.
        kai('kai-c', 'kai-link', 70, 80),
        kai('kai-d', 'kai-link', 85, 95),
        // A joint link of two creators.
        campaignRow({ campaign_id: 'kai-duo', channel: 'influencer', influencer_id: 'inf-kai', utm_campaign: 'duo-q1' }),
        campaignRow({ campaign_id: 'ana-duo', channel: 'influencer', influencer_id: 'inf-ana', utm_campaign: 'duo-q1' }),
      ],
      contacts: [1, 2, 3, 4].map((index) => ({ contact_id: `c${index}`, created_at: day(1) })),
      touchpoints: [
        // Cut before the season's letter: Kai's, and the dates say which.
        touchRow({ touchpoint_id: 'early', contact_id: 'c1', utm_campaign: 'kai-2025-q1', occurred_at: day(10) }),
        touchRow({ touchpoint_id: 'late', contact_id: 'c2', utm_campaign: 'KAI_2025_Q1', occurred_at: day(50) }),
        touchRow({ touchpoint_id: 'reused', contact_id: 'c3', utm_campaign: 'kai-link', occurred_at: day(90) }),
        // Kai's or Ana's: nobody's.
        touchRow({ touchpoint_id: 'two-creators', contact_id: 'c4', utm_campaign: 'duo-q1', occurred_at: day(10) }),
      ],
      deals: [],
    });
    const { resolutions } = resolveDataset(data);
    expect(resolutions.map((resolution) => resolution.campaignId)).toEqual(['kai-a', 'kai-b', 'kai-d', null]);
    expect(resolutions[0]).toMatchObject({ match: 'fuzzy_tag', confidence: 0.95 });
    expect(resolutions[0].explanation).toContain('fits 2 campaigns of one creator (truncated)');
    expect(resolutions[2]).toMatchObject({ match: 'exact' });
    expect(resolutions[3].explanation).toContain('could be several campaigns');
  });
});

describe('one promo code for all of a creator\'s campaigns', () => {
  it('goes to the campaign whose posts the code followed, not the one running when it was typed', () => {
    const leo = (campaign_id: string, from: number, to: number) =>
      campaignRow({ campaign_id, name: campaign_id, channel: 'influencer', influencer_id: 'inf-leo', utm_campaign: campaign_id, promo_codes: ['LEO10'], start_at: day(from), end_at: day(to) });
    // Spring runs March 1-20 with clicks on the 5th; summer runs from March 25 with clicks on April 20.
    const clicks = (campaign: string, dayOfMarch: number, prefix: string) =>
      Array.from({ length: 10 }, (_value, index) => touchRow({ touchpoint_id: `${prefix}${index}`, contact_id: `${prefix}${index}`, utm_campaign: campaign, occurred_at: day(dayOfMarch) + index * 3_600_000 }));
    const codes = [
      // Typed on March 28 (summer running, its posts weeks away): spring's.
      touchRow({ touchpoint_id: 'late-spring', contact_id: 'k1', type: 'form_submit', promo_code: 'LEO10', occurred_at: day(28) }),
      // Typed on April 25, five days after summer's clicks: summer's.
      touchRow({ touchpoint_id: 'summer', contact_id: 'k2', type: 'form_submit', promo_code: 'leo 10', occurred_at: day(56) }),
    ];
    const touchpoints = [...clicks('leo-spring', 5, 's'), ...clicks('leo-summer', 51, 'u'), ...codes];
    const data = createDataset({
      campaigns: [leo('leo-spring', 1, 20), leo('leo-summer', 25, 80)],
      contacts: touchpoints.map((touch) => ({ contact_id: touch.contact_id, created_at: day(1) })),
      touchpoints,
      deals: [],
    });
    const { resolutions } = resolveDataset(data);
    const byId = new Map(resolutions.map((resolution, index) => [data.touchpoints[index].touchpoint_id, resolution]));
    expect(byId.get('late-spring')!.campaignId).toBe('leo-spring');
    expect(byId.get('summer')!.campaignId).toBe('leo-summer');
    expect(byId.get('late-spring')!.explanation).toMatch(/the one whose posts a code typed then most likely followed, P=/);
  });
});
