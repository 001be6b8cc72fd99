import { logSumExp } from '../logSumExp';

describe('logSumExp', () => {
  it('is ln Σ e^x, also where e^x alone would overflow or underflow', () => {
    expect(logSumExp([0, 0])).toBeCloseTo(Math.log(2), 14);
    expect(logSumExp(Float64Array.of(1000, 1000))).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp([-1000, -1000 + Math.log(3)])).toBeCloseTo(-1000 + Math.log(4), 10);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, 2])).toBe(2);
  });
});
