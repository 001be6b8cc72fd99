import { createDataset } from '../../dataset/dataset';
import type { Touchpoint } from '../../schemas/touchpoint';
import { anchorRate, buildAnchorIndex, campaignByAnchors, silvermanBandwidthDays } from '../anchorChoice';
import { resolveDataset } from '../touchpointResolver';
import { campaignRow, touchRow } from './testCampaigns';

const DAY = 86_400_000;
const start = Date.UTC(2025, 0, 1);
const at = (days: number): number => start + days * DAY;

describe('anchorChoice', () => {
  it('takes Silverman\'s bandwidth, a week for a lone anchor, clipped to [0.25, 30] days', () => {
    expect(silvermanBandwidthDays(Float64Array.of(at(3)))).toBe(7);
    // Ten anchors one day apart: sd 3.03 days, IQR 4.5 / 1.34 = 3.36 → 1.06 · 3.03 · 10^(−1/5) = 2.02.
    const tenDays = Float64Array.from({ length: 10 }, (_value, index) => at(index));
    expect(silvermanBandwidthDays(tenDays)).toBeCloseTo(1.06 * Math.sqrt(110 / 12) * 10 ** -0.2, 6);
    expect(silvermanBandwidthDays(Float64Array.from({ length: 5 }, () => at(1)))).toBe(0.25);
    expect(silvermanBandwidthDays(Float64Array.of(at(0), at(400)))).toBe(30);
  });

  it('gives the touch to the campaign whose anchors surround it, with the rates\' share as its probability', () => {
    // Campaign 0's anchors around day 40, campaign 1's around day 200; campaign 2 has none.
    const index = buildAnchorIndex([
      [38, 39, 40, 41, 42].map(at),
      [198, 199, 200, 201, 202].map(at),
      [],
    ]);
    const early = campaignByAnchors(index, [0, 1, 2], at(41));
    expect(early?.index).toBe(0);
    expect(early!.probability).toBeGreaterThan(0.999);
    expect(campaignByAnchors(index, [0, 1, 2], at(203))?.index).toBe(1);
    // Two campaigns alike in spread, the touch half-way between them: an even split.
    const close = buildAnchorIndex([[10, 11, 12].map(at), [14, 15, 16].map(at)]);
    expect(anchorRate(close, 0, at(13))).toBeCloseTo(anchorRate(close, 1, at(13)), 12);
    expect(campaignByAnchors(close, [0, 1], at(13))!.probability).toBeCloseTo(0.5, 9);
    expect(campaignByAnchors(close, [0, 1], at(12.5))!.index).toBe(0);
    // Far from every anchor the anchors say nothing.
    expect(campaignByAnchors(index, [0, 1, 2], at(800))).toBeNull();
    expect(campaignByAnchors(index, [2], at(41))).toBeNull();
  });
});

describe('a creator with several campaigns and no campaign dates', () => {
  // Leo's spring and fall campaigns share a landing page and a link-in-bio page; the CRM gives
  // neither campaign dates. Each campaign's tagged clicks cluster after its post (days 60 and 250).
  const campaigns = ['spring', 'fall'].map((season) =>
    campaignRow({
      campaign_id: `leo-${season}`,
      name: `Leo ${season}`,
      channel: 'influencer',
      influencer_id: 'inf-leo',
      influencer_handle: '@leo',
      utm_campaign: `leo-${season}-2025`,
      landing_url: 'https://acme.io/leo',
    }),
  );
  const rows: Touchpoint[] = [];
  for (let click = 0; click < 15; click++) {
    rows.push(touchRow({ touchpoint_id: `spring-click${click}`, contact_id: `s${click}`, occurred_at: at(60 + click * 0.3), url: 'https://acme.io/leo?utm_campaign=leo-spring-2025' }));
    rows.push(touchRow({ touchpoint_id: `fall-click${click}`, contact_id: `f${click}`, occurred_at: at(250 + click * 0.3), url: 'https://acme.io/leo?utm_campaign=leo-fall-2025' }));
  }
  rows.push(touchRow({ touchpoint_id: 'fall-landing', contact_id: 'x1', occurred_at: at(252), url: 'https://acme.io/leo' }));
  rows.push(touchRow({ touchpoint_id: 'spring-bio', contact_id: 'x2', occurred_at: at(61), url: 'https://acme.io/', referrer: 'https://linktr.ee/leo' }));
  const data = createDataset({ campaigns, contacts: rows.map((row) => ({ contact_id: row.contact_id, created_at: row.occurred_at })), touchpoints: rows, deals: [] });
  const { resolutions, report } = resolveDataset(data);
  const byId = new Map(resolutions.map((resolution, index) => [data.touchpointTable.ids.get(index), resolution]));

  it('gives a landing-page or link-in-bio touch to the campaign whose tagged clicks surround it', () => {
    expect(byId.get('fall-landing')).toMatchObject({ campaignId: 'leo-fall', match: 'landing_page' });
    expect(byId.get('spring-bio')).toMatchObject({ campaignId: 'leo-spring', match: 'referrer' });
    expect(byId.get('fall-landing')!.confidence).toBeCloseTo(0.97, 3);
    expect(byId.get('fall-landing')!.explanation).toMatch(/tagged clicks and codes cluster around then, P=1\.00/);
    // The second pass keeps the counts right.
    expect(report.byMatch.landing_page).toBe(1);
    expect(report.byMatch.referrer).toBe(1);
    expect(report.byMatch.exact).toBe(30);
  });

  it('leaves a choice the dates make clear to the dates', () => {
    const dated = campaigns.map((campaign, index) => ({ ...campaign, start_at: at(index === 0 ? 50 : 240), end_at: at(index === 0 ? 100 : 300) }));
    // The fall landing touch at day 252 falls in the fall campaign's dates: the dates decide, the evidence's own confidence stands.
    const datedData = createDataset({ campaigns: dated, contacts: rows.map((row) => ({ contact_id: row.contact_id, created_at: row.occurred_at })), touchpoints: rows, deals: [] });
    const datedResolutions = resolveDataset(datedData).resolutions;
    const landing = datedResolutions[rows.findIndex((row) => row.touchpoint_id === 'fall-landing')];
    expect(landing).toMatchObject({ campaignId: 'leo-fall', match: 'landing_page', confidence: 0.97 });
    expect(landing.explanation).not.toMatch(/cluster/);
  });
});
