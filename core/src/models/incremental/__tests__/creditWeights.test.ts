import { creditWeights } from '../creditWeights';

describe('creditWeights', () => {
  it('keeps positive incremental conversions, and reads negative ones and rounding residue as 0', () => {
    const weights = creditWeights(Float64Array.of(12.5, -0.3, 5.421010862427522e-20, 0, 2e-6, 7.5));
    expect(Array.from(weights)).toEqual([12.5, 0, 0, 0, 2e-6, 7.5]);
  });

  it('gives nothing when no state has a positive value', () => {
    expect(Array.from(creditWeights(Float64Array.of(0, -1, 0)))).toEqual([0, 0, 0]);
  });
});
