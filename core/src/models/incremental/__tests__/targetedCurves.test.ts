import { pathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { PROBE_SCENARIOS } from '../../../simulation/probeScenarios';
import { shareAccuracy } from '../../../simulation/shareAccuracy';
import { simulateJourneys } from '../../../simulation/simulateJourneys';
import { LOGISTIC_LINK } from '../conversionLinks';
import { defaultCountCurves } from '../countCurves';
import { exposurePatterns } from '../exposurePatterns';
import { incrementalAttribution } from '../index';
import { informationWeights } from '../logisticFit';
import { patternFeatures, presenceColumn } from '../patternFeatures';
import { TARGETED_PRESENCE_PENALTY_FACTOR, targetedCountCurves, untargetedCurveShape } from '../targetedCurves';

// Search reaches 60 journeys, social 30, email 50 (email is the targeted one below).
const rows: PathRow[] = [
  ['search > email > email', 6, 0, 24],
  ['search > search > social', 3, 0, 17],
  ['social > email', 2, 0, 8],
  ['email', 1, 0, 9],
  ['search', 1, 0, 9],
];

describe('targeted states drawn with the untargeted states’ curve', () => {
  const table = pathTable(rows);
  const patterns = exposurePatterns(table);
  const [search, email, social] = ['search', 'email', 'social'].map((name) => table.stateNames.indexOf(name));
  const features = patternFeatures(patterns, false);
  const loadings = new Float64Array(table.stateNames.length);
  loadings[email] = 0.5;

  it('pools the untargeted states’ slope per unit of first-touch effect, weighted by reach', () => {
    const coefficients = new Float64Array(features.coefficientCount);
    // search: first touch 0.2, slope 0.1; social: first touch 0.1, slope 0.08; email (targeted) is left out.
    coefficients[presenceColumn(search)] = 0.2;
    coefficients[presenceColumn(search) + 1] = 0.1;
    coefficients[presenceColumn(social)] = 0.1;
    coefficients[presenceColumn(social) + 1] = 0.08;
    coefficients[presenceColumn(email)] = 5;
    coefficients[presenceColumn(email) + 1] = 5;
    expect(untargetedCurveShape(patterns, features, coefficients, loadings)).toBeCloseTo((60 * 0.1 + 30 * 0.08) / (60 * 0.2 + 30 * 0.1), 12);
    // No untargeted state with an effect: no shape to borrow.
    expect(untargetedCurveShape(patterns, features, new Float64Array(features.coefficientCount), loadings)).toBeUndefined();
    expect(untargetedCurveShape(patterns, features, coefficients, new Float64Array(table.stateNames.length).fill(1))).toBeUndefined();
  });

  it('gives a targeted state the count term 1/γ + ln(touches) and holds its own presence term at 0; the others keep theirs', () => {
    const curves = targetedCountCurves(defaultCountCurves(patterns), loadings, 0.5);
    expect(Array.from(curves.firstTouchInSlopes)).toEqual(table.stateNames.map((_, state) => (state === email ? 2 : 0)));
    expect(Array.from(curves.presencePenaltyFactors)).toEqual(
      table.stateNames.map((_, state) => (state === email ? TARGETED_PRESENCE_PENALTY_FACTOR : 1)),
    );
    const shaped = patternFeatures(patterns, false, [], undefined, curves);
    const emailCounts = new Set<number>();
    for (let slot = 0; slot < shaped.columns.length; slot++)
      if (shaped.columns[slot] === presenceColumn(email) + 1) emailCounts.add(shaped.values[slot]);
    expect([...emailCounts].sort()).toEqual([2, 2 + Math.log(2)]);
    const weights = informationWeights(shaped, LOGISTIC_LINK, patterns.conversions, patterns.journeys);
    const plain = informationWeights(features, LOGISTIC_LINK, patterns.conversions, patterns.journeys);
    expect(weights[presenceColumn(email)]).toBeCloseTo(TARGETED_PRESENCE_PENALTY_FACTOR * plain[presenceColumn(email)], 3);
    expect(weights[presenceColumn(search)]).toBe(plain[presenceColumn(search)]);
    // A flat untargeted curve (γ → 0) makes the count term a near-constant: a presence term.
    expect(targetedCountCurves(defaultCountCurves(patterns), loadings, 0).firstTouchInSlopes[email]).toBe(100);
  });

  it('keep the targeted channels from taking the buyers’ readiness (log-odds, activity and targeting, seed 2: 0.826 with free curves)', () => {
    const probe = PROBE_SCENARIOS.find((scenario) => scenario.name === 'logistic-activity-target')!;
    const simulation = simulateJourneys(probe, 100_000, 2);
    const credits = incrementalAttribution(simulation.table, { bootstrapSamples: 0, seed: 2 }).conversions;
    expect(shareAccuracy(credits, simulation.truth)).toBeGreaterThan(0.92);
  });
});
