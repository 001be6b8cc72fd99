import { OwnReturnShapes } from '../ownReturnShapes';

describe('OwnReturnShapes', () => {
  it('is the Kaplan–Meier curve over its final value, read per whole day, and borrows the pooled curve for small groups', () => {
    // Group 0: 60 responders, returns after 1 and 3 days (10 each), 40 censored at 10 days.
    const returns0 = Float64Array.from({ length: 20 }, (_, index) => (index < 10 ? 1 : 3));
    const censored0 = new Float64Array(40).fill(10);
    // Group 1: two responders, one return after 5 days: too few for its own curve.
    const shapes = new OwnReturnShapes([returns0, Float64Array.of(5)], [censored0, Float64Array.of(20)], 30);
    // KM: after day 1, 1 − 50/60; after day 3, 1 − 50/60 · 40/50 = 1/3. Over its final value 1/3.
    expect(shapes.at(0, 0)).toBe(0);
    expect(shapes.at(0, 1)).toBeCloseTo((1 / 6) / (1 / 3), 12);
    expect(shapes.at(0, 5)).toBeCloseTo(1, 12);
    // Pooled: 62 responders; returns at 1 (10), 3 (10), 5 (1); by day 4 the curve has not reached its end.
    expect(shapes.at(1, 4)).toBeGreaterThan(0.9);
    expect(shapes.at(1, 4)).toBeLessThan(1);
    expect(shapes.at(1, 6)).toBeCloseTo(1, 12);
  });
});
