import { curveAt, returnCurve } from '../returnCurve';

describe('returnCurve (Kaplan–Meier of returns, censored at the data end)', () => {
  it('matches the product-limit estimate by hand', () => {
    // Four contacts: returns after 1 and 3 days, censored at 2 and 4. At 1: 1 of 4 at risk; the
    // contact censored at 2 leaves; at 3: 1 of 2 at risk. S = 3/4, then 3/4 × 1/2.
    const curve = returnCurve(Float64Array.of(3, 1), Float64Array.of(4, 2));
    expect(Array.from(curve.at)).toEqual([1, 3]);
    expect(curve.returnedBy[0]).toBeCloseTo(0.25, 12);
    expect(curve.returnedBy[1]).toBeCloseTo(0.625, 12);
  });

  it('counts a censoring at the same delay as still at risk, and gives nothing without returns', () => {
    expect(returnCurve(Float64Array.of(2), Float64Array.of(2)).returnedBy[0]).toBeCloseTo(0.5, 12);
    expect(returnCurve(new Float64Array(0), Float64Array.of(5, 6)).at.length).toBe(0);
  });

  it('reads as a step function: 0 before the first return, the last value after the last', () => {
    const curve = returnCurve(Float64Array.of(3, 1), Float64Array.of(4, 2));
    expect(curveAt(curve, 0.5)).toBe(0);
    expect(curveAt(curve, 1)).toBeCloseTo(0.25, 12);
    expect(curveAt(curve, 2.9)).toBeCloseTo(0.25, 12);
    expect(curveAt(curve, 100)).toBeCloseTo(0.625, 12);
  });
});
