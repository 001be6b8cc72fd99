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
