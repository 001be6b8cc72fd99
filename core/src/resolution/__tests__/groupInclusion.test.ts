import fc from 'fast-check';
import { inferCampaigns } from '../inferredMatcher';
import { Random } from '../../simulate/random';
import { groupInclusion, profiledBaseline, type GroupIntensities } from '../groupInclusion';

/** Log-likelihood of `count` events of a Poisson process at a constant `rate` over `days`: n·log r − r·T. */
const processLogLikelihood = (count: number, rate: number, days: number): number => count * Math.log(rate) - rate * days;

/** One kind, events at unit weight; `intensity[event][group]`. */
function intensities(perEvent: number[][], expectedResponses: number[], duration: number): GroupIntensities {
  const groupCount = expectedResponses.length;
  return {
    eventKinds: new Uint8Array(perEvent.length),
    weights: new Float64Array(perEvent.length).fill(1),
    kindCount: 1,
    groupCount,
    intensity: Float64Array.from(perEvent.flatMap((row) => row)),
    expectedResponses: Float64Array.from(expectedResponses),
    duration,
  };
}

describe('profiledBaseline', () => {
  it('is the count per day when no group has intensity', () => {
    // Maximum of n·log b − b·T: b = n / T.
    const data = intensities(Array.from({ length: 120 }, () => [0]), [0], 60);
    const { baseline, logLikelihood } = profiledBaseline(data, [1], [0.5]);
    expect(baseline[0]).toBeCloseTo(2, 9);
    expect(logLikelihood).toBeCloseTo(processLogLikelihood(120, 2, 60), 6);
  });

  it('solves the score equation Σ 1/(b + r) = T with a group present', () => {
    const rows = Array.from({ length: 200 }, (_value, event) => [event < 50 ? 3 : 0]);
    const data = intensities(rows, [10], 100);
    const { baseline } = profiledBaseline(data, [1], [1]);
    // 50/(b + 3) + 150/b = 100 → 100b² + 100b − 450 = 0 → b = (−1 + √19)/2.
    expect(baseline[0]).toBeCloseTo((-1 + Math.sqrt(19)) / 2, 9);
  });
});

describe('groupInclusion', () => {
  it('matches the Poisson likelihood ratio minus the BIC penalty for a flat group over the whole period', () => {
    // 240 events over 120 days; the group adds 30 evenly (0.25 a day). With the baseline profiled,
    // the group is indistinguishable from a higher baseline: ΔlogL = 0, log BF = −½·ln 240.
    const data = intensities(Array.from({ length: 240 }, () => [0.25]), [30], 120);
    const { inclusion, logBayesFactor } = groupInclusion(data, [1]);
    expect(logBayesFactor[0]).toBeCloseTo(-0.5 * Math.log(240), 6);
    expect(inclusion[0]).toBeCloseTo(1 / (1 + Math.sqrt(240)), 6);
  });

  it('weighs a step in the rate by the two-rate Poisson likelihood ratio', () => {
    // 60 quiet days with 120 events, then a 30-day window with 90 events where the group adds 1 a
    // day. With the group, the profiled baseline is 2 and the window's rate 3; without it, one
    // rate 210/90 for all days. ΔlogL is the difference of the two processes' log-likelihoods;
    // n = 90 events carry the group's intensity.
    const rows = [...Array.from({ length: 120 }, () => [0]), ...Array.from({ length: 90 }, () => [1])];
    const data = intensities(rows, [30], 90);
    const { logBayesFactor } = groupInclusion(data, [1]);
    const expected = processLogLikelihood(120, 2, 60) + processLogLikelihood(90, 3, 30) - processLogLikelihood(210, 210 / 90, 90) - 0.5 * Math.log(90);
    expect(logBayesFactor[0]).toBeCloseTo(expected, 6);
  });

  it('keeps a group whose responses follow its anchors sharply fully on, and a group without responses off', () => {
    // 20 events each 9 parts group to 1 part baseline, 200 organic events elsewhere over 100 days.
    const rows = [...Array.from({ length: 20 }, () => [0, 18]), ...Array.from({ length: 200 }, () => [0, 0])];
    const { inclusion } = groupInclusion(intensities(rows, [0, 18], 100), [2]);
    expect(inclusion[1]).toBeGreaterThan(0.999_999);
    expect(inclusion[0]).toBe(0);
  });

  it('gives probabilities in [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0.1, max: 50, noNaN: true }), (rows, responses) => {
        const { inclusion } = groupInclusion(intensities(rows.map((value) => [value]), [responses], 30), [1]);
        return inclusion[0] >= 0 && inclusion[0] <= 1;
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
