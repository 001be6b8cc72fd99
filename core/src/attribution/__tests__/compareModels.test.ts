import { campaign, contactsCreatedAt, day, deal, fixtureDataset, touchpoint } from '../../../test/fixtures';
import { RULE_BASED_MODELS } from '../../models/registry';
import { utmCampaignResolver } from '../../resolution/utmCampaignResolver';
import { compareModels, NO_TOUCHPOINTS_KEY } from '../compareModels';
import { prepareModels } from '../runModels';

/*
 * d-won (EUR 900) has touches t1 (launch) and t2 (untagged); d-open (USD 400) has no touch in its
 * window; d-lost (USD 700) counts nowhere. The launch campaign cost EUR 300.
 */
const dataset = fixtureDataset({
  campaigns: [campaign('launch', { channel: 'influencer', influencer_id: 'inf-1', influencer_handle: 'maya', cost: 300, currency: 'EUR' })],
  contacts: [
    ['c1', day(1)],
    ['c2', day(1)],
  ],
  touchpoints: [touchpoint('t1', 'c1', day(2), { utm_campaign: 'launch' }), touchpoint('t2', 'c1', day(3))],
  deals: [
    deal('d-won', ['c1'], { amount: 900, currency: 'EUR', created_at: day(4), closed_at: day(5), is_won: true }),
    deal('d-open', ['c2'], { amount: 400, currency: 'USD', created_at: day(4) }),
    deal('d-lost', ['c1'], { amount: 700, currency: 'USD', created_at: day(4), closed_at: day(6), is_won: false }),
  ],
});
const resolutions = utmCampaignResolver.resolve(dataset);
const models = RULE_BASED_MODELS.filter((model) => model.name !== 'custom');
const prepared = prepareModels(dataset, resolutions, models, { asOf: day(30), lookbackDays: 365, halfLifeDays: 7 });

describe('compareModels', () => {
  const comparison = compareModels(dataset, resolutions, prepared, 'campaign');

  test('totals are per currency: pipeline = open + won, revenue = won, lost deals in neither', () => {
    expect(comparison.totals).toEqual([
      { currency: 'EUR', pipeline: 900, revenue: 900, deals: 1 },
      { currency: 'USD', pipeline: 400, revenue: 0, deals: 1 },
    ]);
  });

  test('a deal without touches falls under "(no touchpoints)" so every model column reconciles to the totals', () => {
    const noTouch = comparison.rows.find((row) => row.key === NO_TOUCHPOINTS_KEY)!;
    expect(noTouch.currency).toBe('USD');
    for (const model of comparison.models) {
      expect(noTouch.pipeline[model]).toBe(400);
      for (const total of comparison.totals) {
        const sum = comparison.rows.filter((row) => row.currency === total.currency).reduce((acc, row) => acc + row.pipeline[model], 0);
        expect(sum).toBeCloseTo(total.pipeline, 9);
      }
    }
  });

  test('first touch credits the launch campaign with the whole won deal; ROI against its cost', () => {
    const launch = comparison.rows.find((row) => row.key === 'launch')!;
    expect(launch.revenue['first-touch']).toBe(900);
    expect(launch.cost).toBe(300);
    expect(launch.roi['first-touch']).toBe(2); // (900 − 300) / 300
    expect(launch.roi['last-touch']).toBe(-1); // last touch t2 is untagged: no revenue
    expect(launch.costPerOpportunity['last-touch']).toBeNull();
  });

  test('by influencer uses the creator handle as the row name', () => {
    const byCreator = compareModels(dataset, resolutions, prepared, 'influencer');
    expect(byCreator.rows.find((row) => row.key === 'inf-1')!.name).toBe('maya');
  });

  test('gives the same figures to the bit whatever the order of the deals (sums of credits are exact)', () => {
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit as floating sums.
    const amounts = [0.1, 0.2, 0.3];
    const comparisonOf = (order: readonly number[]): ReturnType<typeof compareModels> => {
      const data = fixtureDataset({
        campaigns: [campaign('launch')],
        contacts: contactsCreatedAt(day(1), ...order.map((index) => `c${index}`)),
        touchpoints: order.map((index) => touchpoint(`t${index}`, `c${index}`, day(2), { utm_campaign: 'launch' })),
        deals: order.map((index) => deal(`d${index}`, [`c${index}`], { amount: amounts[index], created_at: day(4) })),
      });
      const resolved = utmCampaignResolver.resolve(data);
      return compareModels(data, resolved, prepareModels(data, resolved, models, { asOf: day(30), lookbackDays: 365, halfLifeDays: 7 }), 'campaign');
    };
    const forward = comparisonOf([0, 1, 2]).rows.find((row) => row.key === 'launch')!;
    const backward = comparisonOf([2, 1, 0]).rows.find((row) => row.key === 'launch')!;
    expect(backward.pipeline).toEqual(forward.pipeline);
    expect(forward.pipeline.linear).toBe(0.6);
    expect(backward.opportunities).toEqual(forward.opportunities);
  });
});
