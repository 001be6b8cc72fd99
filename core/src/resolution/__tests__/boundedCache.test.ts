import fc from 'fast-check';
import { parseTrackingUrl } from '../../utm/parseUrl';
import { parseReferrer } from '../../utm/referrer';
import { isOneOff, oneOffShape, writeOneOffShape } from '../boundedCache';

describe('oneOffShape', () => {
  it('takes click ids out and keeps every other parameter', () => {
    const url = 'https://acme.io/spring?utm_campaign=maya-spring-2025&fbclid=IwAR3xYz_12-ab&utm_source=ig#frag?gclid=Cj0KCQ&code=MAYA10';
    expect(isOneOff(url)).toBe(true);
    expect(oneOffShape(url)).toBe('https://acme.io/spring?utm_campaign=maya-spring-2025&fbclid=&utm_source=ig#frag?gclid=&code=MAYA10');
    // Beyond ASCII the bytes are not written (the resolver encodes the shape's text instead).
    expect(writeOneOffShape('https://acme.io/é?gclid=abc', new Uint8Array(64))).toBe(-1);
    // A value that runs into an escaped separator: only the part before the escape goes.
    expect(oneOffShape('https://acme.io/?gclid=abc%26utm_campaign%3Dx')).toBe('https://acme.io/?gclid=%26utm_campaign%3Dx');
  });

  it('leaves what resolution reads of a URL unchanged, however the click ids and other parameters are written (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_.~%?#&;=+ -]{0,14}$/);
    const key = fc.constantFrom(
      'gclid',
      'GCLID',
      'fbclid',
      'igshid',
      'msclkid',
      'e',
      'si',
      '_hsenc',
      'utm_campaign',
      'utm_source',
      'utm_medium',
      'code',
      'promo',
      'u',
      'q',
      'url',
      'ref',
      'x',
    );
    const separator = fc.constantFrom('&', '?', '#', ';', '&amp;');
    const parameter = fc
      .tuple(separator, key, fc.constantFrom('=', '%3D', ''), token)
      .map(([before, name, equals, value]) => `${before}${name}${equals}${value}`);
    const base = fc.constantFrom(
      'https://acme.io/spring',
      'acme.io',
      'https://l.facebook.com/l.php',
      'https://www.google.com/url',
      'https://linktr.ee/maya',
      '/pricing',
      'http://acme.io:8080/a/b/',
    );
    fc.assert(
      fc.property(base, fc.array(parameter, { maxLength: 6 }), (start, parameters) => {
        const url = start + parameters.join('');
        const shape = oneOffShape(url);
        expect(parseTrackingUrl(shape)).toEqual(parseTrackingUrl(url));
        // The bytes the resolver keys shapes by: the same shape, without making its string.
        const target = new Uint8Array(url.length);
        expect(Buffer.from(target.subarray(0, writeOneOffShape(url, target))).toString('latin1')).toBe(shape);
        expect(parseReferrer(shape)).toEqual(parseReferrer(url));
        expect(shape === '').toBe(url === '');
      }),
      { numRuns: 3000 },
    );
  });
});
