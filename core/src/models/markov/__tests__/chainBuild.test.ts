import fc from 'fast-check';
import { pathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { collapseRepeats } from '../../data-driven/pathTable';
import { buildMarkovChain, removalEffects } from '../markovChain';

/** The chain as plain arrays, for exact comparisons. */
function plain(chain: ReturnType<typeof buildMarkovChain>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(chain).map(([key, value]) => [key, ArrayBuffer.isView(value) ? Array.from(value as Int32Array) : value]));
}

const rowOf = (states: readonly string[], wholeCounts: boolean): fc.Arbitrary<PathRow> =>
  fc.tuple(
    fc.array(fc.constantFrom(...states), { minLength: 1, maxLength: 6 }).map((path) => path.join(' > ')),
    wholeCounts ? fc.nat({ max: 2 }) : fc.constantFrom(0, 0.1, 0.2, 0.7, 1),
    fc.nat({ max: 300 }),
    wholeCounts ? fc.nat({ max: 2 }) : fc.constantFrom(0, 0.1, 0.3, 0.7, 1),
  );

describe('markov chain build', () => {
  it('collapsing repeats on the fly builds exactly the chain of the collapsed table (tuple numbering, edge order, every probability)', () => {
    // Whole counts take the on-the-fly path; fractional counts and paths without journeys take
    // collapseRepeats: both must equal the chain of the collapsed table read with repeats kept.
    fc.assert(
      fc.property(
        fc
          .boolean()
          .chain((whole) =>
            fc
              .array(rowOf(['A', 'B', 'C'], whole), { minLength: 1, maxLength: 25 })
              .map((rows) => rows.map(([path, ...counts]) => [path.replace(/^(\w)/, '$1 > $1'), ...counts] as PathRow).concat(rows)),
          ),
        fc.integer({ min: 1, max: 4 }),
        (rows, order) => {
          const table = pathTable(rows);
          expect(plain(buildMarkovChain(table, order, false))).toEqual(plain(buildMarkovChain(collapseRepeats(table), order, true)));
        },
      ),
      { numRuns: 200 },
    );
    // A path without journeys whose collapsed form first appears there, before a path that has some:
    // the collapsed table numbers A's tuple first.
    const table = pathTable([
      ['A > A > B', 0, 0, 0],
      ['C', 1, 0, 0],
      ['A > B', 1, 5, 1],
    ]);
    expect(plain(buildMarkovChain(table, 1, false))).toEqual(plain(buildMarkovChain(collapseRepeats(table), 1, true)));
  });

  it('numbers tuples alike whether their codes sit in a dense array, a Map or a sequence index', () => {
    // The code space is (states + 1)^order: 4 states at order 2 is dense; with 60 states declared,
    // order 4 (61^4 > 2^22) uses a Map; with 9,741 states, order 4 passes 2^53 and interns sequences.
    // The declared states that never occur change nothing but the coding.
    fc.assert(
      fc.property(fc.array(rowOf(['A', 'B', 'C', 'D'], true), { minLength: 1, maxLength: 20 }), fc.boolean(), (rows, keepRepeats) => {
        const reference = plain(buildMarkovChain(pathTable(rows, ['A', 'B', 'C', 'D']), 4, keepRepeats));
        for (const declared of [60, 9741]) {
          const names = ['A', 'B', 'C', 'D', ...Array.from({ length: declared - 4 }, (_, index) => `unused ${index}`)];
          expect(plain(buildMarkovChain(pathTable(rows, names), 4, keepRepeats))).toEqual(reference);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a short tuple at the start of a path is not the full tuple ending in the same states', () => {
    // Order 2: B (start) and (A, B) are different chain states. A > B converts, B does not.
    // start -> (A) 1/2 -> (A,B) -> conversion; start -> (B) 1/2 -> null. P = 1/2; without A: P = 0.
    const table = pathTable([
      ['A > B', 1, 10, 0],
      ['B', 0, 0, 1],
    ]);
    const chain = buildMarkovChain(table, 2, false);
    expect(chain.tupleCount).toBe(3);
    const { baseProbability, effects } = removalEffects(chain, 2);
    expect(baseProbability).toBeCloseTo(0.5, 12);
    expect(Array.from(effects)).toEqual([1, 1]);
  });
});
