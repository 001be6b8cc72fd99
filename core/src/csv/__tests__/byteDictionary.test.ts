import fc from 'fast-check';
import { ByteDictionary } from '../byteDictionary';

describe('ByteDictionary', () => {
  test('gives each distinct key a dense code in order of first appearance, from bytes or text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 60 })), { maxLength: 400 }), fc.boolean(), (keys, asText) => {
        const dictionary = new ByteDictionary(4);
        const reference = new Map<string, number>();
        // Keys sit at varying offsets of one buffer, as cells of a CSV chunk do.
        const buffer = Buffer.from(keys.join('\u0001'), 'utf8');
        let offset = 0;
        for (const key of keys) {
          const length = Buffer.byteLength(key, 'utf8');
          const code = asText ? dictionary.internText(key) : dictionary.intern(buffer, offset, offset + length);
          offset += length + 1;
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(code).toBe(reference.get(key));
        }
        expect(dictionary.size).toBe(reference.size);
        for (const [key, code] of reference) {
          expect(dictionary.text(code)).toBe(key);
          expect(dictionary.decode(code)).toBe(key);
          expect(dictionary.findText(key)).toBe(code);
        }
        expect(dictionary.findText('\u0000absent')).toBe(reference.has('\u0000absent') ? reference.get('\u0000absent') : -1);
        expect(dictionary.allTexts()).toEqual([...reference.keys()]);
      }),
    );
  });

  test('orders keys exactly as JavaScript orders their strings (UTF-16 code units), past ASCII too', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { minLength: 2, maxLength: 40 }), (keys) => {
        const dictionary = new ByteDictionary();
        const codes = keys.map((key) => dictionary.internText(key));
        for (let left = 0; left < keys.length; left++) {
          for (let right = 0; right < keys.length; right++) {
            const expected = keys[left] < keys[right] ? -1 : keys[left] > keys[right] ? 1 : 0;
            expect(Math.sign(dictionary.compare(codes[left], codes[right]))).toBe(expected);
          }
        }
      }),
    );
  });

  test('keeps keys of any length apart when their hashes share a slot (the table grows past its first size)', () => {
    const dictionary = new ByteDictionary(1);
    const keys = Array.from({ length: 5000 }, (_, index) => `https://example.com/lp/${index}?utm_campaign=c-${index % 7}`);
    keys.forEach((key, index) => expect(dictionary.internText(key)).toBe(index));
    keys.forEach((key, index) => expect(dictionary.findText(key)).toBe(index));
    expect(dictionary.size).toBe(5000);
  });

  test('its hash filter never rules out a key it holds; keys appended unindexed decode but end lookups', () => {
    const dictionary = new ByteDictionary();
    const keys = Array.from({ length: 3000 }, (_, index) => `tp-${index}`);
    for (const key of keys) dictionary.internText(key);
    const mightContain = dictionary.hashFilter();
    const encoded = (text: string): Buffer => Buffer.from(text, 'utf8');
    // Hashes computed by other dictionaries (as another thread's would be) of held and absent keys.
    const hashesOf = (texts: string[]): Int32Array => {
      const other = new ByteDictionary();
      for (const text of texts) other.internText(text);
      return other.exportKeys().hashes;
    };
    for (const hash of hashesOf([...keys].reverse())) expect(mightContain(hash)).toBe(true);
    const absent = Array.from(hashesOf(Array.from({ length: 3000 }, (_, index) => `other-${index}`))).filter((hash) => mightContain(hash));
    expect(absent.length).toBeLessThan(30); // 3,000 of 16 M bits set: a false "maybe" is rare
    const code = dictionary.appendUnindexed(encoded('late'), 0, 4);
    expect(code).toBe(3000);
    expect(dictionary.decode(code)).toBe('late');
    expect(Math.sign(dictionary.compare(code, 0))).toBe(-1); // 'late' < 'tp-0'
    expect(() => dictionary.findText('tp-1')).toThrow(/can no longer look keys up/);
  });

  test('another dictionary\'s keys append in one copy, keeping their order, texts and hashes', () => {
    const source = new ByteDictionary();
    const sourceKeys = ['b-1', 'ünï', '', 'a-22', 'b-1-long-key-past-thirty-two-bytes-of-length'];
    for (const key of sourceKeys) source.internText(key);
    const exported = source.exportKeys();
    const target = new ByteDictionary();
    for (const key of ['x', 'y']) target.internText(key);
    // The exported hashes are the ones any dictionary computes for the same bytes (threads agree).
    const same = new ByteDictionary();
    for (const key of [...sourceKeys].reverse()) same.internText(key);
    const sameFilter = same.hashFilter();
    for (const hash of exported.hashes) expect(sameFilter(hash)).toBe(true);
    expect(exported.hashes.length).toBe(sourceKeys.length);
    expect(target.appendKeysUnindexed(exported, 4)).toBe(2);
    expect(target.size).toBe(6);
    expect(target.allTexts()).toEqual(['x', 'y', 'b-1', 'ünï', '', 'a-22']);
    expect(Math.sign(target.compare(5, 2))).toBe(-1); // 'a-22' < 'b-1'
    expect(target.hashFilter()(exported.hashes[0])).toBe(true);
  });

  test("another dictionary's keys merge by their exported hashes as by interning them (internHashed)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 50 }), { maxLength: 200 }), fc.array(fc.string({ unit: 'binary', maxLength: 50 }), { maxLength: 200 }), (own, theirs) => {
        const source = new ByteDictionary(4);
        for (const key of theirs) source.internText(key);
        const exported = source.exportKeys();
        const byHash = new ByteDictionary(4, 2);
        const byBytes = new ByteDictionary(4);
        for (const key of own) {
          byHash.internText(key);
          byBytes.internText(key);
        }
        for (let code = 0; code < exported.offsets.length - 1; code++) {
          const [start, end] = [exported.offsets[code], exported.offsets[code + 1]];
          expect(byHash.internHashed(exported.bytes, start, end, exported.hashes[code])).toBe(byBytes.intern(exported.bytes, start, end));
        }
        expect(byHash.allTexts()).toEqual(byBytes.allTexts());
        for (const key of [...own, ...theirs]) expect(byHash.findText(key)).toBe(byBytes.findText(key));
      }),
      { numRuns: 300 },
    );
  });
});
