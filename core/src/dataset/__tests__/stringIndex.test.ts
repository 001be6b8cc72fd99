import fc from 'fast-check';
import { StringIndex } from '../stringIndex';

describe('StringIndex', () => {
  test('agrees with a Map on first positions and duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), (keys) => {
        const stored: string[] = [];
        const index = new StringIndex(keys.length, (position) => stored[position]);
        const reference = new Map<string, number>();
        for (const key of keys) {
          const previous = index.setIfAbsent(key, stored.length);
          expect(previous).toBe(reference.has(key) ? reference.get(key) : -1);
          if (previous < 0) {
            reference.set(key, stored.length);
            stored.push(key);
          }
        }
        for (const [key, position] of reference) expect(index.get(key)).toBe(position);
        expect(index.get('\u0000absent\u0000')).toBe(-1);
      }),
    );
  });
});
