import { momentShape } from '../hierarchicalPrior';
import { weekdayDaysBetween, weekdayFactors } from '../weeklyBaseline';

describe('weekdayDaysBetween', () => {
  it('counts the days of each UTC weekday, fractional at the ends', () => {
    // 2025-01-01 (a Wednesday) 12:00 to 2025-01-15 00:00: 13.5 days.
    const days = weekdayDaysBetween(Date.UTC(2025, 0, 1, 12), Date.UTC(2025, 0, 15));
    expect(Array.from(days)).toEqual([2, 2, 2, 1.5, 2, 2, 2]);
    expect(days.reduce((sum, value) => sum + value, 0)).toBeCloseTo(13.5, 12);
  });
});

describe('weekdayFactors', () => {
  const equalDays = [52, 52, 52, 52, 52, 52, 52];

  it('stays flat when the weekdays differ by no more than Poisson noise', () => {
    // (O − μ)² − O < 0 for every weekday: no evidence of a weekly shape.
    const factors = weekdayFactors([100, 104, 96, 101, 99, 97, 103], equalDays);
    for (const factor of factors) expect(Math.abs(factor - 1)).toBeLessThan(0.01);
  });

  it('is the Gamma-Poisson posterior mean with the moment shape, normalised to mean 1', () => {
    // Weekends at a third of a working day: O = 40 at weekends, 120 on working days.
    const observed = [40, 120, 120, 120, 120, 120, 40];
    const mean = observed.reduce((sum, value) => sum + value, 0) / 7;
    const shape = momentShape(observed, observed.map(() => mean));
    const raw = observed.map((value) => (value + shape) / (mean + shape));
    const rawMean = raw.reduce((sum, value) => sum + value, 0) / 7;
    const factors = weekdayFactors(observed, equalDays);
    observed.forEach((_value, weekday) => expect(factors[weekday]).toBeCloseTo(raw[weekday] / rawMean, 12));
    // A strong pattern is barely shrunk: weekend factor close to 40 / mean.
    expect(factors[0]).toBeGreaterThan(0.4);
    expect(factors[0]).toBeLessThan(0.5);
    expect(factors.reduce((sum, value) => sum + value, 0) / 7).toBeCloseTo(1, 12);
  });

  it('returns a flat week without organic events', () => {
    expect(Array.from(weekdayFactors([0, 0, 0, 0, 0, 0, 0], equalDays))).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
