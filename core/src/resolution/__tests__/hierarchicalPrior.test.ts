import fc from 'fast-check';
import { campaignPosterior, hierarchicalLift, MAX_SHAPE, MIN_SHAPE, momentShape } from '../hierarchicalPrior';

describe('momentShape', () => {
  it('finds no extra spread in counts equal to their expectations beyond Poisson noise', () => {
    // (S − μ)² − S < 0 everywhere: no evidence that the nodes differ.
    expect(momentShape([10, 20, 30], [10, 20, 30])).toBe(MAX_SHAPE);
  });

  it('matches the hand-computed moment estimate', () => {
    // Σ[(S − μ)² − S] = (20 − 10)² − 20 + (5 − 10)² − 5 = 100; Σ μ² = 200 → 1/α = 0.5, α = 2.
    expect(momentShape([20, 5], [10, 10])).toBeCloseTo(2, 12);
  });

  it('subtracts the given sampling variance instead of the Poisson one', () => {
    // Same counts with variances 4 and 1 (expected counts of an EM fit, Σ p²):
    // Σ[(S − μ)² − V] = 100 − 4 + 25 − 1 = 120; Σ μ² = 200 → α = 200 / 120.
    expect(momentShape([20, 5], [10, 10], [4, 1])).toBeCloseTo(200 / 120, 12);
    // Spread equal to the Poisson noise is no spread; under a smaller noise it is.
    expect(momentShape([13, 7], [10, 10])).toBe(MAX_SHAPE);
    expect(momentShape([13, 7], [10, 10], [3, 1])).toBeCloseTo(200 / 14, 12);
  });

  it('is clamped to [MIN_SHAPE, MAX_SHAPE]', () => {
    expect(momentShape([1000, 0], [1, 1])).toBe(MIN_SHAPE);
    expect(momentShape([], [])).toBe(MAX_SHAPE);
  });
});

describe('campaignPosterior', () => {
  it('is the Gamma-Poisson update for a plain count', () => {
    // Prior Gamma(shape 2, mean 0.1 × 50 = 5), 11 responses: (11 + 2) / (1 + 2 / 5).
    const estimate = campaignPosterior(11, 11, 50, 0.1, 2);
    expect(estimate.mean).toBeCloseTo(13 / 1.4, 12);
    expect(estimate.sensitivity).toBeCloseTo(1 / 1.4, 12);
  });

  it('weighs a sum of shared events as Σ p² events (hand-computed)', () => {
    // S = 11 made of events with Σ p² = 5.5 (Q / S = 0.5): (5.5 + 2) / (0.5 + 2 / 5) = 7.5 / 0.9.
    const estimate = campaignPosterior(11, 5.5, 50, 0.1, 2);
    expect(estimate.mean).toBeCloseTo(7.5 / 0.9, 12);
    expect(estimate.sensitivity).toBeCloseTo(0.5 / 0.9, 12);
  });

  it('lies between the prior mean and the sum, closer to the prior the less information', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 200, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 0.5, max: 1000, noNaN: true }),
        (sum, share, reach, prior, shape) => {
          const full = campaignPosterior(sum, sum, reach, prior, shape).mean;
          const shared = campaignPosterior(sum, share * sum, reach, prior, shape).mean;
          const priorMean = prior * reach;
          const tolerance = 1e-9 * (1 + sum + priorMean);
          expect(shared).toBeGreaterThanOrEqual(Math.min(sum, priorMean) - tolerance);
          expect(shared).toBeLessThanOrEqual(Math.max(sum, priorMean) + tolerance);
          expect(Math.abs(shared - priorMean)).toBeLessThanOrEqual(Math.abs(full - priorMean) + tolerance);
        },
      ),
    );
  });
});

