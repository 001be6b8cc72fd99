import { createRandom, poisson } from '../../../simulation/random';
import { pathTable, plainPathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { totalConversions, totalValue } from '../../data-driven/pathTable';
import { incrementalAttribution } from '..';
import { statesWithoutOverlap, withoutStates } from '../overlap';

/**
 * Journeys touched by email (hazard 0.03 a touch) and search (0.05), baseline hazard 0.05; among
 * those that convert, a `deal form` touch is added to 40% (a form that creates the deal: it never
 * appears in a journey that did not convert, and causes nothing).
 */
function journeysWithDealForm(journeys: number, seed: number): PathRow[] {
  const random = createRandom(seed);
  const rows: PathRow[] = [];
  while (rows.length < journeys) {
    const path: string[] = [];
    const emails = poisson(random, 1.2);
    const searches = poisson(random, 0.8);
    for (let touch = 0; touch < emails; touch++) path.push('email');
    for (let touch = 0; touch < searches; touch++) path.push('search');
    if (path.length === 0) continue;
    const hazard = 0.05 + 0.03 * emails + 0.05 * searches;
    const converted = random() < 1 - Math.exp(-hazard);
    if (converted && random() < 0.4) path.push('deal form');
    rows.push([path.join(' > '), converted ? 1 : 0, converted ? 1000 : 0, converted ? 0 : 1]);
  }
  return rows;
}

describe('overlap (positivity) in the incremental model', () => {
  it('finds the states that reach converting journeys only, and none when no journey failed to convert', () => {
    const table = pathTable([
      ['a > m', 10, 100, 0],
      ['a', 5, 50, 50],
      ['b', 2, 20, 40],
      ['m > b > m', 3, 30, 0],
      ['z', 0, 0, 4],
    ]);
    expect(statesWithoutOverlap(table).map((state) => table.stateNames[state])).toEqual(['m']);
    const noNulls = pathTable([
      ['a > m', 10, 100, 0],
      ['b', 2, 20, 0],
    ]);
    expect(statesWithoutOverlap(noNulls)).toEqual([]);
  });

  it('drops a state’s touches, merges the paths that become alike and drops those left empty', () => {
    const table = pathTable([
      ['a > m', 10, 100, 0],
      ['a', 5, 50, 50],
      ['m > b > m', 3, 30, 0],
      ['b', 2, 20, 40],
      ['m', 7, 70, 0],
    ]);
    const reduced = withoutStates(table, [table.stateNames.indexOf('m')]);
    expect(plainPathTable(reduced.table)).toEqual(
      plainPathTable(
        pathTable([
          ['a', 15, 150, 50],
          ['b', 5, 50, 40],
        ]),
      ),
    );
    expect(Array.from(reduced.originalStates, (state) => table.stateNames[state])).toEqual(['a', 'b']);
  });

  it('gives a state seen only in converting journeys no credit, says so, and still credits every conversion', () => {
    const rows = journeysWithDealForm(20000, 3);
    const table = pathTable(rows);
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const attribution = incrementalAttribution(table, { bootstrapSamples: 20, seed: 3 });
      const form = table.stateNames.indexOf('deal form');
      expect(attribution.statesWithoutOverlap).toEqual(['deal form']);
      expect(attribution.conversions[form]).toBe(0);
      expect(attribution.weights[form]).toBe(0);
      expect(attribution.conversionsHigh![form]).toBe(0);
      expect(warnings).toHaveBeenCalledTimes(1);
      expect(String(warnings.mock.calls[0][0])).toContain('deal form');
      const sum = (values: Float64Array): number => values.reduce((total, value) => total + value, 0);
      expect(sum(attribution.conversions)).toBeCloseTo(totalConversions(table), 6);
      expect(sum(attribution.values)).toBeCloseTo(totalValue(table), 4);
      // The other states are credited as a fit without the form's touches credits them, spread over all conversions.
      const withoutForm = incrementalAttribution(pathTable(rows.map(([path, ...totals]) => [path.replace(' > deal form', ''), ...totals] as const)), {
        bootstrapSamples: 0,
        seed: 3,
      });
      for (const name of ['email', 'search']) {
        const share = attribution.conversions[table.stateNames.indexOf(name)] / totalConversions(table);
        expect(share).toBeCloseTo(withoutForm.conversions[withoutForm.stateNames.indexOf(name)] / totalConversions(table), 9);
      }
      // Every interval holds its estimate.
      for (let state = 0; state < table.stateNames.length; state++) {
        expect(attribution.conversionsLow![state]).toBeLessThanOrEqual(attribution.conversions[state] + 1e-9);
        expect(attribution.conversionsHigh![state]).toBeGreaterThanOrEqual(attribution.conversions[state] - 1e-9);
      }
    } finally {
      warnings.mockRestore();
    }
  });
});
