import { MIN_QUIET_DAYS, quietHoursBaseline } from '../quietHoursBaseline';
import { DELAY_BIN_EDGES } from '../mixtureTerms';
import { courseAt } from '../periodBaseline';
import type { InferenceInput } from '../mixtureFit';

const BIN_COUNT = DELAY_BIN_EDGES.length - 1;

/** A kernel with all its mass in the 1-2 day bin: responses come 1 to 2 days after an anchor. */
function oneToTwoDayKernel(kindCount: number): Float64Array {
  const kernel = new Float64Array(kindCount * BIN_COUNT);
  const bin = DELAY_BIN_EDGES.indexOf(1);
  for (let kind = 0; kind < kindCount; kind++) kernel[kind * BIN_COUNT + bin] = 1;
  return kernel;
}

/** One campaign's fit: `lift` responses 1-2 days after its anchors, no diffuse part, a baseline per day. */
function fittedWith(lift: number, baselinePerDay: number): Parameters<typeof quietHoursBaseline>[1] {
  return { kernel: oneToTwoDayKernel(1), lift: Float64Array.of(lift), diffuseLift: Float64Array.of(0), baselinePerDay: Float64Array.of(baselinePerDay) };
}

function inputWith(eventTimes: number[], anchors: number[], observationEnd: number): InferenceInput {
  return {
    eventTimes: Float64Array.from(eventTimes),
    eventKinds: new Uint8Array(eventTimes.length),
    kindCount: 1,
    anchors: [Float64Array.from(anchors)],
    reach: Float64Array.of(10),
    groups: Int32Array.of(0),
    windows: [],
    observationStart: 0,
    observationEnd,
  };
}

describe('quietHoursBaseline', () => {
  it('counts the events of the hours where the fitted responses are small, and only those', () => {
    // 100 days, one organic event every 6 hours (4 a day), plus 40 responses 1-2 days after an
    // anchor at day 50. The fitted campaign (40 responses over that day: 40 a day there, far above a
    // tenth of the baseline) makes days 51-52 not quiet; every other hour is: 99 quiet days with
    // 4 events each (+ 0.5 prior), whatever the burst.
    const organic = Array.from({ length: 400 }, (_value, index) => index * 0.25 + 0.1);
    const burst = Array.from({ length: 40 }, (_value, index) => 51 + index / 40);
    const times = [...organic, ...burst].sort((left, right) => left - right);
    const estimate = quietHoursBaseline(inputWith(times, [50], 100), fittedWith(40, 4));
    expect(estimate.quietDays[0]).toBeCloseTo(99, 9);
    expect(estimate.baselinePerDay[0]).toBeCloseTo((99 * 4 + 0.5) / 99, 9);
  });

  it('counts an hour as quiet when the fitted responses there are a small share of the baseline', () => {
    // The same campaign fitted at 0.2 responses: 0.2 a day over days 51-52, a twentieth of the
    // baseline of 4, so every hour is quiet and the burst is counted.
    const organic = Array.from({ length: 400 }, (_value, index) => index * 0.25 + 0.1);
    const burst = [51.5, 51.6];
    const times = [...organic, ...burst].sort((left, right) => left - right);
    const estimate = quietHoursBaseline(inputWith(times, [50], 100), fittedWith(0.2, 4));
    expect(estimate.quietDays[0]).toBeCloseTo(100, 9);
    expect(estimate.baselinePerDay[0]).toBeCloseTo((402 + 0.5) / 100, 9);
  });

  it('gives no estimate for a kind with fewer than MIN_QUIET_DAYS quiet days', () => {
    // A campaign active over all but 10 of 30 days (anchors every day, responses 1-2 days later).
    const anchors = Array.from({ length: 18 }, (_value, index) => index);
    const times = Array.from({ length: 120 }, (_value, index) => index * 0.25 + 0.1);
    const estimate = quietHoursBaseline(inputWith(times, anchors, 30), fittedWith(100, 4));
    expect(estimate.quietDays[0]).toBeLessThan(MIN_QUIET_DAYS);
    expect(Number.isNaN(estimate.baselinePerDay[0])).toBe(true);
  });

  it('follows organic traffic that doubles over the period, and gives the baseline as the daily mean over it', () => {
    // 364 days, organic events evenly spaced at a rate rising linearly from 2 to 4 a day (mean 3),
    // a campaign with no responses: every hour is quiet.
    const times: number[] = [];
    for (let time = 0; time < 364; ) {
      times.push(time);
      time += 1 / (2 + (2 * time) / 364);
    }
    const estimate = quietHoursBaseline(inputWith(times, [50], 364), fittedWith(0, 3));
    expect(estimate.quietDays[0]).toBeCloseTo(364, 6);
    expect(courseAt(estimate.course, 364) / courseAt(estimate.course, 0)).toBeGreaterThan(1.7);
    expect(courseAt(estimate.course, 364) / courseAt(estimate.course, 0)).toBeLessThan(2.3);
    expect(estimate.baselinePerDay[0]).toBeGreaterThan(2.9);
    expect(estimate.baselinePerDay[0]).toBeLessThan(3.1);
    // The course times the baseline gives the rate at each point.
    expect(estimate.baselinePerDay[0] * courseAt(estimate.course, 91)).toBeCloseTo(2.5, 0);
  });
});
