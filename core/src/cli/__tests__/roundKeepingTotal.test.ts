import fc from 'fast-check';
import { roundKeepingTotal } from '../roundKeepingTotal';

describe('roundKeepingTotal', () => {
  it('gives the missing cent to the largest remainder (hand check)', () => {
    // 10,000 in thirds: rounded one by one, 3,333.33 × 3 = 9,999.99; kept to the total, the first gets the missing cent.
    expect(roundKeepingTotal([10000 / 3, 10000 / 3, 10000 / 3], 2)).toEqual([3333.34, 3333.33, 3333.33]);
    // Remainders .6, .7, .7 (in units): two units missing go to the two largest, the earlier first on a tie.
    expect(roundKeepingTotal([1.6, 2.7, 3.7], 0)).toEqual([1, 3, 4]);
    expect(roundKeepingTotal([], 2)).toEqual([]);
  });

  it('adds up to the rounded sum, and moves each value by less than one unit of its last place', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { maxLength: 40 }), fc.integer({ min: 0, max: 2 }), (values, decimals) => {
        const factor = 10 ** decimals;
        const rounded = roundKeepingTotal(values, decimals);
        const sumOfUnits = rounded.reduce((sum, value) => sum + Math.round(value * factor), 0);
        expect(sumOfUnits).toBe(Math.round(values.reduce((sum, value) => sum + value * factor, 0)));
        rounded.forEach((value, index) => {
          expect(Math.abs(value - values[index]) * factor).toBeLessThan(1 + 1e-6);
          expect(Math.abs(value * factor - Math.round(value * factor))).toBeLessThan(1e-6);
        });
      }),
    );
  });
});
