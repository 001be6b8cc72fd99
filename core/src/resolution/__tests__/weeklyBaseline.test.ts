import { momentShape } from '../hierarchicalPrior';
import { inferCampaigns } from '../inferredMatcher';
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

describe('inferCampaigns with a weekly baseline', () => {
  // 364 days from a Sunday (2025-01-05). Organic arrivals: 3 a day on working days, one every
  // other weekend day (evenly spaced: no noise). One campaign: 20 anchors on day 104 (a Saturday:
  // day 0 is a Sunday), followed by 12 responses within a day.
  const origin = Date.UTC(2025, 0, 5);
  const times: number[] = [];
  for (let day = 0; day < 364; day++) {
    const weekday = day % 7;
    const count = weekday === 0 || weekday === 6 ? (day % 14 < 7 ? 1 : 0) : 3;
    for (let index = 0; index < count; index++) times.push(day + (index + 0.5) / (count + 1));
  }
  const burst = Array.from({ length: 12 }, (_value, index) => 104.1 + index * 0.05);
  times.push(...burst);
  times.sort((left, right) => left - right);
  const input = {
    eventTimes: Float64Array.from(times),
    eventKinds: new Uint8Array(times.length),
    kindCount: 1,
    anchors: [Float64Array.from({ length: 20 }, (_value, index) => 104 + index * 0.001)],
    reach: Float64Array.of(20),
    groups: Int32Array.of(0),
    windows: [],
    observationStart: 0,
    observationEnd: 364,
  };
  const weekdays = Uint8Array.from(times, (time) => (Math.floor(origin / 86_400_000 + time) + 4) % 7);
  const weekly = inferCampaigns({ ...input, eventWeekdays: weekdays, weekdayDays: weekdayDaysBetween(origin, origin + 364 * 86_400_000) });
  const flat = inferCampaigns(input);

  it('learns that weekends are quiet', () => {
    expect(weekly.weekdayFactors[6]).toBeLessThan(0.4);
    expect(weekly.weekdayFactors[2]).toBeGreaterThan(1.1);
    expect(Array.from(flat.weekdayFactors)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('gives a weekend burst to the campaign with more confidence than a flat baseline does', () => {
    const inBurst = times.map((time, event) => ({ time, event })).filter(({ time }) => time >= 104.1 && time < 104.7);
    let weeklyConfidence = 0;
    let flatConfidence = 0;
    for (const { event } of inBurst) {
      expect(weekly.campaignOfEvent[event]).toBe(0);
      weeklyConfidence += weekly.posteriorOfEvent[event];
      flatConfidence += flat.campaignOfEvent[event] === 0 ? flat.posteriorOfEvent[event] : 1 - flat.organicPosteriorOfEvent[event];
    }
    expect(weeklyConfidence).toBeGreaterThan(flatConfidence);
  });
});
