import { pathCount } from '../../models/data-driven/pathTable';
import { PROBE_SCENARIOS } from '../probeScenarios';
import { SCENARIOS, type Scenario } from '../scenarios';
import { shareAccuracy } from '../shareAccuracy';
import { simulateJourneys } from '../simulateJourneys';

describe('shareAccuracy', () => {
  it('is one minus the total variation distance between normalised shares', () => {
    expect(shareAccuracy([1, 1], [1, 1])).toBe(1);
    // Shares (0.75, 0.25) vs (0.5, 0.5): ½ (0.25 + 0.25) = 0.25 apart.
    expect(shareAccuracy([3, 1], [10, 10])).toBeCloseTo(0.75, 12);
    expect(shareAccuracy([1, 0], [0, 1])).toBe(0);
    expect(shareAccuracy([-5, 1], [0, 2])).toBe(1);
    expect(() => shareAccuracy([1], [1, 2])).toThrow(RangeError);
  });
});

/** Two channels a and b alike (hazards, log-odds −3, no spread of buyers), with other scenario fields. */
function twoLikeHazardChannels(touchRate: number, effect: number, fields: Partial<Scenario>): Scenario {
  return {
    name: 'test',
    description: '',
    mechanism: 'hazards',
    baselineLogOdds: -3,
    baselineSpread: 0,
    ...fields,
    channels: ['a', 'b'].map((name) => ({ name, touchRate, targeting: 0, effect })),
  };
}

