import fc from 'fast-check';
import { byName, logisticJourneys, pathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { incrementalAttribution } from '..';
import { incrementalConversionsByState } from '../counterfactualShapley';
import { exposurePatterns } from '../exposurePatterns';
import { designColumns, fitLogistic, fitLogisticNewton, informationAt } from '../logisticFit';
import { patternFeatures, presenceColumn } from '../patternFeatures';
import { LOGISTIC_LINK, NOISY_OR_LINK } from '../conversionLinks';


describe('incremental', () => {
  it('recovers which states lift conversion and which do not', () => {
    const table = pathTable(logisticJourneys({ strong: 1.2, weak: 0.4, none: 0 }, 20000, 3));
    const result = incrementalAttribution(table, { bootstrapSamples: 40, seed: 1 });
    const credits = byName(table.stateNames, result.conversions);
    expect(credits.strong).toBeGreaterThan(credits.weak);
    expect(credits.weak).toBeGreaterThan(credits.none);
    // A state without effect gets (almost) nothing: under 3% of all conversions.
    const total = Array.from(table.conversions).reduce((sum, value) => sum + value, 0);
    expect(credits.none / total).toBeLessThan(0.03);
    // The fitted effects are those of the generator (log-odds 1.2, 0.4, 0) within sampling error
    // (standard errors about 0.05 here).
    const patterns = exposurePatterns(table);
    const coefficients = fitLogisticNewton(patternFeatures(patterns, false), LOGISTIC_LINK, patterns.conversions, patterns.journeys, result.penalty);
    const effect = (name: string): number => coefficients[presenceColumn(table.stateNames.indexOf(name))];
    expect(Math.abs(effect('strong') - 1.2)).toBeLessThan(0.15);
    expect(Math.abs(effect('weak') - 0.4)).toBeLessThan(0.15);
    expect(effect('none')).toBeLessThan(0.15);
    // Bootstrap intervals bracket the estimates.
    table.stateNames.forEach((_, state) => {
      expect(result.conversionsLow?.[state]).toBeLessThanOrEqual(result.conversions[state] + 1e-9);
      expect(result.conversionsHigh?.[state]).toBeGreaterThanOrEqual(result.conversions[state] - 1e-9);
    });
  });

  it('splits a journey by Shapley over the model counterfactuals (hand check)', () => {
    // Coefficients: intercept 0 (baseline 1/2), A present +ln 3 (alone: 3/4), B present +ln 3.
    // A and B together: odds 9, P = 9/10. Gains: v(A) = v(B) = 1/4, v(AB) = 2/5.
    // φ_A = φ_B = (v(AB)) / 2 = 1/5 by symmetry; one journey of pattern {A, B}: 1/5 each.
    const table = pathTable([['A > B', 1, 0, 0]]);
    const patterns = exposurePatterns(table);
    const features = patternFeatures(patterns, false);
    const coefficients = new Float64Array([0, Math.log(3), 0, Math.log(3), 0]);
    const totals = incrementalConversionsByState(patterns, features, LOGISTIC_LINK, coefficients, patterns.journeys);
    expect(Array.from(totals)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.2, 12)]);
    // A pair term of -ln 9 cancels the synergy-free lift of A and B together: v(AB) = 0, so
    // φ_A = φ_B = ½ (v(A) - 0) + ½ (v(AB) - v(B)) = ½ · 1/4 + ½ · (0 - 1/4) = 0.
    const withPair = { ...features, pairBase: 5, coefficientCount: 6, columns: Int32Array.from([...features.columns, 5]), values: Float64Array.from([...features.values, 1]), playerMasks: Int32Array.from([...features.playerMasks, 3]), offsets: Int32Array.from([0, features.columns.length + 1]) };
    const cancelled = incrementalConversionsByState(patterns, withPair, LOGISTIC_LINK, new Float64Array([0, Math.log(3), 0, Math.log(3), 0, -Math.log(9)]), patterns.journeys);
    expect(Array.from(cancelled)).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12)]);
  });

  it('splits by the noisy-or counterfactuals (hand check)', () => {
    // Noisy-or: P = 1 - e^-η. Intercept ln 2 (baseline 1/2), A and B each + ln 2 of hazard.
    // P(A) = P(B) = 1 - 1/4 = 3/4, P(AB) = 1 - 1/8 = 7/8; gains 1/4, 1/4, 3/8: φ_A = φ_B = 3/16.
    const table = pathTable([['A > B', 1, 0, 0]]);
    const patterns = exposurePatterns(table);
    const totals = incrementalConversionsByState(patterns, patternFeatures(patterns, false), NOISY_OR_LINK, new Float64Array([Math.LN2, Math.LN2, 0, Math.LN2, 0]), patterns.journeys);
    expect(Array.from(totals)).toEqual([expect.closeTo(3 / 16, 12), expect.closeTo(3 / 16, 12)]);
  });

  it('fits the same model by projected Newton and by coordinate descent, under both links', () => {
    const table = pathTable(logisticJourneys({ a: 0.8, b: 0.2, c: -0.5, d: 0 }, 5000, 8));
    const patterns = exposurePatterns(table);
    const features = patternFeatures(patterns);
    expect(features.pairStates.length).toBeGreaterThan(0);
    for (const link of [LOGISTIC_LINK, NOISY_OR_LINK]) {
      for (const penalty of [0.1, 10]) {
        const newton = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, penalty);
        const descent = fitLogistic(features, link, designColumns(features), patterns.conversions, patterns.journeys, penalty);
        newton.forEach((value, index) => expect(value).toBeCloseTo(descent[index], 4));
        // c lowers conversion in the generator: the constraint holds it at 0.
        expect(newton[presenceColumn(table.stateNames.indexOf('c'))]).toBe(0);
      }
    }
  });

  it('reaches the same fit with the information fixed at a nearby point (chord Newton) as with full Newton', () => {
    const table = pathTable(logisticJourneys({ a: 0.8, b: 0.2, c: -0.5, d: 0.4 }, 5000, 9));
    const patterns = exposurePatterns(table);
    const features = patternFeatures(patterns);
    for (const link of [LOGISTIC_LINK, NOISY_OR_LINK]) {
      // The information at the fit for a 100× stronger penalty serves the weaker one's fit.
      const near = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, 10);
      const fixed = informationAt(features, link, near, patterns.conversions, patterns.journeys);
      const newton = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, 0.1, near);
      const chord = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, 0.1, near, undefined, fixed);
      // Both stop once the Newton decrement is below 1e-5 log-likelihood units: the chord, converging
      // linearly, stops a little further from the maximum.
      chord.forEach((value, index) => expect(value).toBeCloseTo(newton[index], 4));
    }
  });

  it('credits sum to the totals and ignore row order and aggregation', () => {
    const row = fc.tuple(
      fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 1, maxLength: 5 }).map((states) => states.join(' > ')),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 6 }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 20 }), (rows) => {
        const table = pathTable(rows as PathRow[]);
        const result = incrementalAttribution(table, { bootstrapSamples: 0, seed: 1 });
        const conversions = rows.reduce((sum, [, converted]) => sum + converted, 0);
        const value = rows.reduce((sum, [, , amount]) => sum + amount, 0);
        const total = result.conversions.reduce((sum, credit) => sum + credit, 0);
        if (result.weights.some((weight) => weight > 0)) {
          expect(total).toBeCloseTo(conversions, 6);
          expect(result.values.reduce((sum, credit) => sum + credit, 0)).toBeCloseTo(value, 5);
        } else expect(total).toBe(0);
        const reordered = pathTable([...rows].reverse().flatMap(([path, c, v, n]) => [[path, c, v, 0] as PathRow, [path, 0, 0, n] as PathRow]));
        const other = byName(reordered.stateNames, incrementalAttribution(reordered, { bootstrapSamples: 0, seed: 1 }).conversions);
        table.stateNames.forEach((name, id) => expect(other[name]).toBeCloseTo(result.conversions[id], 5));
      }),
      { numRuns: 30 },
    );
  });
});
