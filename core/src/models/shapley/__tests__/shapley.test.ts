import fc from 'fast-check';
import { createRandom } from '../../../simulation/random';
import { byName, pathTable, randomRows, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { shapleyAttribution } from '..';
import { exactSimplifiedShapley, orderedShapley, playersOf, sampledSimplifiedShapley } from '../simplifiedShapley';
import { convertingStateSets, type StateSets } from '../stateSets';

describe('shapley', () => {
  it('matches a hand computation', () => {
    // Sets: {A} 2 conversions, {A,B} 3, {B,C} 1.
    // v({A}) = 2, v({B}) = 0, v({C}) = 0, v({A,B}) = 5, v({A,C}) = 2, v({B,C}) = 1, v(ABC) = 6.
    // φ_A = 1/3·(2-0) + 1/6·(5-0) + 1/6·(2-0) + 1/3·(6-1) = 2/3 + 5/6 + 1/3 + 5/3 = 3.5
    // (equivalently each set's conversions split equally: A = 2 + 3/2 = 3.5, B = 3/2 + 1/2 = 2, C = 1/2).
    const table = pathTable([
      ['A', 2, 20, 5],
      ['A > B > A', 3, 30, 0],
      ['C > B', 1, 10, 4],
    ]);
    const credits = shapleyAttribution(table, { shapleyPermutations: 100, seed: 1 });
    expect(byName(table.stateNames, credits.conversions)).toEqual({ A: expect.closeTo(3.5, 12), B: expect.closeTo(2, 12), C: expect.closeTo(0.5, 12) });
    expect(byName(table.stateNames, credits.values)).toEqual({ A: expect.closeTo(35, 10), B: expect.closeTo(20, 10), C: expect.closeTo(5, 10) });
    expect(credits.standardErrors).toBeUndefined();
  });

  it('agrees with the permutation definition on random small inputs', () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 25; trial++) {
      const states = ['A', 'B', 'C', 'D', 'E'].slice(0, 2 + (trial % 4));
      const table = pathTable(randomRows(random, 12, states, 4));
      const sets = convertingStateSets(table);
      const exact = exactSimplifiedShapley(sets, table.stateNames.length);
      const reference = permutationShapley(sets, table.stateNames.length);
      reference.forEach((value, state) => expect(exact.conversions[state]).toBeCloseTo(value, 10));
    }
  });

  it('samples within the reported standard error of the exact value', () => {
    const random = createRandom(5);
    const states = Array.from({ length: 12 }, (_, index) => `S${index}`);
    const table = pathTable(randomRows(random, 200, states, 5));
    const sets = convertingStateSets(table);
    const exact = exactSimplifiedShapley(sets, table.stateNames.length);
    const sampled = sampledSimplifiedShapley(sets, table.stateNames.length, 4000, 3);
    let within = 0;
    for (let state = 0; state < table.stateNames.length; state++) {
      expect(Math.abs(sampled.conversions[state] - exact.conversions[state])).toBeLessThan(4.5 * sampled.standardErrors[state] + 1e-9);
      if (Math.abs(sampled.conversions[state] - exact.conversions[state]) <= 2 * sampled.standardErrors[state]) within++;
    }
    // About 95% of states fall within two standard errors; allow sampling luck.
    expect(within).toBeGreaterThanOrEqual(9);
  });

  it('samples above 20 states and reports standard errors; every sample is efficient', () => {
    const states = Array.from({ length: 24 }, (_, index) => `S${index}`);
    const table = pathTable(randomRows(createRandom(9), 300, states, 4));
    const credits = shapleyAttribution(table, { shapleyPermutations: 300, seed: 2 });
    expect(credits.standardErrors).toBeDefined();
    const conversions = Array.from(table.conversions).reduce((sum, value) => sum + value, 0);
    expect(credits.conversions.reduce((sum, value) => sum + value, 0)).toBeCloseTo(conversions, 8);
    // The closed form (each set's conversions split equally) is the exact value to compare with.
    const exact = closedForm(convertingStateSets(table), table.stateNames.length);
    exact.forEach((value, state) => expect(Math.abs(credits.conversions[state] - value)).toBeLessThanOrEqual(5 * (credits.standardErrors as Float64Array)[state] + 1e-9));
  });

  it('samples the same estimate however the states are numbered (the order the rows came in)', () => {
    const states = Array.from({ length: 24 }, (_, index) => `S${String(index).padStart(2, '0')}`);
    const rows = randomRows(createRandom(11), 300, states, 4);
    const inOrder = pathTable(rows);
    // The same rows read in reverse, with the states numbered the other way round too.
    const reversed = pathTable([...rows].reverse(), [...states].reverse());
    expect(reversed.stateNames).not.toEqual(inOrder.stateNames);
    const options = { shapleyPermutations: 200, seed: 4 };
    const first = shapleyAttribution(inOrder, options);
    const second = shapleyAttribution(reversed, options);
    expect(first.standardErrors).toBeDefined();
    const names = inOrder.stateNames;
    const secondByName = byName(reversed.stateNames, second.conversions);
    // The marginal contributions are whole conversions: the same draws give the same sums to the bit.
    names.forEach((name, state) => expect(secondByName[name]).toBe(first.conversions[state]));
  });

  it('ordered variant sums over positions to the simplified Shapley value', () => {
    const table = pathTable([
      ['A > B', 2, 0, 0],
      ['B > A > C', 3, 0, 1],
    ]);
    // A > B: A at position 1 and B at 2 get 1 each. B > A > C: B 1st, A 2nd, C 3rd get 1 each.
    const ordered = orderedShapley(table.pathOffsets, table.pathStates, table.conversions, table.values, table.stateNames.length);
    const [a, b, c] = ['A', 'B', 'C'].map((name) => table.stateNames.indexOf(name));
    expect(Array.from(ordered.conversions[a])).toEqual([1, 1]);
    expect(Array.from(ordered.conversions[b])).toEqual([1, 1]);
    expect(Array.from(ordered.conversions[c])).toEqual([0, 0, 1]);
  });

  it('credits sum to the totals and ignore row order and aggregation', () => {
    const row = fc.tuple(
      fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), { minLength: 1, maxLength: 5 }).map((states) => states.join(' > ')),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 5 }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), (rows) => {
        const table = pathTable(rows as PathRow[]);
        const credits = shapleyAttribution(table, { shapleyPermutations: 100, seed: 1 });
        const conversions = rows.reduce((sum, [, converted]) => sum + converted, 0);
        const value = rows.reduce((sum, [, , amount]) => sum + amount, 0);
        expect(credits.conversions.reduce((sum, credit) => sum + credit, 0)).toBeCloseTo(conversions, 8);
        expect(credits.values.reduce((sum, credit) => sum + credit, 0)).toBeCloseTo(value, 6);
        const shuffled = pathTable([...rows].reverse().flatMap(([path, c, v, n]) => [[path, c, v, 0] as PathRow, [path, 0, 0, n] as PathRow]));
        const other = byName(shuffled.stateNames, shapleyAttribution(shuffled, { shapleyPermutations: 100, seed: 1 }).conversions);
        table.stateNames.forEach((name, id) => expect(other[name]).toBeCloseTo(credits.conversions[id], 9));
      }),
      { numRuns: 60 },
    );
  });
});