describe('simulateJourneys', () => {
  it('repeats by seed and keeps every buyer', () => {
    const first = simulateJourneys(SCENARIOS[0], 2000, 4);
    const second = simulateJourneys(SCENARIOS[0], 2000, 4);
    expect(Array.from(second.truth)).toEqual(Array.from(first.truth));
    let journeys = 0;
    for (let path = 0; path < pathCount(first.table); path++) journeys += first.table.conversions[path] + first.table.nulls[path];
    expect(journeys).toBe(2000);
    expect(first.truth.every((value) => value >= 0)).toBe(true);
  });

  it('gives a channel without effect no true credit, and one channel alone its whole lift', () => {
    // Additive, one channel with lift 0.1 × (1 - 0.5^touches), another with none, no baseline spread.
    const scenario: Scenario = {
      name: 'test',
      description: '',
      mechanism: 'additive',
      baselineLogOdds: -3,
      baselineSpread: 0,
      channels: [
        { name: 'lift', touchRate: 1, targeting: 0, effect: 0.1 },
        { name: 'idle', touchRate: 1, targeting: 0, effect: 0 },
      ],
    };
    const simulation = simulateJourneys(scenario, 20000, 2);
    expect(simulation.truth[1]).toBeCloseTo(0, 12);
    // E[0.1 (1 - 0.5^N)] over N ~ Poisson(1) given a touch somewhere: at least 0.1 × 0.5 per buyer touched by `lift`.
    expect(simulation.truth[0]).toBeGreaterThan(0.05 * 20000 * 0.5);
  });

  /** One logistic channel (log-odds −3, effect 0.8, one touch per buyer on average), nobody else. */
  const oneLogisticChannel = (recency?: number): Scenario => ({
    name: 'test',
    description: '',
    mechanism: 'logistic',
    baselineLogOdds: -3,
    baselineSpread: 0,
    recency,
    channels: [{ name: 'only', touchRate: 1, targeting: 0, effect: 0.8 }],
  });
  const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));
  /** E[σ(−3 + 0.8·√w(n)) − σ(−3)] over the kept journeys: n ≥ 1 touches, n ~ Poisson(1) given n ≥ 1. */
  const expectedLift = (weighed: (touches: number) => number): number => {
    let expected = 0;
    let probability = Math.exp(-1) / (1 - Math.exp(-1));
    for (let touches = 1; touches < 30; touches++) {
      probability *= 1 / touches;
      expected += probability * (sigmoid(-3 + 0.8 * Math.sqrt(weighed(touches))) - sigmoid(-3));
    }
    return expected;
  };

  it('adds each touch to the log-odds under the logistic mechanism: one channel alone takes E[σ(l + β·√n) − σ(l)]', () => {
    const journeys = 20000;
    const simulation = simulateJourneys(oneLogisticChannel(), journeys, 4);
    const expected = expectedLift((touches) => touches);
    expect(simulation.truth[0] / journeys).toBeCloseTo(expected, 3);
    // Conversions follow the same probability (binomial noise: about 0.003 at 20,000 journeys).
    expect(Math.abs(simulation.conversions / journeys - (expected + sigmoid(-3)))).toBeLessThan(0.012);
  });

  it('lets early touches fade under recency: one channel alone takes E[σ(l + β·√(Σ r^k)) − σ(l)]', () => {
    const recency = 0.5;
    const journeys = 20000;
    const simulation = simulateJourneys(oneLogisticChannel(recency), journeys, 4);
    // n touches weigh 1 + r + … + r^(n−1) = (1 − r^n) / (1 − r) of one.
    expect(simulation.truth[0] / journeys).toBeCloseTo(expectedLift((touches) => (1 - recency ** touches) / (1 - recency)), 3);
    // Without recency the same buyers' lift is larger (each touch counts in full).
    expect(simulateJourneys(oneLogisticChannel(), journeys, 4).truth[0]).toBeGreaterThan(simulation.truth[0] * 1.05);
  });

  it('fades early touches whichever channel follows them: two like channels share alike and together earn less than without recency', () => {
    // Two like channels, recency 0.5, touches in random order: neither is favoured by its place, and
    // a touch followed by others counts for less, so together they earn well under the flat case.
    const scenario = twoLikeHazardChannels(2, 0.05, { recency: 0.5, touchExponent: 1 });
    const simulation = simulateJourneys(scenario, 20000, 6);
    const flat = simulateJourneys({ ...scenario, recency: 1 }, 20000, 6);
    expect(simulation.truth[0] / simulation.truth[1]).toBeCloseTo(1, 1);
    expect(simulation.truth[0] + simulation.truth[1]).toBeLessThan(0.7 * (flat.truth[0] + flat.truth[1]));
  });

  it('makes upstream channels cause the touches they induce', () => {
    const scenario = SCENARIOS.find((candidate) => candidate.name === 'upstream') as Scenario;
    const simulation = simulateJourneys(scenario, 20000, 3);
    const withoutInduction = simulateJourneys({ ...scenario, induces: undefined }, 20000, 3);
    const creator = simulation.channelNames.indexOf('creator');
    // Creator's true credit grows when it brings extra search touches.
    expect(simulation.truth[creator]).toBeGreaterThan(withoutInduction.truth[creator]);
  });

  it('lets two channels bring touches of the same one, each credited for its own', () => {
    const scenario = SCENARIOS.find((candidate) => candidate.name === 'independent-hazards') as Scenario;
    const both = { ...scenario, induces: [{ from: 'creator', to: 'paid_search', probability: 0.6 }, { from: 'paid_social', to: 'paid_search', probability: 0.4 }] };
    const simulation = simulateJourneys(both, 20000, 3);
    const plain = simulateJourneys(scenario, 20000, 3);
    const onlyCreator = simulateJourneys({ ...scenario, induces: both.induces.slice(0, 1) }, 20000, 3);
    const index = (name: string): number => simulation.channelNames.indexOf(name);
    for (const inducer of ['creator', 'paid_social']) expect(simulation.truth[index(inducer)]).toBeGreaterThan(plain.truth[index(inducer)]);
    expect(simulation.truth[index('paid_social')]).toBeGreaterThan(onlyCreator.truth[index('paid_social')]);
    // Paid search touches: its own (1.2 per buyer) plus 0.6 per creator touch (0.35) and 0.4 per paid-social touch (0.9).
    const touchesPerJourney = (result: typeof simulation, state: number): number => {
      const { pathOffsets, pathStates, conversions, nulls } = result.table;
      let count = 0;
      for (let path = 0; path + 1 < pathOffsets.length; path++) {
        for (let slot = pathOffsets[path]; slot < pathOffsets[path + 1]; slot++) if (pathStates[slot] === state) count += conversions[path] + nulls[path];
      }
      return count / result.journeys;
    };
    const brought = touchesPerJourney(simulation, index('paid_search')) - touchesPerJourney(plain, index('paid_search'));
    expect(brought).toBeGreaterThan(0.6 * 0.35 + 0.4 * 0.9 - 0.05);
    expect(brought).toBeLessThan(0.6 * 0.35 + 0.4 * 0.9 + 0.05);
  });

  it('spreads every channel’s counts by general activity, without changing who converts for it', () => {
    // Two channels, no effects, activity spread 0.8: counts over-dispersed (Var n = m + m² (e^0.64 − 1)),
    // and the two channels' counts correlated through the shared activity.
    const scenario = twoLikeHazardChannels(3, 0, { activitySpread: 0.8 });
    const simulation = simulateJourneys(scenario, 20000, 5);
    const counts: number[][] = [];
    for (let path = 0; path < pathCount(simulation.table); path++) {
      const touches = [0, 0];
      for (let slot = simulation.table.pathOffsets[path]; slot < simulation.table.pathOffsets[path + 1]; slot++) touches[simulation.table.pathStates[slot]]++;
      for (let copy = 0; copy < simulation.table.conversions[path] + simulation.table.nulls[path]; copy++) counts.push(touches);
    }
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const first = counts.map((touches) => touches[0]);
    const second = counts.map((touches) => touches[1]);
    const firstMean = mean(first);
    const variance = mean(first.map((value) => (value - firstMean) ** 2));
    // Poisson would give variance ≈ mean (about 3); activity adds 9 × (e^0.64 − 1) ≈ 8.
    expect(variance).toBeGreaterThan(firstMean + 5);
    const secondMean = mean(second);
    const covariance = mean(first.map((value, index) => (value - firstMean) * (second[index] - secondMean)));
    expect(covariance).toBeGreaterThan(5);
    // No channel has an effect, so no true credit.
    expect(Array.from(simulation.truth)).toEqual([0, 0]);
  });
});

