import { createDataset } from '../../dataset/dataset';
import { logNormalDensity, Random } from '../random';
import { returnLikelihood } from '../bayesLimit';
import { simulateDataset } from '../simulateDataset';
import { drawInferredDelay, inferredDelayDensity, organicTrendFactor, utcWeekday } from '../world';

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

  it('reports the calibration error of the true posteriors, which shrinks with the data', () => {
    // Calibrated by construction: what is left is the metric's sampling noise, about 1/√n.
    const larger = simulateDataset({ seed: 5, contacts: 8000 }).bayes;
    expect(result.bayes.calibrationError).toBeGreaterThan(0);
    expect(larger.calibrationError).toBeLessThan(result.bayes.calibrationError);
    expect(larger.calibrationError).toBeLessThan(0.05);
  });
});

describe('one promo code per creator', () => {
  it('gives all of a creator\'s campaigns one code and leaves the rest of the world as it is', () => {
    const plain = simulateDataset({ seed: 5, contacts: 800 });
    const shared = simulateDataset({ seed: 5, contacts: 800, shape: { sharedCodes: true } });
    const codesByCreator = (campaigns: typeof plain.world.campaigns): Map<string, Set<string>> => {
      const byCreator = new Map<string, Set<string>>();
      for (const campaign of campaigns) if (campaign.influencer_id !== '') byCreator.set(campaign.influencer_id, new Set([...(byCreator.get(campaign.influencer_id) ?? []), ...campaign.promo_codes]));
      return byCreator;
    };
    for (const codes of codesByCreator(shared.world.campaigns).values()) expect(codes.size).toBe(1);
    expect([...codesByCreator(plain.world.campaigns).values()].some((codes) => codes.size > 1)).toBe(true);
    expect(shared.world.posts).toEqual(plain.world.posts);
    expect(shared.tables.touchpoints.map((touch) => touch.occurred_at)).toEqual(plain.tables.touchpoints.map((touch) => touch.occurred_at));
  });
});

describe('world shapes', () => {
  it('honours the creator range, delay scale and organic scale', () => {
    const shaped = simulateDataset({ seed: 5, contacts: 800, shape: { creators: [3, 4], delayScale: 3, organicScale: 2 } }).world;
    const creatorCampaigns = new Set(shaped.creatorOfCampaign.filter((creator) => creator >= 0));
    expect(creatorCampaigns.size).toBeGreaterThanOrEqual(3);
    expect(creatorCampaigns.size).toBeLessThanOrEqual(4);
    expect(shaped.delays.searchMedianDays).toBeCloseTo(3 * 1.2, 12);
    expect(shaped.organicRates.brandedSearch).toBeCloseTo(2 * simulateDataset({ seed: 5, contacts: 800 }).world.organicRates.brandedSearch, 12);
  });

  it('draws exponential delays whose density integrates to 1 when asked', () => {
    const shaped = simulateDataset({ seed: 5, contacts: 800, shape: { delayShape: 'exponential' } }).world;
    let integral = 0;
    for (let days = 0.0005; days < 200; days += 0.001) integral += inferredDelayDensity(shaped, 0, days) * 0.001;
    expect(integral).toBeCloseTo(1, 2);
    const random = new Random(3);
    let total = 0;
    for (let draw = 0; draw < 20_000; draw++) total += drawInferredDelay(shaped, 0, random);
    // Same mean as the default log-normal: median × exp(σ²/2) = 1.2 × e^0.405 = 1.80 days.
    expect(total / 20_000).toBeCloseTo(1.2 * Math.exp(0.81 / 2), 1);
  });

  it('spreads organic arrivals by the weekly pattern (factors normalised to mean 1)', () => {
    // Weekends at 0.3 of a working day: normalised factors 0.3/(5.6/7) and 1/(5.6/7).
    const result = simulateDataset({ seed: 2, contacts: 4000, shape: { organicWeekdays: [0.3, 1, 1, 1, 1, 1, 0.3] } });
    expect(result.world.organicWeekdays[0]).toBeCloseTo(0.3 / 0.8, 12);
    expect(result.world.organicWeekdays[3]).toBeCloseTo(1 / 0.8, 12);
    const perWeekday = new Float64Array(7);
    result.truth.forEach((row, index) => {
      if (row.truthClass === 'ambiguous' && row.campaignId === '') perWeekday[utcWeekday(result.tables.touchpoints[index].occurred_at)]++;
    });
    const weekend = (perWeekday[0] + perWeekday[6]) / 2;
    const workday = (perWeekday[1] + perWeekday[2] + perWeekday[3] + perWeekday[4] + perWeekday[5]) / 5;
    // Expected ratio 0.3; with ~2,300 organic ambiguous arrivals its standard error is about 0.02.
    expect(weekend / workday).toBeGreaterThan(0.22);
    expect(weekend / workday).toBeLessThan(0.38);
    expect(() => simulateDataset({ seed: 2, contacts: 100, shape: { organicWeekdays: [1, 1, 1] } })).toThrow(/organicWeekdays/);
  });
});

