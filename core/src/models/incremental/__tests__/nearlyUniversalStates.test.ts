import { pathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { PROBE_SCENARIOS } from '../../../simulation/probeScenarios';
import { shareAccuracy } from '../../../simulation/shareAccuracy';
import { simulateJourneys } from '../../../simulation/simulateJourneys';
import { NOISY_OR_LINK } from '../conversionLinks';
import { exposurePatterns } from '../exposurePatterns';
import { incrementalAttribution } from '../index';
import { informationWeights } from '../logisticFit';
import { FIRST_TOUCH_IN_SLOPES, nearlyUniversalStates, PRESENCE_PENALTY_FACTOR } from '../nearlyUniversalStates';
import { patternFeatures, presenceColumn } from '../patternFeatures';

// 100 journeys: email on 95 of them (once, or three times), search on 70.
const rows: PathRow[] = [
  ['email > search', 10, 0, 40],
  ['email > email > email > search', 5, 0, 15],
  ['email', 3, 0, 22],
  ['search', 1, 0, 4],
];

describe('states that reach nearly every journey', () => {
  const table = pathTable(rows);
  const patterns = exposurePatterns(table);
  const email = table.stateNames.indexOf('email');
  const search = table.stateNames.indexOf('search');

  it('are those fewer than a tenth of the journeys went without', () => {
    const flags = nearlyUniversalStates(patterns);
    expect(flags[email]).toBe(1);
    expect(flags[search]).toBe(0);
  });

  it('count from the first touch, one slope unit per first touch; the others keep ln(touches) alone', () => {
    const features = patternFeatures(patterns, false);
    const countValues = (state: number): number[] => {
      const values: number[] = [];
      for (let slot = 0; slot < features.columns.length; slot++)
        if (features.columns[slot] === presenceColumn(state) + 1) values.push(features.values[slot]);
      return values.sort((left, right) => left - right);
    };
    expect(countValues(email)).toEqual([FIRST_TOUCH_IN_SLOPES, FIRST_TOUCH_IN_SLOPES, FIRST_TOUCH_IN_SLOPES + Math.log(3)]);
    // Search is touched once in every journey: ln 1 = 0, so no count slot at all.
    expect(countValues(search)).toEqual([]);
  });

  it('have their own "touched at all" term shrunk PRESENCE_PENALTY_FACTOR times harder, and nothing else', () => {
    const features = patternFeatures(patterns, false);
    const weights = informationWeights(features, NOISY_OR_LINK, patterns.conversions, patterns.journeys);
    const plain = informationWeights(
      { ...features, curves: { ...features.curves, presencePenaltyFactors: new Float64Array(table.stateNames.length).fill(1) } },
      NOISY_OR_LINK,
      patterns.conversions,
      patterns.journeys,
    );
    weights.forEach((weight, column) =>
      expect(weight).toBeCloseTo(column === presenceColumn(email) ? PRESENCE_PENALTY_FACTOR * plain[column] : plain[column], 12),
    );
  });

  it('no longer swing the credit on the heavy-touches probe (seed 5 scored 0.827 with the first touch free)', () => {
    const probe = PROBE_SCENARIOS.find((scenario) => scenario.name === 'heavy-touches')!;
    const simulation = simulateJourneys(probe, 100_000, 5);
    const universal = nearlyUniversalStates(exposurePatterns(simulation.table));
    // Paid search, paid social, email and display each miss fewer than 10% of the journeys.
    expect(Array.from(universal).reduce((sum, flag) => sum + flag, 0)).toBe(4);
    const credits = incrementalAttribution(simulation.table, { bootstrapSamples: 0, seed: 5 }).conversions;
    expect(shareAccuracy(credits, simulation.truth)).toBeGreaterThan(0.9);
  });
});
