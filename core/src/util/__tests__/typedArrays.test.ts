import { extentOf, lowerBound, upperBound } from '../typedArrays';

describe('lowerBound and upperBound', () => {
  const sorted = Float64Array.of(1, 2, 2, 2, 5);

  it('find the first element at least / more than the value', () => {
    expect([0, 1, 2, 3, 5, 6].map((value) => lowerBound(sorted, value))).toEqual([0, 0, 1, 4, 4, 5]);
    expect([0, 1, 2, 3, 5, 6].map((value) => upperBound(sorted, value))).toEqual([0, 1, 4, 4, 5, 5]);
  });

  it('agree with a linear scan on every value of a longer array', () => {
    const values = Float64Array.from({ length: 200 }, (_value, index) => Math.floor(index / 3));
    for (let value = -1; value <= 70; value += 0.5) {
      expect(lowerBound(values, value)).toBe(values.findIndex((element) => element >= value) === -1 ? values.length : values.findIndex((element) => element >= value));
      expect(upperBound(values, value)).toBe(values.findIndex((element) => element > value) === -1 ? values.length : values.findIndex((element) => element > value));
    }
    expect(lowerBound(new Float64Array(0), 1)).toBe(0);
  });
});

describe('extentOf', () => {
  it('gives the smallest and largest value, and the empty extent for no values', () => {
    expect(extentOf(Float64Array.of(3, -2.5, 7, 0))).toEqual({ min: -2.5, max: 7 });
    expect(extentOf([5])).toEqual({ min: 5, max: 5 });
    expect(extentOf([])).toEqual({ min: Infinity, max: -Infinity });
  });
});