/** Shapley by definition: average marginal contribution over all n! orders of the players. */
function permutationShapley(sets: StateSets, stateCount: number): number[] {
  const players = playersOf(sets, stateCount);
  const value = (coalition: Set<number>): number => {
    let total = 0;
    for (let set = 0; set < sets.conversions.length; set++) {
      let inside = true;
      for (let slot = sets.memberOffsets[set]; slot < sets.memberOffsets[set + 1]; slot++) if (!coalition.has(sets.members[slot])) inside = false;
      if (inside) total += sets.conversions[set];
    }
    return total;
  };
  const shapley = new Array<number>(stateCount).fill(0);
  let orders = 0;
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) {
      orders++;
      const coalition = new Set<number>();
      let previous = 0;
      for (const player of prefix) {
        coalition.add(player);
        const current = value(coalition);
        shapley[player] += current - previous;
        previous = current;
      }
      return;
    }
    rest.forEach((player, index) => permute([...prefix, player], [...rest.slice(0, index), ...rest.slice(index + 1)]));
  };
  permute([], players);
  return shapley.map((total) => total / orders);
}

/** Zhao et al.'s closed form: each set's conversions split equally over its members. */
function closedForm(sets: StateSets, stateCount: number): number[] {
  const shapley = new Array<number>(stateCount).fill(0);
  for (let set = 0; set < sets.conversions.length; set++) {
    const size = sets.memberOffsets[set + 1] - sets.memberOffsets[set];
    for (let slot = sets.memberOffsets[set]; slot < sets.memberOffsets[set + 1]; slot++) shapley[sets.members[slot]] += sets.conversions[set] / size;
  }
  return shapley;
}
