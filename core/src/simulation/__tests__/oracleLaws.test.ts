import { oracleData } from '../oracleData';
import { oracleHazardLaw } from '../oracleHazardLaw';
import { oracleLogOddsLaw } from '../oracleLogOddsLaw';
import { PROBE_SCENARIOS } from '../probeScenarios';
import { SCENARIOS } from '../scenarios';
import { simulateJourneys } from '../simulateJourneys';

const scenario = (name: string) => [...SCENARIOS, ...PROBE_SCENARIOS].find((candidate) => candidate.name === name)!;

describe.each([
  ['hazards', 'activity-and-targeting', oracleHazardLaw, Float64Array.of(-3.1, 0.02, 0.01, 0.015, 0.004, 0.06, 0.04)],
  ['log-odds', 'logistic-activity-target', oracleLogOddsLaw, Float64Array.of(-3.1, 0.25, 0.15, 0.2, 0.05, 0.7, 0.5)],
])('the %s law', (_, name, lawOf, theta) => {
  const simulated = scenario(name);
  const data = oracleData(simulated, simulateJourneys(simulated, 3_000, 7).table);
  const law = lawOf(data);
  const spread = 0.5;

  it('gives the gradient and Hessian of its log-likelihood (against central differences)', () => {
    const parameters = theta.length;
    const gradient = new Float64Array(parameters);
    const hessian = Array.from({ length: parameters }, () => new Float64Array(parameters));
    law.logLikelihood(theta, spread, gradient, hessian);
    const step = 1e-5;
    const shifted = (index: number, by: number): Float64Array => {
      const copy = Float64Array.from(theta);
      copy[index] += by;
      return copy;
    };
    for (let i = 0; i < parameters; i++) {
      const numeric = (law.logLikelihood(shifted(i, step), spread) - law.logLikelihood(shifted(i, -step), spread)) / (2 * step);
      expect(gradient[i]).toBeCloseTo(numeric, 2);
      const up = new Float64Array(parameters);
      const down = new Float64Array(parameters);
      law.logLikelihood(
        shifted(i, step),
        spread,
        up,
        Array.from({ length: parameters }, () => new Float64Array(parameters)),
      );
      law.logLikelihood(
        shifted(i, -step),
        spread,
        down,
        Array.from({ length: parameters }, () => new Float64Array(parameters)),
      );
      for (let j = 0; j < parameters; j++) expect(hessian[j][i]).toBeCloseTo((up[j] - down[j]) / (2 * step), 0);
    }
  });

  it('credits only channels with an effect, and a journey at most its whole lift', () => {
    const zeroed = Float64Array.from(theta);
    zeroed[4] = 0;
    const credits = law.credits(zeroed, spread);
    expect(credits[3]).toBe(0);
    expect(credits.every((value) => value >= 0)).toBe(true);
    const journeys = data.patterns.conversions.reduce((a, b) => a + b, 0) + data.patterns.nulls.reduce((a, b) => a + b, 0);
    expect(credits.reduce((a, b) => a + b, 0)).toBeLessThan(journeys);
  });
});

describe('oracleData', () => {
  it('groups journeys by their count vector and gives each a posterior of z that sums to 1', () => {
    const simulated = scenario('targeting-bias');
    const simulation = simulateJourneys(simulated, 2_000, 3);
    const data = oracleData(simulated, simulation.table);
    const total = data.patterns.conversions.reduce((a, b) => a + b, 0) + data.patterns.nulls.reduce((a, b) => a + b, 0);
    expect(total).toBe(2_000);
    expect(data.patterns.conversions.reduce((a, b) => a + b, 0)).toBe(simulation.conversions);
    const points = data.grid.length;
    for (let pattern = 0; pattern < data.patterns.counts.length; pattern++) {
      let sum = 0;
      for (let point = 0; point < points; point++) sum += data.weights[pattern * points + point];
      expect(sum).toBeCloseTo(1, 12);
    }
    // More touches of the targeted channels say a higher propensity.
    const meanZ = (counts: readonly number[]): number => {
      const pattern = data.patterns.counts.findIndex((candidate) => candidate.every((count, channel) => count === counts[channel]));
      expect(pattern).toBeGreaterThanOrEqual(0);
      let mean = 0;
      for (let point = 0; point < points; point++) mean += data.weights[pattern * points + point] * data.grid[point];
      return mean;
    };
    const email = simulated.channels.findIndex((channel) => channel.name === 'email');
    const once = simulated.channels.map((_, channel) => (channel === email ? 1 : 0));
    const twice = simulated.channels.map((_, channel) => (channel === email ? 2 : 0));
    expect(meanZ(twice)).toBeGreaterThan(meanZ(once));
  });
});
