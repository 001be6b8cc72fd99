import fc from 'fast-check';
import { createRandom } from '../../../simulation/random';
import { byName, pathTable, randomRows, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { collapseRepeats, pathCount, type PathTable } from '../../data-driven/pathTable';
import { markovAttribution } from '..';
import { buildMarkovChain, removalEffects } from '../markovChain';

describe('markov', () => {
  it('solves a small order-1 chain as computed by hand', () => {
    // Paths: A > B (1 conversion, 1 null), A (2 nulls), B > A > B (2 conversions).
    // Transitions (journeys): start->A 4, start->B 2; A->B 4, A->null 2; B->conv 3, B->null 1, B->A 2.
    // x_B = 3/6 + 2/6 x_A, x_A = 4/6 x_B  =>  x_B = 9/14, x_A = 3/7; P = 4/6·3/7 + 2/6·9/14 = 1/2.
    // Without A: x_B = 1/2, P = 2/6·1/2 = 1/6, effect 1 - (1/6)/(1/2) = 2/3. Without B: P = 0, effect 1.
    // Credits: A = 3 × (2/3) / (5/3) = 1.2, B = 1.8; value (40) likewise: 16 and 24.
    const table = pathTable([
      ['A > B', 1, 10, 1],
      ['A', 0, 0, 2],
      ['B > A > B', 2, 30, 0],
    ]);
    const chain = buildMarkovChain(table, 1, false);
    const { baseProbability, effects } = removalEffects(chain, table.stateNames.length);
    expect(baseProbability).toBeCloseTo(0.5, 12);
    expect(byName(table.stateNames, effects)).toEqual({ A: expect.closeTo(2 / 3, 12), B: expect.closeTo(1, 12) });
    const credits = markovAttribution(table, { order: 1, keepRepeats: false });
    expect(byName(table.stateNames, credits.conversions)).toEqual({ A: expect.closeTo(1.2, 10), B: expect.closeTo(1.8, 10) });
    expect(byName(table.stateNames, credits.values)).toEqual({ A: expect.closeTo(16, 9), B: expect.closeTo(24, 9) });
  });

  it('collapses consecutive repeats by default and keeps them with keepRepeats', () => {
    // A > A > B (1 conversion) and B (1 null).
    // Collapsed: start->A 1, start->B 1, A->B 1, B->conv 1/2, B->null 1/2: P = 1/2·1/2 + 1/2·1/2 = 1/2.
    //   Without A: P = 1/4 (effect 1/2); without B: P = 0 (effect 1).
    // Kept (A->A 1, A->B 1 of A's 2 exits): the chain loops on A with probability 1/2, x_A = 1/2 x_A + 1/2 x_B
    //   => x_A = x_B = 1/2: the same probabilities and effects here, but a different chain.
    const table = pathTable([
      ['A > A > B', 1, 0, 0],
      ['B', 0, 0, 1],
    ]);
    const collapsed = removalEffects(buildMarkovChain(table, 1, false), 2);
    const kept = buildMarkovChain(table, 1, true);
    expect(collapsed.baseProbability).toBeCloseTo(0.5, 12);
    expect(byName(table.stateNames, collapsed.effects)).toEqual({ A: expect.closeTo(0.5, 12), B: expect.closeTo(1, 12) });
    expect(buildMarkovChain(table, 1, false).transitionTargets.length).toBe(1);
    expect(kept.transitionTargets.length).toBe(2);
    expect(removalEffects(kept, 2).baseProbability).toBeCloseTo(0.5, 12);
  });

  it('at order 2 removes every tuple holding the state', () => {
    // A > B > C converts (1), A > C does not (1). Order-2 tuples: (A), (A,B), (B,C), (A,C).
    // P = 1/2. Removing B kills (A,B) and (B,C): P = 0, effect 1. Removing C: effect 1. Removing A: effect 1.
    // At order 1: A->B 1, A->C 1, B->C 1, C->conv 1/2: P(A) = 1/2; removing B leaves A->C: P = 1/4, effect 1/2.
    const table = pathTable([
      ['A > B > C', 1, 0, 0],
      ['A > C', 0, 0, 1],
    ]);
    expect(byName(table.stateNames, removalEffects(buildMarkovChain(table, 2, false), 3).effects)).toEqual({
      A: expect.closeTo(1, 12),
      B: expect.closeTo(1, 12),
      C: expect.closeTo(1, 12),
    });
    expect(byName(table.stateNames, removalEffects(buildMarkovChain(table, 1, false), 3).effects).B).toBeCloseTo(0.5, 12);
  });

  it('agrees with dense Gaussian elimination on random chains of order 1 to 4', () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 40; trial++) {
      const order = 1 + (trial % 4);
      const table = pathTable(randomRows(random, 25, ['A', 'B', 'C', 'D'], 6));
      const keepRepeats = trial % 3 === 0;
      const reference = denseRemovalEffects(keepRepeats ? table : collapseRepeats(table), order);
      const { baseProbability, effects } = removalEffects(buildMarkovChain(table, order, keepRepeats), table.stateNames.length);
      expect(baseProbability).toBeCloseTo(reference.baseProbability, 11);
      reference.effects.forEach((effect, state) => expect(effects[state]).toBeCloseTo(effect, 10));
    }
  });

  it('credits sum to the conversions and value, and ignore row order and aggregation', () => {
    const row = fc.tuple(
      fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E'), { minLength: 1, maxLength: 6 }).map((states) => states.join(' > ')),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 5 }),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (rows, order) => {
        const table = pathTable(rows as PathRow[]);
        const conversions = rows.reduce((sum, [, converted]) => sum + converted, 0);
        const value = rows.reduce((sum, [, , amount]) => sum + amount, 0);
        const credits = markovAttribution(table, { order, keepRepeats: false });
        const total = credits.conversions.reduce((sum, credit) => sum + credit, 0);
        const totalValue = credits.values.reduce((sum, credit) => sum + credit, 0);
        // Nothing to credit when no path can convert (all effects 0).
        if (total > 0) {
          expect(total).toBeCloseTo(conversions, 8);
          expect(totalValue).toBeCloseTo(value, 6);
        } else expect(conversions === 0 || credits.weights.every((weight) => weight === 0)).toBe(true);
        // Reversed rows, and every row split in two (per-journey layout), give the same credits by name.
        const reversed = pathTable([...rows].reverse() as PathRow[], []);
        const split = pathTable(rows.flatMap(([path, c, v, n]) => [[path, c, v, n] as PathRow, [path, 0, 0, 0] as PathRow]));
        for (const other of [reversed, split]) {
          const otherCredits = byName(other.stateNames, markovAttribution(other, { order, keepRepeats: false }).conversions);
          table.stateNames.forEach((name, id) => expect(otherCredits[name]).toBeCloseTo(credits.conversions[id], 9));
        }
      }),
      { numRuns: 60 },
    );
  });
});

