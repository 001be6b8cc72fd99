import fc from 'fast-check';
import { editDistance } from '../editDistance';

describe('editDistance (optimal string alignment)', () => {
  it('matches known values', () => {
    // Levenshtein's classic example; a transposition costs 1 (Damerau), not 2.
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('spring', 'sprnig')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA, unlike unrestricted Damerau-Levenshtein (2)
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('stops at the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
  });

  it('with a limit, answers as the full table does, or limit + 1 beyond it (property)', () => {
    // The full optimal-string-alignment table, no band and no early stop: the reference.
    const reference = (left: string, right: string): number => {
      const table = Array.from({ length: left.length + 1 }, (_, row) =>
        Array.from({ length: right.length + 1 }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
      );
      for (let row = 1; row <= left.length; row++) {
        for (let column = 1; column <= right.length; column++) {
          const cost = left[row - 1] === right[column - 1] ? 0 : 1;
          table[row][column] = Math.min(table[row - 1][column] + 1, table[row][column - 1] + 1, table[row - 1][column - 1] + cost);
          if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1])
            table[row][column] = Math.min(table[row][column], table[row - 2][column - 2] + 1);
        }
      }
      return table[left.length][right.length];
    };
    // A small alphabet, so that strings are often a few edits apart.
    const text = fc.array(fc.constantFrom('a', 'b', 'c', '-'), { maxLength: 14 }).map((characters) => characters.join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 4 }), (left, right, limit) => {
        const full = reference(left, right);
        expect(editDistance(left, right)).toBe(full);
        expect(editDistance(left, right, limit)).toBe(full <= limit ? full : limit + 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric, zero only for equal strings and at most the longer length (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (left, right) => {
        const distance = editDistance(left, right);
        expect(distance).toBe(editDistance(right, left));
        expect(distance === 0).toBe(left === right);
        expect(distance).toBeLessThanOrEqual(Math.max(left.length, right.length));
      }),
    );
  });
});