describe('an organic trend', () => {
  it('spreads organic arrivals by the trend: the last two months get about R^(5/6) times the first two', () => {
    const result = simulateDataset({ seed: 3, contacts: 4000, shape: { organicTrend: 3 } });
    expect(result.world.organicTrend).toBe(3);
    // The factor's mean over the year is 1 and the end over the start is 3.
    expect(organicTrendFactor(result.world, result.world.end) / organicTrendFactor(result.world, result.world.start)).toBeCloseTo(3, 9);
    let mean = 0;
    for (let day = 0; day < 365; day++) mean += organicTrendFactor(result.world, result.world.start + (day + 0.5) * 86_400_000) / 365;
    expect(mean).toBeCloseTo(1, 4);
    const byMonth = new Float64Array(12);
    result.truth.forEach((row, index) => {
      if (row.truthClass !== 'carried' && row.campaignId === '') byMonth[new Date(result.tables.touchpoints[index].occurred_at).getUTCMonth()]++;
    });
    // Months 11-12 (centred at 11/12 of the year) against 1-2 (at 1/12): about 3^(10/12) ≈ 2.5.
    const ratio = (byMonth[10] + byMonth[11]) / (byMonth[0] + byMonth[1]);
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(3.1);
    expect(() => simulateDataset({ seed: 2, contacts: 100, shape: { organicTrend: 0 } })).toThrow(/organicTrend/);
  });

  it('leaves the data unchanged at a trend of 1 (same random stream)', () => {
    const plain = simulateDataset({ seed: 5, contacts: 600 });
    const flat = simulateDataset({ seed: 5, contacts: 600, shape: { organicTrend: 1 } });
    expect(flat.tables.touchpoints).toEqual(plain.tables.touchpoints);
  });
});

describe('campaigns exported without dates', () => {
  it('writes the same touches, and campaigns without start_at and end_at', () => {
    const dated = simulateDataset({ seed: 6, contacts: 600 });
    const undated = simulateDataset({ seed: 6, contacts: 600, shape: { undatedCampaigns: true } });
    expect(undated.tables.touchpoints).toEqual(dated.tables.touchpoints);
    expect(undated.bayes).toEqual(dated.bayes);
    expect(dated.tables.campaigns.some((campaign) => campaign.start_at !== null)).toBe(true);
    expect(undated.tables.campaigns.every((campaign) => campaign.start_at === null && campaign.end_at === null)).toBe(true);
    expect(undated.tables.campaigns.map((campaign) => campaign.campaign_id)).toEqual(dated.tables.campaigns.map((campaign) => campaign.campaign_id));
  });
});