describe('hierarchicalLift', () => {
  const kindCount = 1;

  it('gives campaigns that respond alike the pooled ratio times their reach', () => {
    // Three campaigns in one group, one platform, three creators; each has exactly 0.2 responses
    // per evidenced contact: every level's spread is nil (MAX_SHAPE) and the lifts are 0.2 × reach.
    const reach = Float64Array.of(100, 50, 200);
    const sums = Float64Array.of(20, 10, 40);
    const estimate = hierarchicalLift(sums, reach, { levels: [Int32Array.of(0, 0, 0), Int32Array.of(0, 0, 0), Int32Array.of(0, 1, 2)] }, kindCount);
    expect(Array.from(estimate.levelShapes)).toEqual([MAX_SHAPE, MAX_SHAPE, MAX_SHAPE]);
    Array.from(estimate.lift).forEach((value, campaign) => expect(value).toBeCloseTo(0.2 * reach[campaign], 6));
  });

  it('lets a platform that responds differently keep its own ratio', () => {
    // Eight video campaigns at 0.15 responses per contact and four podcasts at 1.0, all large: the
    // platform level's spread is large, so the podcasts are not pulled to the group's ~0.36.
    const videoReach = [120, 80, 150, 90, 110, 130, 100, 140];
    const podcastReach = [60, 40, 50, 70];
    const reach = Float64Array.from([...videoReach, ...podcastReach]);
    const sums = Float64Array.from([...videoReach.map((value) => 0.15 * value), ...podcastReach.map((value) => 1.0 * value)]);
    const platform = Int32Array.from([...videoReach.map(() => 0), ...podcastReach.map(() => 1)]);
    const creator = Int32Array.from(reach, (_value, index) => index);
    const estimate = hierarchicalLift(sums, reach, { levels: [new Int32Array(reach.length), platform, creator] }, kindCount);
    podcastReach.forEach((value, index) => expect(estimate.lift[videoReach.length + index] / value).toBeGreaterThan(0.9));
    videoReach.forEach((value, index) => expect(estimate.lift[index] / value).toBeLessThan(0.2));
  });

  it('pools less when the sums are expected counts with less than Poisson noise', () => {
    // Two platforms, 0.2 and 0.4 responses per contact, 50 contacts per campaign. As plain counts
    // (variance = sum) the difference is within noise; as E-step sums whose events each had a
    // posterior of ~0.3 (variance Σ p² = 0.3 × sum, Campbell's theorem) it is not.
    const reach = new Float64Array(8).fill(50);
    const sums = Float64Array.of(10, 10, 10, 10, 20, 20, 20, 20);
    const levels = [new Int32Array(8), Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1)];
    const asCounts = hierarchicalLift(sums, reach, { levels }, kindCount);
    const asExpected = hierarchicalLift(sums, reach, { levels }, kindCount, sums.map((value) => 0.3 * value));
    expect(asExpected.levelShapes[0]).toBeLessThan(asCounts.levelShapes[0]);
    expect(asExpected.lift[4] - asExpected.lift[0]).toBeGreaterThan(asCounts.lift[4] - asCounts.lift[0]);
    expect(asExpected.lift[4]).toBeGreaterThan(18);
  });

  it('keeps the Poisson variance in the campaign level\'s spread, but weighs shared events by their information', () => {
    const reach = Float64Array.of(100, 120, 80, 90, 110, 100);
    const sums = Float64Array.of(10, 30, 8, 25, 12, 28);
    const levels = [new Int32Array(6)];
    const asCounts = hierarchicalLift(sums, reach, { levels }, kindCount);
    const asExpected = hierarchicalLift(sums, reach, { levels }, kindCount, sums.map((value) => 0.2 * value));
    // The spread between campaigns is still judged against Poisson noise.
    expect(asExpected.levelShapes[0]).toBe(asCounts.levelShapes[0]);
    // Each campaign's events are worth a fifth of a count: every lift moves toward the prior
    // (the group ratio 113 / 600 × reach), none past it.
    const ratio = 113 / 600;
    Array.from(sums).forEach((sum, campaign) => {
      const prior = ratio * reach[campaign];
      const counted = asCounts.lift[campaign];
      const weighed = asExpected.lift[campaign];
      expect(Math.abs(weighed - prior)).toBeLessThan(Math.abs(counted - prior));
      expect(Math.sign(weighed - prior)).toBe(Math.sign(sum - prior));
    });
  });

  it('pulls a small campaign toward its siblings when campaigns are alike', () => {
    // Nine campaigns at 0.2 and a tiny one whose 3 contacts came with 6 responses (ratio 2): the
    // campaign-level spread is small, so the tiny one's lift stays near 0.2 × 3, far below 6.
    const reach = Float64Array.of(100, 120, 80, 90, 110, 100, 95, 105, 115, 3);
    const sums = Float64Array.from(reach, (value, index) => (index < 9 ? 0.2 * value : 6));
    const estimate = hierarchicalLift(sums, reach, { levels: [new Int32Array(10)] }, kindCount);
    expect(estimate.lift[9]).toBeLessThan(2);
    expect(estimate.lift[9]).toBeGreaterThan(0.2 * 3 * 0.9);
  });

  it('gives nothing to a campaign without evidenced contacts, and never mutates its inputs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 300 }),
            fc.double({ min: 0, max: 100, noNaN: true }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 4 }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (rows) => {
          const reach = Float64Array.from(rows, ([contacts]) => contacts);
          const sums = Float64Array.from(rows, ([, responses]) => responses);
          const group = Int32Array.from(rows, ([, , groupIndex]) => groupIndex);
          // Platform nested in group: the key combines both.
          const platform = Int32Array.from(rows, ([, , groupIndex, platformIndex]) => groupIndex * 5 + platformIndex);
          const before = [Array.from(reach), Array.from(sums)];
          const estimate = hierarchicalLift(sums, reach, { levels: [group, platform] }, 1);
          expect([Array.from(reach), Array.from(sums)]).toEqual(before);
          rows.forEach(([contacts], campaign) => {
            expect(Number.isFinite(estimate.lift[campaign])).toBe(true);
            expect(estimate.lift[campaign]).toBeGreaterThanOrEqual(0);
            if (contacts === 0) expect(estimate.lift[campaign]).toBe(0);
            expect(estimate.sensitivity[campaign]).toBeGreaterThanOrEqual(0);
            expect(estimate.sensitivity[campaign]).toBeLessThanOrEqual(1);
          });
        },
      ),
    );
  });
});
