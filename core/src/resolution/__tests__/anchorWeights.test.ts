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

  it('groups days into weeks when campaigns run long enough to make the fit slow, and still reads the codes', () => {
    // 300 campaigns with links all season (anchors over 200 days, codes over 300): 18 million
    // day pairs, so the fit works in periods of several days.
    const random = new Random(11);
    const anchors: Float64Array[] = [];
    const codes: number[][] = [];
    for (let campaign = 0; campaign < 300; campaign++) {
      const list = Float64Array.from({ length: 400 }, () => 200 * random.uniform());
      anchors.push(list);
      // Codes typed an exponential 15 days (mean) after a random one of the campaign's clicks.
      codes.push(Array.from({ length: 100 }, () => list[Math.floor(random.uniform() * list.length)] + random.exponential(15)));
    }
    // One more: a quiet post on day 10 (3 clicks, 2 codes after it), a big one on day 150 (3 clicks, 40 codes after it).
    anchors.push(Float64Array.of(10.2, 10.4, 10.6, 150.2, 150.5, 150.9));
    codes.push([...codesAfter(random, 10, 2, 15), ...codesAfter(random, 150, 40, 15)]);
    const weights = anchorWeights(anchors, codes);
    const last = weights[300]!;
    expect(sum(last)).toBeCloseTo(1, 12);
    expect(last[3] + last[4] + last[5]).toBeGreaterThan(0.7);
    for (const list of weights.slice(0, 300)) expect(sum(list!)).toBeCloseTo(1, 12);
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