describe('search queries not provided', () => {
  it('hides the query of that share of organic searches; hidden generic searches become ambiguous, truly organic', () => {
    const plain = simulateDataset({ seed: 4, contacts: 3000 });
    // A share of 0 draws nothing: the same data as a world without the option.
    expect(simulateDataset({ seed: 4, contacts: 3000, shape: { queryNotProvided: 0 } }).tables.touchpoints).toEqual(plain.tables.touchpoints);
    const hidden = simulateDataset({ seed: 4, contacts: 3000, shape: { queryNotProvided: 0.6 } });
    const ambiguousSearches = hidden.truth.filter((row, index) => row.truthClass === 'ambiguous' && hidden.tables.touchpoints[index].referrer !== '');
    const withoutQuery = ambiguousSearches.filter((row) => hidden.tables.touchpoints[hidden.truth.indexOf(row)].search_query === '');
    // Every ambiguous search without its query is one of the hidden 60% of branded or generic searches;
    // the generic ones (2 a day against 1 branded) are organic truth.
    const hiddenShare = withoutQuery.length / ambiguousSearches.length;
    expect(hiddenShare).toBeGreaterThan(0.7);
    expect(withoutQuery.filter((row) => row.campaignId === '').length / withoutQuery.length).toBeGreaterThan(0.6);
    expect(hidden.bayes.ambiguousTouches).toBe(hidden.truth.filter((row) => row.truthClass === 'ambiguous').length);
    expect(() => simulateDataset({ seed: 2, contacts: 100, shape: { queryNotProvided: 1.2 } })).toThrow(/queryNotProvided/);
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

describe('contacts coming back through creator campaigns', () => {
  const plain = simulateDataset({ seed: 5, contacts: 1500 });
  const comingBack = simulateDataset({ seed: 5, contacts: 1500, shape: { comingBack: { ownCampaign: 0.5, otherCampaign: 0.2 } } });

  it('adds carried returns to existing contacts and leaves the first touches as they were', () => {
    expect(comingBack.tables.contacts).toEqual(plain.tables.contacts);
    expect(comingBack.world.posts).toEqual(plain.world.posts);
    expect(comingBack.bayes.ambiguousTouches).toBe(plain.bayes.ambiguousTouches);
    const creatorCampaigns = new Set(comingBack.world.campaigns.filter((campaign) => campaign.influencer_id !== '').map((campaign) => campaign.campaign_id));
    const carriedToCreators = (result: typeof plain): number => result.truth.filter((row) => row.truthClass === 'carried' && creatorCampaigns.has(row.campaignId)).length;
    // Half the creator responders come back through their campaign, a fifth of everyone through another.
    expect(carriedToCreators(comingBack) - carriedToCreators(plain)).toBeGreaterThan(0.3 * carriedToCreators(plain));
  });

  it('gives the Bayes limit what the returns say: higher than without them', () => {
    expect(comingBack.bayes.accuracy).toBeGreaterThan(plain.bayes.accuracy + 0.02);
    expect(comingBack.bayes.calibrationError).toBeLessThan(0.08);
  });

  it('weighs each cause by the likelihood of the campaigns the contact came back through', () => {
    const likelihoodOf = returnLikelihood(comingBack.world)!;
    const creatorCampaign = comingBack.world.posts[0].campaignIndex;
    const other = comingBack.world.posts.find((post) => post.campaignIndex !== creatorCampaign)!.campaignIndex;
    const at = comingBack.world.posts[0].at + 2 * 86_400_000;
    const none = likelihoodOf({ at, kind: 0, truthCampaign: -1 });
    const back = likelihoodOf({ at, kind: 0, truthCampaign: -1, returns: [creatorCampaign] });
    // No return: a responder to c did not come back through c (1 − own) and nobody through another.
    expect(none(creatorCampaign)).toBeLessThan(none(-1));
    expect(none(creatorCampaign)).toBeCloseTo(none(other), 12);
    // A return through c: far likelier if c brought the contact; from organic and from another
    // campaign only by chance, and the other campaign's responder also failed its own return.
    expect(back(creatorCampaign)).toBeGreaterThan(10 * back(-1));
    expect(back(other)).toBeCloseTo(back(-1) * (none(other) / none(-1)), 12);
    expect(likelihoodOf({ at, kind: 0, truthCampaign: -1, returns: [creatorCampaign, other] })(-1)).toBe(0);
    expect(returnLikelihood(plain.world)).toBeNull();
  });
});
