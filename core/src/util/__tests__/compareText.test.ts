import { compareText } from '../compareText';

describe('compareText', () => {
  it('orders by UTF-16 code units, not by locale', () => {
    // Upper case before lower case, and "é" (U+00E9) after "z": localeCompare would say otherwise.
    expect(['b', 'é', 'a', 'Z', 'z', 'a'].sort(compareText)).toEqual(['Z', 'a', 'a', 'b', 'z', 'é']);
    expect(compareText('LEO15', 'LEO15')).toBe(0);
    expect(compareText('LEO15', 'LEOVIP')).toBeLessThan(0);
  });
});
