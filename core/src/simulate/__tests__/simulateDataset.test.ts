import { createDataset } from '../../dataset/dataset';
import { logNormalDensity, Random } from '../random';
import { simulateDataset } from '../simulateDataset';

describe('simulateDataset', () => {
  const result = simulateDataset({ seed: 5, contacts: 800 });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = simulateDataset({ seed: 5, contacts: 800 });
    expect(again.tables.touchpoints.length).toBe(result.tables.touchpoints.length);
    expect(again.tables.touchpoints[100]).toEqual(result.tables.touchpoints[100]);
    expect(simulateDataset({ seed: 6, contacts: 800 }).tables.touchpoints.length).not.toBe(result.tables.touchpoints.length);
  });

  it('writes a valid data set with a truth row per touchpoint', () => {
    const dataset = createDataset(result.tables);
    expect(result.truth.map((row) => row.touchpointId)).toEqual(dataset.touchpoints.map((touch) => touch.touchpoint_id));
    const campaignIds = new Set(result.tables.campaigns.map((campaign) => campaign.campaign_id));
    for (const row of result.truth) {
      expect(['carried', 'ambiguous', 'organic']).toContain(row.truthClass);
      if (row.campaignId !== '') expect(campaignIds.has(row.campaignId)).toBe(true);
      if (row.truthClass === 'organic') expect(row.campaignId).toBe('');
      if (row.truthClass === 'carried') expect(row.campaignId).not.toBe('');
    }
    expect(Math.abs(result.tables.contacts.length - 800)).toBeLessThan(400);
  });

  it('reports a Bayes limit between chance and certainty', () => {
    const { bayes } = result;
    expect(bayes.ambiguousTouches).toBe(result.truth.filter((row) => row.truthClass === 'ambiguous').length);
    expect(bayes.accuracy).toBeGreaterThan(0.5);
    expect(bayes.accuracy).toBeLessThanOrEqual(1);
    expect(bayes.expectedAccuracy).toBeGreaterThan(0.5);
  });
});

describe('Random', () => {
  it('draws uniform values with the right mean and a log-normal density that integrates to 1', () => {
    const random = new Random(1);
    let sum = 0;
    for (let index = 0; index < 20_000; index++) sum += random.uniform();
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    let integral = 0;
    for (let value = 0.0005; value < 200; value += 0.001) integral += logNormalDensity(value, 1.2, 0.9) * 0.001;
    expect(integral).toBeCloseTo(1, 2);
  });
});
