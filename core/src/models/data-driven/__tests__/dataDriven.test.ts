import { prepareModels, forEachCredit } from '../../../attribution/runModels';
import type { Journey } from '../../../journeys/journey';
import type { TouchpointResolution } from '../../../resolution/resolution';
import { AS_OF, contactsCreatedAt, day, deal, fixtureDataset, journeysOf, touchpoint } from '../../../../test/fixtures';
import { DATA_DRIVEN_MODELS, findModel } from '../../registry';
import type { AttributionModel, ModelSettings } from '../../model';
import { defineDataDrivenModel } from '../defineDataDrivenModel';
import { journeyPaths } from '../journeyPaths';
import { pathCount, type PathTable } from '../pathTable';
import { stateWeightShares } from '../stateWeightShares';

function resolution(channel: string, campaignId: string | null = null): TouchpointResolution {
  return { campaignIndex: -1, campaignId, influencerId: null, channel, match: 'none', confidence: 1, explanation: '' };
}

function journeyOf(touches: number[]): Journey {
  return { touches: Int32Array.from(touches) } as unknown as Journey;
}

function pathsByName(table: PathTable): Record<string, [number, number, number]> {
  const result: Record<string, [number, number, number]> = {};
  for (let path = 0; path < pathCount(table); path++) {
    const names = Array.from(table.pathStates.subarray(table.pathOffsets[path], table.pathOffsets[path + 1]), (state) => table.stateNames[state]);
    result[names.join('>')] = [table.conversions[path], table.values[path], table.nulls[path]];
  }
  return result;
}

describe('per-deal credit of data-driven models', () => {
  it('splits a deal over its states by weight, equally among touches of one state', () => {
    // Touchpoints 0, 1 are state 0 (weight 3); touchpoint 2 is state 1 (weight 1); 3 is state 2 (weight 0).
    // Journey 0,1,2,3: state 0 gets 3/4 split over two touches (3/8 each), state 1 gets 1/4, state 2 nothing.
    const shares = new Float64Array(4);
    const split = stateWeightShares(Int32Array.from([0, 0, 1, 2]), Float64Array.from([3, 1, 0]));
    split(journeyOf([0, 1, 2, 3]), shares);
    expect(Array.from(shares)).toEqual([0.375, 0.375, 0.25, 0]);
    // Only weightless states: an equal split, so the deal is still fully credited.
    split(journeyOf([3, 3]), shares);
    expect(Array.from(shares.subarray(0, 2))).toEqual([0.5, 0.5]);
    // The scratch counters were reset: the same journey again gives the same shares.
    split(journeyOf([0, 1, 2, 3]), shares);
    expect(Array.from(shares)).toEqual([0.375, 0.375, 0.25, 0]);
  });

  it('counts only the touches up to the given position (the pipeline outcome: up to the deal’s creation)', () => {
    const shares = new Float64Array(4);
    const throughSecond = stateWeightShares(Int32Array.from([0, 0, 1, 2]), Float64Array.from([3, 1, 0]), () => 1);
    // Touches 0 and 1 (state 0) take part; 2 and 3 come later and get nothing, though state 1 weighs 1.
    throughSecond(journeyOf([0, 1, 2, 3]), shares);
    expect(Array.from(shares)).toEqual([0.5, 0.5, 0, 0]);
    // No touch before the deal's creation (-1): the whole journey takes part, as without a limit.
    const noneBefore = stateWeightShares(Int32Array.from([0, 0, 1, 2]), Float64Array.from([3, 1, 0]), () => -1);
    noneBefore(journeyOf([0, 1, 2, 3]), shares);
    expect(Array.from(shares)).toEqual([0.375, 0.375, 0.25, 0]);
  });
});

