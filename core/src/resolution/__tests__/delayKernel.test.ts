import { delayKernelMasses, logNormalMasses, normalCdf } from '../delayKernel';
import { DELAY_BIN_EDGES } from '../mixtureTerms';
import { Random } from '../../simulate/random';

const BIN_COUNT = DELAY_BIN_EDGES.length - 1;

/** Counts of `count` delays drawn by `draw` per delay bin (delays beyond the last edge dropped). */
function histogram(count: number, draw: () => number): Float64Array {
  const counts = new Float64Array(BIN_COUNT);
  for (let index = 0; index < count; index++) {
    const delay = draw();
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      if (delay >= DELAY_BIN_EDGES[bin] && delay < DELAY_BIN_EDGES[bin + 1]) counts[bin]++;
    }
  }
  return counts;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += values[index];
  return total;
}

describe('normalCdf', () => {
  it('matches tabulated values of the standard normal distribution', () => {
    // Abramowitz & Stegun table 26.1.
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447, 6);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 6);
    expect(normalCdf(3)).toBeCloseTo(0.9986501, 6);
  });
});

describe('logNormalMasses', () => {
  it('recovers a log-normal delay from its binned sample', () => {
    // Median 1.2 days, log-sd 0.9: the exact masses per bin follow from the normal CDF.
    const random = new Random(5);
    const counts = histogram(200_000, () => random.logNormal(1.2, 0.9));
    const masses = logNormalMasses(counts);
    expect(sum(masses)).toBeCloseTo(sum(counts), 6);
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      const low = bin === 0 ? 0 : normalCdf((Math.log(DELAY_BIN_EDGES[bin]) - Math.log(1.2)) / 0.9);
      const exact = normalCdf((Math.log(DELAY_BIN_EDGES[bin + 1]) - Math.log(1.2)) / 0.9) - low;
      expect(Math.abs(masses[bin] / sum(masses) - exact)).toBeLessThan(0.02);
    }
  });

  it('returns empty input unchanged without mutating it', () => {
    const empty = new Float64Array(BIN_COUNT);
    expect(Array.from(logNormalMasses(empty))).toEqual(Array.from(empty));
  });
});

describe('delayKernelMasses', () => {
  it('stays close to the log-normal on a small sample (its departures are noise)', () => {
    const random = new Random(11);
    const counts = histogram(300, () => random.logNormal(1.2, 0.9));
    const kernel = delayKernelMasses(counts);
    const smooth = logNormalMasses(counts);
    const total = sum(counts);
    for (let bin = 0; bin < BIN_COUNT; bin++) expect(Math.abs(kernel[bin] - smooth[bin]) / total).toBeLessThan(0.01);
  });

  it('follows the histogram when a large sample departs from any log-normal', () => {
    // An exponential delay (mean 2 days) puts ~6% of its mass in the first 3 hours; the log-normal
    // with the same log-moments puts far less there. With 50,000 responses the kernel must follow the data.
    const random = new Random(12);
    const counts = histogram(50_000, () => random.exponential(2));
    const kernel = delayKernelMasses(counts);
    const smooth = logNormalMasses(counts);
    const total = sum(counts);
    expect(Math.abs(smooth[0] - counts[0]) / total).toBeGreaterThan(0.02);
    for (let bin = 0; bin < BIN_COUNT; bin++) expect(Math.abs(kernel[bin] - counts[bin]) / total).toBeLessThan(0.01);
    expect(sum(kernel)).toBeCloseTo(total, 6);
  });

  it('follows a real departure sooner when the sums are expected counts with less than multinomial noise', () => {
    // 600 exponential delays: as counts their departure from the log-normal is mostly noise; as
    // E-step sums of events each shared at p = 0.3 with other components (Σ p² = 0.3 × the sum,
    // Campbell's theorem) the same departure is beyond noise and the kernel moves toward the data.
    const random = new Random(13);
    const counts = histogram(600, () => random.exponential(2));
    const smooth = logNormalMasses(counts);
    const asCounts = delayKernelMasses(counts);
    const asExpected = delayKernelMasses(counts, counts.map((value) => 0.3 * value));
    const distance = (kernel: Float64Array): number => kernel.reduce((total, value, bin) => total + Math.abs(value - counts[bin]), 0);
    expect(distance(asExpected)).toBeLessThan(distance(asCounts));
    expect(distance(asCounts)).toBeLessThanOrEqual(distance(smooth) + 1e-9);
    expect(sum(asExpected)).toBeCloseTo(sum(counts), 6);
  });
});
