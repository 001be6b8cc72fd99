/**
 * Hand-computed shares for every rule-based model on small journeys. The expected values are worked
 * out in the comments from the model definitions in the README, not produced by the code.
 */
import { prepareModels } from '../../attribution/runModels';
import type { Dataset } from '../../dataset/dataset';
import type { TouchpointResolution } from '../../resolution/resolution';
import { utmCampaignResolver } from '../../resolution/utmCampaignResolver';
import { AS_OF, day, deal, fixtureDataset, touchIds, touchpoint } from '../../../test/fixtures';
import { findModel } from '../registry';
import type { ModelSettings } from '../model';
import { parseCustomRules } from '../custom/customRules';

const SETTINGS: ModelSettings = { asOf: AS_OF, lookbackDays: 30, halfLifeDays: 7 };
/** Open deals convert at AS_OF (day 60): a year of lookback keeps their January touches. */
const YEAR: ModelSettings = { ...SETTINGS, lookbackDays: 365 };

function sharesOf(dataset: Dataset, modelName: string, settings: ModelSettings = SETTINGS, dealIndex = 0): { ids: string[]; shares: number[] } {
  const resolutions: TouchpointResolution[] = utmCampaignResolver.resolve(dataset);
  const [prepared] = prepareModels(dataset, resolutions, [findModel(modelName)], settings);
  const journey = prepared.journeys[dealIndex];
  const shares = new Float64Array(journey.touches.length);
  prepared.shareFunction(journey, shares);
  return { ids: touchIds(dataset, journey), shares: Array.from(shares) };
}

function expectShares(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 10));
}

/*
 * Journey A: contact c1 became a lead on day 5; deal d1 was created on day 10 and won on day 20.
 * Touches on days 1, 4, 6, 12, 18 are in the journey; day 25 is after the conversion and day -15
 * is before the 30-day lookback (window: day -10 .. day 20), so both are excluded.
 * Milestones: FT = t1, LC = t2 (last at or before day 5), DC = t3 (last at or before day 10),
 * LT = CW = t5.
 */
const journeyA = fixtureDataset({
  contacts: [['c1', day(5)]],
  touchpoints: [
    touchpoint('t4', 'c1', day(12)),
    touchpoint('t0', 'c1', day(-15)),
    touchpoint('t1', 'c1', day(1)),
    touchpoint('t6', 'c1', day(25)),
    touchpoint('t3', 'c1', day(6)),
    touchpoint('t2', 'c1', day(4)),
    touchpoint('t5', 'c1', day(18)),
  ],
  deals: [deal('d1', ['c1'], { created_at: day(10), closed_at: day(20), is_won: true })],
});
const third = 0.2 / 3;

describe('rule-based models on journey A (all five milestones distinct)', () => {
  test('the journey holds the in-window touches in time order', () => {
    expect(sharesOf(journeyA, 'linear').ids).toEqual(['t1', 't2', 't3', 't4', 't5']);
  });
  test.each([
    ['first-touch', [1, 0, 0, 0, 0]],
    ['last-touch', [0, 0, 0, 0, 1]],
    ['linear', [0.2, 0.2, 0.2, 0.2, 0.2]],
    // FT .4 (t1), LT .4 (t5), middle .2 over t2, t3, t4
    ['position-based', [0.4, third, third, third, 0.4]],
    // FT .4 (t1), LC .4 (t2), middle .2 over t3, t4, t5
    ['u-shaped', [0.4, 0.4, third, third, third]],
    // FT .3, LC .3, DC .3, middle .1 over t4, t5
    ['w-shaped', [0.3, 0.3, 0.3, 0.05, 0.05]],
    // FT, LC, DC, CW .225 each; middle .1 to t4 alone
    ['full-path', [0.225, 0.225, 0.225, 0.1, 0.225]],
    ['j-shaped', [0.2, third, third, third, 0.6]],
    ['inverse-j', [0.6, third, third, third, 0.2]],
    // ages 19, 16, 14, 8, 2 days; weights 2^(-age/7) normalised (computed with a calculator)
    ['time-decay', [0.081023093159, 0.109048996691, 0.132932215943, 0.240799707445, 0.436195986762]],
  ])('%s', (model, expected) => {
    expectShares(sharesOf(journeyA, model).shares, expected);
  });
});

/*
 * Journey C: open deal, contact created on day 0.5 (before any touch: no LC), deal created on
 * day 2. Touches day 1 (t1) and day 3 (t2). FT = DC = t1, LT = t2, no LC, no CW.
 */
const journeyC = fixtureDataset({
  contacts: [['c1', day(0.5)]],
  touchpoints: [touchpoint('t2', 'c1', day(3)), touchpoint('t1', 'c1', day(1))],
  deals: [deal('d1', ['c1'], { created_at: day(2) })],
});

