import { Random } from '../../simulate/random';
import { anchorWeights } from '../anchorWeights';

/** Code times lagging `postDay` by exponential delays with a mean of `meanDays`. */
function codesAfter(random: Random, postDay: number, count: number, meanDays: number): number[] {
  return Array.from({ length: count }, () => postDay + 0.5 + random.exponential(meanDays));
}

const sum = (values: Float64Array): number => values.reduce((total, value) => total + value, 0);

describe('anchorWeights', () => {
  it('keeps equal weights where there is nothing to read: no codes, one anchor day, codes out of reach', () => {
    const anchors = [Float64Array.of(10.2, 10.4, 40.1), Float64Array.of(5), Float64Array.of(3.1, 3.5), Float64Array.of(10.5, 50.5)];
    const weights = anchorWeights(anchors, [[], [12, 14], [20, 30], [400, 420, 2]]);
    expect(weights[0]).toBeNull();
    expect(weights[1]).toBeNull();
    expect(weights[2]).toBeNull();
    // Codes a year after or days before every anchor leave the shares equal.
    expect(Array.from(weights[3]!)).toEqual([0.5, 0.5]);
  });

  it('gives the anchors of the busy post the share its codes show', () => {
    // A podcast: a quiet episode on day 10 drew 3 clicks and 4 codes, a big one on day 60 drew 2
    // clicks and 40 codes. Other campaigns' clicks and codes teach the lag law (mean 15 days).
    const random = new Random(7);
    const podcast = Float64Array.of(10.3, 10.5, 10.9, 60.2, 60.9);
    const podcastCodes = [...codesAfter(random, 10, 4, 15), ...codesAfter(random, 60, 40, 15)];
    const others: Float64Array[] = [];
    const otherCodes: number[][] = [];
    for (let campaign = 0; campaign < 6; campaign++) {
      const postDay = 100 + 30 * campaign;
      others.push(Float64Array.from({ length: 20 }, (_value, index) => postDay + 0.2 + index * 0.1));
      otherCodes.push(codesAfter(random, postDay, 10, 15));
    }
    const weights = anchorWeights([podcast, ...others], [podcastCodes, ...otherCodes]);
    const shares = weights[0]!;
    expect(sum(shares)).toBeCloseTo(1, 12);
    // Equal weights would give the big episode 2/5; its response is (2 + 40) / 49 of the campaign's evidence.
    const bigEpisode = shares[3] + shares[4];
    expect(bigEpisode).toBeGreaterThan(0.75);
    expect(bigEpisode).toBeLessThan(0.95);
    // Anchors of one day share its weight equally.
    expect(shares[0]).toBeCloseTo(shares[1], 12);
    expect(shares[3]).toBeCloseTo(shares[4], 12);
    for (const list of weights.slice(1)) expect(sum(list!)).toBeCloseTo(1, 12);
  });

  it('does not depend on the order of the codes', () => {
    const anchors = [Float64Array.of(1.5, 2.5, 30.5, 31.5)];
    const codes = [5, 33, 34, 40, 41, 45, 3, 60];
    const forward = anchorWeights(anchors, [codes])[0]!;
    const backward = anchorWeights(anchors, [codes.slice().reverse()])[0]!;
    for (let index = 0; index < forward.length; index++) expect(backward[index]).toBeCloseTo(forward[index], 12);
    expect(forward[2] + forward[3]).toBeGreaterThan(0.5);
  });
});
