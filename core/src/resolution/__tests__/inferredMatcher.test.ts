import { inferCampaigns } from '../inferredMatcher';
import { Random } from '../../simulate/random';

/**
 * A known mixture: organic arrivals at 2 a day over 200 days, and one campaign whose 40 anchors
 * at day 100 are followed by 60 responses with a 1-day mean delay. Visits in the day after the
 * anchors must go to the campaign; visits far from it must stay organic.
 */
function scenario() {
  const random = new Random(3);
  const times: number[] = [];
  const truth: number[] = [];
  for (let index = 0; index < 400; index++) {
    times.push(random.uniform() * 200);
    truth.push(-1);
  }
  for (let index = 0; index < 60; index++) {
    times.push(100 + random.exponential(1));
    truth.push(0);
  }
  const order = times.map((_time, index) => index).sort((left, right) => times[left] - times[right]);
  return {
    eventTimes: Float64Array.from(order, (index) => times[index]),
    truth: order.map((index) => truth[index]),
  };
}

/** One campaign whose 40 anchors come at day 100, over 200 days of observation. */
const campaignAtDay100 = {
  anchors: [Float64Array.from({ length: 40 }, (_value, index) => 100 + index * 0.001)],
  reach: Float64Array.of(40),
  groups: Int32Array.of(0),
  windows: [],
  observationStart: 0,
  observationEnd: 200,
};

describe('inferCampaigns', () => {
  const { eventTimes, truth } = scenario();
  const result = inferCampaigns({ ...campaignAtDay100, eventTimes, eventKinds: new Uint8Array(eventTimes.length), kindCount: 1 });

  it('learns the baseline outside the campaign window', () => {
    expect(result.baselineLearnedOutsideWindows).toBe(true);
    expect(result.baselinePerDay[0]).toBeGreaterThan(1.5);
    expect(result.baselinePerDay[0]).toBeLessThan(2.6);
  });

  it('credits the burst to the campaign and leaves distant visits organic', () => {
    let correct = 0;
    eventTimes.forEach((time, event) => {
      if (time < 90 || time > 115) expect(result.campaignOfEvent[event]).toBe(-1);
      if (result.campaignOfEvent[event] === truth[event]) correct++;
    });
    const inBurst = eventTimes.map((time, event) => ({ time, event })).filter(({ time }) => time > 100.05 && time < 100.8);
    expect(inBurst.every(({ event }) => result.campaignOfEvent[event] === 0)).toBe(true);
    expect(correct / eventTimes.length).toBeGreaterThan(0.95);
  });

  it('reports posteriors that are probabilities, the chosen one the largest', () => {
    for (let event = 0; event < eventTimes.length; event++) {
      expect(result.posteriorOfEvent[event]).toBeGreaterThanOrEqual(result.organicPosteriorOfEvent[event] - 1e-12);
      expect(result.posteriorOfEvent[event]).toBeLessThanOrEqual(1);
      expect(result.organicPosteriorOfEvent[event]).toBeGreaterThan(0);
    }
  });
});

describe('kinds sharing a delay law', () => {
  // Two kinds of responses to one campaign: kind 0 (60 responses, 1-day mean delay) and kind 1
  // (6 responses, same delay law), over organic arrivals of both kinds.
  const random = new Random(5);
  const events: Array<[number, number]> = [];
  for (let index = 0; index < 300; index++) events.push([random.uniform() * 200, index % 2]);
  for (let index = 0; index < 60; index++) events.push([100 + random.exponential(1), 0]);
  for (let index = 0; index < 6; index++) events.push([100 + random.exponential(1), 1]);
  events.sort((left, right) => left[0] - right[0]);
  const input = {
    ...campaignAtDay100,
    eventTimes: Float64Array.from(events, ([time]) => time),
    eventKinds: Uint8Array.from(events, ([, kind]) => kind),
    kindCount: 2,
  };

  it('fit one kernel from their pooled responses; apart, each kind has its own', () => {
    const shared = inferCampaigns({ ...input, delayKinds: Uint8Array.of(0, 0) });
    const apart = inferCampaigns(input);
    const bins = shared.kernel.length / 2;
    expect(Array.from(shared.kernel.subarray(0, bins))).toEqual(Array.from(shared.kernel.subarray(bins)));
    expect(shared.meanDelayDays[0]).toBeCloseTo(shared.meanDelayDays[1], 12);
    expect(Array.from(apart.kernel.subarray(0, bins))).not.toEqual(Array.from(apart.kernel.subarray(bins)));
  });
});
