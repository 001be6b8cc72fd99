import fc from 'fast-check';
import { inferCampaigns } from '../inferredMatcher';
import { Random } from '../../simulate/random';
import { addEventEvidence, emptyGroupEvidence, groupInclusion } from '../groupInclusion';

/** Log of the Poisson probability of `count` at `mean` without the count-only term (cancels in ratios). */
const poissonLogLikelihood = (count: number, mean: number): number => count * Math.log(mean) - mean;

describe('groupInclusion', () => {
  it('matches the Poisson likelihood ratio minus the BIC penalty for a flat group', () => {
    // 240 events in a 30-day window where the baseline expects 210 and the group adds 30, evenly:
    // each event's group share is 30/240. ΔlogL is the Poisson log-likelihood ratio of 240 events
    // at mean 240 against mean 210: 240·ln(240/210) − 30 = 2.0473; log BF = 2.0473 − ½·ln 240.
    const evidence = emptyGroupEvidence(1);
    for (let event = 0; event < 240; event++) addEventEvidence(evidence, 0, 30 / 240, 1);
    const logLikelihoodRatio = poissonLogLikelihood(240, 240) - poissonLogLikelihood(240, 210);
    const logBayesFactor = logLikelihoodRatio - 0.5 * Math.log(240);
    const [probability] = groupInclusion(evidence, Float64Array.of(30));
    expect(probability).toBeCloseTo(1 / (1 + Math.exp(-logBayesFactor)), 10);
    expect(probability).toBeGreaterThan(0.3);
    expect(probability).toBeLessThan(0.4);
  });

  it('keeps a group whose responses follow its anchors sharply fully on', () => {
    // 20 events each 90% the group's: ΔlogL = 20·ln 10 − 18 ≈ 28, far beyond the penalty.
    const evidence = emptyGroupEvidence(2);
    for (let event = 0; event < 20; event++) addEventEvidence(evidence, 1, 0.9, 1);
    const inclusion = groupInclusion(evidence, Float64Array.of(0, 18));
    expect(inclusion[1]).toBeGreaterThan(0.999_999);
    // A group with no responses and no events is off.
    expect(inclusion[0]).toBe(0);
  });

  it('is a probability that grows with the evidence (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 100, noNaN: true }), (shares, responses) => {
        const evidence = emptyGroupEvidence(1);
        for (const share of shares) addEventEvidence(evidence, 0, share, 1);
        const [probability] = groupInclusion(evidence, Float64Array.of(responses));
        const stronger = emptyGroupEvidence(1);
        for (const share of shares) addEventEvidence(stronger, 0, Math.min(0.999, share + 0.5 * (1 - share)), 1);
        const [higher] = groupInclusion(stronger, Float64Array.of(responses));
        return probability >= 0 && probability <= 1 && higher >= probability - 1e-9;
      }),
    );
  });
});

describe('inferCampaigns with a flat group and no excess', () => {
  // Organic arrivals at 2 a day over 300 days (evenly spaced: no chance excess anywhere), a creator
  // campaign (group 0) whose 30 anchors at day 50 are followed by 40 responses, and a paid stream
  // (group 1) whose 90 anchors are spread evenly over days 150–240 and which drives nothing.
  const random = new Random(5);
  const times: number[] = [];
  for (let index = 0; index < 600; index++) times.push((index + 0.5) / 2);
  for (let index = 0; index < 40; index++) times.push(50 + random.logNormal(1.2, 0.9));
  times.sort((left, right) => left - right);
  const result = inferCampaigns({
    eventTimes: Float64Array.from(times),
    eventKinds: new Uint8Array(times.length),
    kindCount: 1,
    anchors: [Float64Array.from({ length: 30 }, (_value, index) => 50 + index * 0.01), Float64Array.from({ length: 90 }, (_value, index) => 150 + index)],
    reach: Float64Array.of(30, 90),
    groups: Int32Array.of(0, 1),
    windows: [[150, 240]],
    observationStart: 0,
    observationEnd: 300,
  });

  it('gives the flat stream (almost) no responses and keeps the creator campaign', () => {
    expect(result.lift[1]).toBeLessThan(3);
    expect(result.lift[0]).toBeGreaterThan(20);
    const inStream = times.filter((time) => time > 160 && time < 240).length;
    const creditedToStream = Array.from(result.campaignOfEvent).filter((campaign) => campaign === 1).length;
    expect(creditedToStream).toBe(0);
    expect(inStream).toBeGreaterThan(100);
  });
});