/**
 * Independent reference: builds the order-k chain with string keys and solves
 * (I - Q) x = r by dense Gaussian elimination with partial pivoting, once per removal.
 */
function denseRemovalEffects(table: PathTable, order: number): { baseProbability: number; effects: number[] } {
  const tupleKeys = new Map<string, number>();
  const tupleStates: Array<Set<number>> = [];
  const counts = new Map<string, number>();
  const out: number[] = [];
  const converted: number[] = [];
  const start = new Map<number, number>();
  const idOf = (states: number[]): number => {
    const key = states.join(',');
    if (!tupleKeys.has(key)) {
      tupleKeys.set(key, tupleStates.length);
      tupleStates.push(new Set(states));
      out.push(0);
      converted.push(0);
    }
    return tupleKeys.get(key) as number;
  };
  for (let path = 0; path < pathCount(table); path++) {
    const states = Array.from(table.pathStates.subarray(table.pathOffsets[path], table.pathOffsets[path + 1]));
    const journeys = table.conversions[path] + table.nulls[path];
    if (journeys === 0) continue;
    let previous = -1;
    states.forEach((_, index) => {
      const tuple = idOf(states.slice(Math.max(0, index - order + 1), index + 1));
      if (previous < 0) start.set(tuple, (start.get(tuple) ?? 0) + journeys);
      else {
        counts.set(`${previous}>${tuple}`, (counts.get(`${previous}>${tuple}`) ?? 0) + journeys);
        out[previous] += journeys;
      }
      previous = tuple;
    });
    out[previous] += journeys;
    converted[previous] += table.conversions[path];
  }
  const size = tupleStates.length;
  const startTotal = [...start.values()].reduce((sum, weight) => sum + weight, 0);
  const solve = (removedState: number): number => {
    const matrix = Array.from({ length: size }, (_, row) => Array.from({ length: size + 1 }, (_, column) => (column === row ? 1 : 0)));
    for (let tuple = 0; tuple < size; tuple++) {
      if (tupleStates[tuple].has(removedState)) continue;
      matrix[tuple][size] = converted[tuple] / out[tuple];
    }
    for (const [key, weight] of counts) {
      const [from, to] = key.split('>').map(Number);
      if (tupleStates[from].has(removedState)) continue;
      matrix[from][to] -= weight / out[from];
    }
    for (let column = 0; column < size; column++) {
      let pivot = column;
      for (let row = column + 1; row < size; row++) if (Math.abs(matrix[row][column]) > Math.abs(matrix[pivot][column])) pivot = row;
      [matrix[column], matrix[pivot]] = [matrix[pivot], matrix[column]];
      for (let row = 0; row < size; row++) {
        if (row === column) continue;
        const factor = matrix[row][column] / matrix[column][column];
        for (let entry = column; entry <= size; entry++) matrix[row][entry] -= factor * matrix[column][entry];
      }
    }
    let probability = 0;
    for (const [tuple, weight] of start) probability += (weight / startTotal) * (matrix[tuple][size] / matrix[tuple][tuple]);
    return probability;
  };
  const baseProbability = solve(-1);
  const effects = table.stateNames.map((_, state) => (baseProbability > 0 && tupleStates.some((set) => set.has(state)) ? Math.max(0, 1 - solve(state) / baseProbability) : 0));
  return { baseProbability, effects };
}
