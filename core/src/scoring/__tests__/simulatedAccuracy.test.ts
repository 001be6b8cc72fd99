import { measureOnSimulation } from '../simulatedAccuracy';

describe('measureOnSimulation', () => {
  const measured = measureOnSimulation({ seed: 3, contacts: 800 });

  it('reports shares in [0, 1] and the gap as the Bayes limit minus the accuracy, in points', () => {
    for (const value of [
      measured.carried,
      measured.ambiguous,
      measured.bayesLimit,
      measured.organicLeft,
      measured.calibrationError,
      measured.ambiguousCalibrationError,
    ]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(measured.gapPoints).toBeCloseTo(100 * (measured.bayesLimit - measured.ambiguous), 10);
    expect(measured.ambiguousTouches).toBeGreaterThan(0);
  });

  it('resolves the touches that carry their campaign and leaves organic ones alone (issue goals: 99.5%, 99%)', () => {
    expect(measured.carried).toBeGreaterThanOrEqual(0.995);
    expect(measured.organicLeft).toBeGreaterThanOrEqual(0.99);
  });

  it('accepts a differently shaped world', () => {
    const shaped = measureOnSimulation({ seed: 3, contacts: 800, shape: { creators: [3, 4], organicScale: 2 } });
    expect(shaped.touchpoints).not.toBe(measured.touchpoints);
    expect(shaped.carried).toBeGreaterThanOrEqual(0.995);
  });
});