describe('missing and coinciding milestones renormalise over what exists (journey C)', () => {
  test.each([
    // FT .4 on t1; LC missing; middle .2 on t2 → .4/.6, .2/.6
    ['u-shaped', [2 / 3, 1 / 3]],
    // FT .3 + DC .3 on t1; LC missing; middle .1 on t2 → .6/.7, .1/.7
    ['w-shaped', [6 / 7, 1 / 7]],
    // FT .225 + DC .225 on t1; LC, CW missing; middle .1 on t2 → .45/.55, .1/.55
    ['full-path', [9 / 11, 2 / 11]],
    // FT .4 on t1, LT .4 on t2, no middle touch → the middle weight drops out
    ['position-based', [0.5, 0.5]],
    ['j-shaped', [0.25, 0.75]],
    ['inverse-j', [0.75, 0.25]],
  ])('%s', (model, expected) => {
    expectShares(sharesOf(journeyC, model, YEAR).shares, expected);
  });
});

describe('one touch gets everything under every model', () => {
  const single = fixtureDataset({
    contacts: [['c1', day(1)]],
    touchpoints: [touchpoint('only', 'c1', day(2))],
    deals: [deal('d1', ['c1'], { created_at: day(3), closed_at: day(4), is_won: true })],
  });
  test.each(['first-touch', 'last-touch', 'linear', 'position-based', 'u-shaped', 'w-shaped', 'full-path', 'j-shaped', 'inverse-j', 'time-decay'])('%s', (model) => {
    expectShares(sharesOf(single, model).shares, [1]);
  });
});

describe('shared touchpoints and ties', () => {
  /*
   * Two contacts on one deal share the meeting m1 (one row per contact): it counts once.
   * t-b and t-a happen at the same instant: ties break by touchpoint_id, so t-a is first.
   */
  const shared = fixtureDataset({
    contacts: [
      ['c1', day(1)],
      ['c2', day(1)],
    ],
    touchpoints: [
      touchpoint('t-b', 'c2', day(2)),
      touchpoint('t-a', 'c1', day(2)),
      touchpoint('m1', 'c1', day(5), { type: 'meeting' }),
      touchpoint('m1', 'c2', day(5), { type: 'meeting' }),
    ],
    deals: [deal('d1', ['c1', 'c2', 'c1'], { created_at: day(6) })],
  });
  test('a touchpoint shared by two contacts of the deal counts once', () => {
    const { ids, shares } = sharesOf(shared, 'linear', YEAR);
    expect(ids).toEqual(['t-a', 't-b', 'm1']);
    expectShares(shares, [1 / 3, 1 / 3, 1 / 3]);
  });
  test('ties in time break by touchpoint_id', () => {
    expectShares(sharesOf(shared, 'first-touch', YEAR).shares, [1, 0, 0]);
  });
});

describe('custom model', () => {
  const rules = parseCustomRules({
    slots: { firstTouch: 0.5, lastTouch: 0.5 },
    middle: 0,
    touchTypeMultipliers: { meeting: 3 },
    excludedTouchTypes: ['email_open'],
    lookbackDays: 10,
  });
  /*
   * Deal won on day 20, lookback 10 days → window day 10 .. 20. t1 (day 8) is outside; t2 (day 12,
   * email_open) is excluded; journey = t3 (day 14, page_view), t4 (day 19, meeting).
   * Positional: t3 .5 (FT), t4 .5 (LT); multipliers: t4 × 3 → .5 and 1.5 → shares .25 and .75.
   */
  const dataset = fixtureDataset({
    contacts: [['c1', day(1)]],
    touchpoints: [
      touchpoint('t1', 'c1', day(8)),
      touchpoint('t2', 'c1', day(12), { type: 'email_open' }),
      touchpoint('t3', 'c1', day(14)),
      touchpoint('t4', 'c1', day(19), { type: 'meeting' }),
    ],
    deals: [deal('d1', ['c1'], { created_at: day(15), closed_at: day(20), is_won: true })],
  });
  test('slots, exclusions, lookback and multipliers combine as documented', () => {
    const { ids, shares } = sharesOf(dataset, 'custom', { ...SETTINGS, customRules: rules });
    expect(ids).toEqual(['t3', 't4']);
    expectShares(shares, [0.25, 0.75]);
  });
  test('a journey where no touch carries weight falls back to equal shares', () => {
    const leadOnly = parseCustomRules({ slots: { leadCreation: 1 } });
    // contact created day 1, before every touch: there is no LC touch, so nothing carries weight
    const { shares } = sharesOf(dataset, 'custom', { ...SETTINGS, lookbackDays: 365, customRules: leadOnly });
    expectShares(shares, [0.25, 0.25, 0.25, 0.25]);
  });
  test('the custom model without rules is a clear error', () => {
    expect(() => sharesOf(dataset, 'custom')).toThrow(/--rules/);
  });
  test('rules are validated with errors naming the field', () => {
    expect(() => parseCustomRules({ slots: { firstTouch: -1 } })).toThrow(/slots\.firstTouch/);
    expect(() => parseCustomRules({ slots: { firstTuch: 1 } })).toThrow(/firstTuch/);
    expect(() => parseCustomRules({ middle: 0 })).toThrow(/at least one slot/);
    expect(() => parseCustomRules({ slots: { firstTouch: 1 }, channelMultipliers: { influencer: 0 } })).toThrow(/channelMultipliers\.influencer/);
  });
});