describe('journeyPaths', () => {
  // c1: deal d1 (won), touches t1 (email) then t2 (social). c2: deal d2 (lost), t3 (email).
  // c3: no deal, touches t4 (social), t5 (email) -> a non-converting path. c4: open deal d3, t6 (email).
  const dataset = fixtureDataset({
    contacts: contactsCreatedAt(day(1), 'c1', 'c2', 'c3', 'c4'),
    touchpoints: [
      touchpoint('t1', 'c1', day(2)),
      touchpoint('t2', 'c1', day(3)),
      touchpoint('t3', 'c2', day(4)),
      touchpoint('t4', 'c3', day(5)),
      touchpoint('t5', 'c3', day(6)),
      touchpoint('t6', 'c4', day(7)),
    ],
    deals: [
      deal('d1', ['c1'], { amount: 500, closed_at: day(30), is_won: true, stage: 'closedwon' }),
      deal('d2', ['c2'], { amount: 300, closed_at: day(30), is_won: false, stage: 'closedlost' }),
      deal('d3', ['c4'], { amount: 200 }),
    ],
  });
  const channels = ['email', 'social', 'email', 'social', 'email', 'email'];
  const resolutions = channels.map((channel) => resolution(channel));
  const settings: ModelSettings = { asOf: AS_OF, lookbackDays: 365, halfLifeDays: 7, by: 'channel' };

  it('makes deal journeys converting and contacts without a deal non-converting (pipeline)', () => {
    const { table } = journeyPaths(dataset, resolutions, journeysOf(dataset), settings, 'pipeline');
    expect(pathsByName(table)).toEqual({ 'email>social': [1, 500, 0], email: [2, 500, 0], 'social>email': [0, 0, 1] });
  });

  it('with outcome revenue, lost deals do not convert and open deals are left out', () => {
    const { table } = journeyPaths(dataset, resolutions, journeysOf(dataset), settings, 'revenue');
    expect(pathsByName(table)).toEqual({ 'email>social': [1, 500, 0], email: [0, 0, 1], 'social>email': [0, 0, 1] });
  });

  it('ends a deal’s converting path at its creation for pipeline, and keeps every touch to the close for revenue', () => {
    // d1 is created on day 3 at 12:00: t1 (day 2) brought it in; t2 (day 3, 00:00) is at or before
    // the creation and counts; t7 (a meeting on day 4, after it) does not. d2 (lost) and d3 as above.
    const withLaterTouch = fixtureDataset({
      contacts: contactsCreatedAt(day(1), 'c1', 'c3'),
      touchpoints: [touchpoint('t1', 'c1', day(2)), touchpoint('t2', 'c1', day(3)), touchpoint('t7', 'c1', day(4)), touchpoint('t4', 'c3', day(5))],
      deals: [deal('d1', ['c1'], { amount: 500, created_at: day(3) + 12 * 3600_000, closed_at: day(30), is_won: true, stage: 'closedwon' })],
    });
    const states = ['email', 'social', 'meeting', 'social'].map((channel) => resolution(channel));
    const journeys = journeysOf(withLaterTouch);
    expect(pathsByName(journeyPaths(withLaterTouch, states, journeys, settings, 'pipeline').table)).toEqual({ 'email>social': [1, 500, 0], social: [0, 0, 1] });
    expect(pathsByName(journeyPaths(withLaterTouch, states, journeys, settings, 'revenue').table)).toEqual({ 'email>social>meeting': [1, 500, 0], social: [0, 0, 1] });
    // Through the model interface the meeting after the creation gets no share of the pipeline.
    const [prepared] = prepareModels(withLaterTouch, states, [findModel('shapley')], settings);
    const shares = new Map<string, number>();
    forEachCredit(prepared, (_journey, _position, touchpointIndex, share) => shares.set(withLaterTouch.touchpointTable.ids.get(touchpointIndex), share));
    expect(shares.get('t7')).toBe(0);
    expect((shares.get('t1') ?? 0) + (shares.get('t2') ?? 0)).toBeCloseTo(1, 12);
  });

  it('ends a non-converting journey at the contact’s last touch up to the as-of time, and reaches a lookback back from there', () => {
    // c5 was last seen on day 400, long before an as-of on day 1,000: its journey is days 100-400
    // (day 20 is more than 365 days before day 400), not empty as a window before the as-of would
    // make it; c6's touch after the as-of is not in its journey.
    const asOf = day(1000);
    const longAgo = fixtureDataset({
      contacts: contactsCreatedAt(day(1), 'c1', 'c5', 'c6'),
      touchpoints: [
        touchpoint('t1', 'c1', day(2)),
        touchpoint('t8', 'c5', day(20)),
        touchpoint('t9', 'c5', day(100)),
        touchpoint('t10', 'c5', day(400)),
        touchpoint('t11', 'c6', day(990)),
        touchpoint('t12', 'c6', day(1005)),
      ],
      deals: [deal('d1', ['c1'], { amount: 500, created_at: day(3), closed_at: day(30), is_won: true, stage: 'closedwon' })],
    });
    const states = ['email', 'display', 'social', 'webinar', 'search', 'direct'].map((channel) => resolution(channel));
    const { table } = journeyPaths(longAgo, states, journeysOf(longAgo, 365, asOf), { ...settings, asOf }, 'pipeline');
    expect(pathsByName(table)).toEqual({ email: [1, 500, 0], 'social>webinar': [0, 0, 1], search: [0, 0, 1] });
  });

  it('names states by campaign, or "(no campaign) <channel>"', () => {
    const withCampaigns = channels.map((channel, index) => resolution(channel, index === 0 ? 'cmp-1' : null));
    const { table } = journeyPaths(dataset, withCampaigns, journeysOf(dataset), { ...settings, by: 'campaign' }, 'pipeline');
    expect(Object.keys(pathsByName(table)).sort()).toEqual(['(no campaign) email', '(no campaign) social>(no campaign) email', 'cmp-1>(no campaign) social']);
  });

  it.each(DATA_DRIVEN_MODELS.map((model) => model.name))('%s credits every deal in full through the model interface', (name) => {
    const model = findModel(name);
    expect(model.kind).toBe('data-driven');
    const [prepared] = prepareModels(dataset, resolutions, [model], settings);
    const dealShare = new Map<string, number>();
    forEachCredit(prepared, (journey, _position, _touchpoint, share) => dealShare.set(journey.deal.deal_id, (dealShare.get(journey.deal.deal_id) ?? 0) + share));
    expect([...dealShare.keys()].sort()).toEqual(['d1', 'd2', 'd3']);
    for (const total of dealShare.values()) expect(total).toBeCloseTo(1, 12);
  });

  describe('a fit in the background (compare with several models)', () => {
    const weightsFit = (table: PathTable) => ({ stateNames: table.stateNames, conversions: new Float64Array(table.stateNames.length), values: new Float64Array(table.stateNames.length), weights: Float64Array.from(table.stateNames, (name) => (name === 'email' ? 3 : 1)) });
    const creditsOf = (model: AttributionModel): number[] => {
      const prepared = prepareModels(dataset, resolutions, [findModel('linear'), model], settings)[1];
      const credits: number[] = [];
      forEachCredit(prepared, (_journey, _position, _touchpoint, share) => credits.push(share));
      return credits;
    };

    it('is waited for on the first share asked, once, and gives the shares of a fit here', () => {
      const events: string[] = [];
      const background = defineDataDrivenModel('background', 'test', weightsFit, {
        anticipate: () => events.push('anticipated'),
        start: (table) => {
          events.push('started');
          return () => (events.push('waited'), weightsFit(table));
        },
      });
      const here = defineDataDrivenModel('here', 'test', weightsFit);
      expect(creditsOf(background)).toEqual(creditsOf(here));
      expect(events).toEqual(['anticipated', 'started', 'waited']);
    });

    it('is fitted here when the background fit gives nothing (it failed)', () => {
      const background = defineDataDrivenModel('background', 'test', weightsFit, { start: () => () => undefined });
      expect(creditsOf(background)).toEqual(creditsOf(defineDataDrivenModel('here', 'test', weightsFit)));
    });

    it('is not used when the model is prepared alone', () => {
      const background = defineDataDrivenModel('background', 'test', weightsFit, {
        anticipate: () => {
          throw new Error('not alone');
        },
        start: () => {
          throw new Error('not alone');
        },
      });
      const [prepared] = prepareModels(dataset, resolutions, [background], settings);
      let credited = 0;
      forEachCredit(prepared, (_journey, _position, _touchpoint, share) => (credited += share));
      expect(credited).toBeCloseTo(3, 12);
    });
  });
});
