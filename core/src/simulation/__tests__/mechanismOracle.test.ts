import { mechanismOracle } from '../mechanismOracle';
import { LOG_ODDS_EFFECTS, PROBE_SCENARIOS } from '../probeScenarios';
import { SCENARIOS, type Scenario } from '../scenarios';
import { shareAccuracy } from '../shareAccuracy';
import { simulateJourneys } from '../simulateJourneys';

const scenario = (name: string): Scenario => [...SCENARIOS, ...PROBE_SCENARIOS].find((candidate) => candidate.name === name)!;

describe('mechanismOracle', () => {
  it('recovers the per-touch hazards of independent hazards, and splits credit as the truth does', () => {
    const independent = scenario('independent-hazards');
    const simulation = simulateJourneys(independent, 60_000, 4);
    const result = mechanismOracle(independent, simulation.table, [0.6]);
    // The true hazard per touch^0.5 is −ln(1 − effect); the frequent, strong channels are measured well.
    for (const name of ['paid_search', 'email', 'creator']) {
      const channel = independent.channels.findIndex((candidate) => candidate.name === name);
      expect(Math.abs(result.best.effects[channel] + Math.log(1 - independent.channels[channel].effect))).toBeLessThan(0.012);
    }
    expect(result.best.effects.every((effect) => effect >= 0)).toBe(true);
    expect(shareAccuracy(result.best.credits, simulation.truth)).toBeGreaterThan(0.93);
  });

  it('recovers the per-touch log-odds effects of the log-odds mechanism', () => {
    const logOdds = scenario('logistic-effects');
    const simulation = simulateJourneys(logOdds, 60_000, 2);
    const result = mechanismOracle(logOdds, simulation.table, [0.6]);
    // Seeds 1-3 give 0.247-0.278 for paid search's 0.25 and 0.687-0.732 for the creator's 0.7.
    for (const name of ['paid_search', 'email', 'creator']) {
      const channel = logOdds.channels.findIndex((candidate) => candidate.name === name);
      expect(Math.abs(result.best.effects[channel] - LOG_ODDS_EFFECTS[name])).toBeLessThan(0.06);
    }
    expect(shareAccuracy(result.best.credits, simulation.truth)).toBeGreaterThan(0.94);
  });

  it('picks the most likely spread, and its σ lands near the truth under targeting', () => {
    const targeting = scenario('targeting-bias');
    const simulation = simulateJourneys(targeting, 60_000, 2);
    const spreads = [0.2, 0.4, 0.6, 0.8, 1.0];
    const result = mechanismOracle(targeting, simulation.table, spreads);
    expect(result.fits.map((fit) => fit.spread)).toEqual(spreads);
    for (const fit of result.fits) expect(result.best.logLikelihood).toBeGreaterThanOrEqual(fit.logLikelihood);
    expect(Math.abs(result.best.spread - targeting.baselineSpread)).toBeLessThanOrEqual(0.2);
    // Averaged credits are shares: they sum to 1.
    expect(result.averagedCredits.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 9);
    // At the true σ the targeted channels' hazards come out near the truth (within about 2.5
    // standard errors over seeds 1-4: 0.008-0.019 for email's 0.015): the baseline's
    // dependence on z, not the touches, takes the targeted buyers' own readiness.
    const atTruth = result.fits[2];
    for (const name of ['email', 'display']) {
      const channel = targeting.channels.findIndex((candidate) => candidate.name === name);
      expect(Math.abs(atTruth.effects[channel] + Math.log(1 - targeting.channels[channel].effect))).toBeLessThan(0.01);
    }
    expect(atTruth.baselineLogOdds).toBeCloseTo(targeting.baselineLogOdds, 0);
  });

  it('refuses a scenario whose mechanism it does not model, naming what', () => {
    const synergy = scenario('synergy');
    const simulation = simulateJourneys(synergy, 200, 1);
    expect(() => mechanismOracle(synergy, simulation.table, [0.5])).toThrow(/'synergy' has synergy/);
    expect(() => mechanismOracle(scenario('upstream'), simulation.table, [0.5])).toThrow(/induces/);
    expect(() => mechanismOracle(scenario('additive-lifts'), simulation.table, [0.5])).toThrow(/mechanism 'additive'/);
    expect(() => mechanismOracle(scenario('recency'), simulation.table, [0.5])).toThrow(/recency/);
    expect(() => mechanismOracle(scenario('independent-hazards'), simulation.table, [])).toThrow(/spreads/);
  });
});