describe('probe scenarios', () => {
  it('are named apart from the measured scenarios and name only channels they have', () => {
    const names = PROBE_SCENARIOS.map((scenario) => scenario.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(SCENARIOS.some((scenario) => scenario.name === name)).toBe(false);
    for (const scenario of PROBE_SCENARIOS) {
      const channels = scenario.channels.map((channel) => channel.name);
      expect(new Set(channels).size).toBe(channels.length);
      for (const named of [scenario.synergy?.first, scenario.synergy?.second, ...(scenario.induces ?? []).flatMap((rule) => [rule.from, rule.to])]) if (named) expect(channels).toContain(named);
    }
  });

  it('change what they say they change: the base rate, the touch volume, a channel without effect', () => {
    const probe = (name: string): Scenario => PROBE_SCENARIOS.find((scenario) => scenario.name === name) as Scenario;
    const touchesPerJourney = (scenario: Scenario): number => {
      const { table } = simulateJourneys(scenario, 5000, 7);
      let touches = 0;
      for (let path = 0; path < pathCount(table); path++) touches += (table.pathOffsets[path + 1] - table.pathOffsets[path]) * (table.conversions[path] + table.nulls[path]);
      return touches / 5000;
    };
    const conversionRate = (scenario: Scenario): number => simulateJourneys(scenario, 5000, 7).conversions / 5000;
    expect(conversionRate(probe('high-base-rate'))).toBeGreaterThan(2 * conversionRate(SCENARIOS[0]));
    expect(conversionRate(probe('low-base-rate'))).toBeLessThan(conversionRate(SCENARIOS[0]));
    expect(touchesPerJourney(probe('heavy-touches'))).toBeGreaterThan(2 * touchesPerJourney(SCENARIOS[0]));
    const nullHeavy = simulateJourneys(probe('null-heavy-channel'), 5000, 7);
    expect(nullHeavy.truth[nullHeavy.channelNames.indexOf('display')]).toBeCloseTo(0, 12);
    expect(simulateJourneys(probe('twelve-channels'), 2000, 7).channelNames).toHaveLength(12);
  });
});
