import fc from 'fast-check';
import { parseTrackingUrl } from '../../utm/parseUrl';
import { parseReferrer } from '../../utm/referrer';
import { BEYOND_ASCII, isOneOff, NOT_ONE_OFF, oneOffShape, oneOffShapeOfBytes } from '../boundedCache';

describe('oneOffShape', () => {
  it('takes click ids out and keeps every other parameter', () => {
    const url = 'https://acme.io/spring?utm_campaign=maya-spring-2025&fbclid=IwAR3xYz_12-ab&utm_source=ig#frag?gclid=Cj0KCQ&code=MAYA10';
    expect(isOneOff(url)).toBe(true);
    expect(oneOffShape(url)).toBe('https://acme.io/spring?utm_campaign=maya-spring-2025&fbclid=&utm_source=ig#frag?gclid=&code=MAYA10');
    // A value that runs into an escaped separator: only the part before the escape goes.
    expect(oneOffShape('https://acme.io/?gclid=abc%26utm_campaign%3Dx')).toBe('https://acme.io/?gclid=%26utm_campaign%3Dx');
  });

  it('reads the same from the bytes, where the URL is not one-off and where it is beyond ASCII', () => {
    const bytesOf = (url: string): Uint8Array => new Uint8Array(Buffer.from(url, 'utf8'));
    const shapeOf = (url: string): number | string => {
      const bytes = bytesOf(url);
      const target = new Uint8Array(bytes.length);
      const length = oneOffShapeOfBytes(bytes, 0, bytes.length, target);
      return length < 0 ? length : Buffer.from(target.subarray(0, length)).toString('latin1');
    };
    expect(shapeOf('https://acme.io/spring?utm_campaign=maya-spring-2025&utm_source=ig')).toBe(NOT_ONE_OFF);
    // Short URLs are never one-off, whatever they hold (isOneOff's length test).
    expect(shapeOf('https://acme.io/?gclid=abc')).toBe(NOT_ONE_OFF);
    expect(shapeOf('https://acme.io/é?utm_source=ig&gclid=Cj0KCQabcdefghij')).toBe(BEYOND_ASCII);
    // A click id before the query is part of the path: one-off, but nothing taken out.
    expect(shapeOf('https://acme.io/a&gclid=Cj0KCQabcdefghij/page-of-the-spring-launch')).toBe('https://acme.io/a&gclid=Cj0KCQabcdefghij/page-of-the-spring-launch');
    expect(shapeOf('https://acme.io/a?x=1#frag#GCLID=Cj0KCQ&fbclid=IwAR3xYz')).toBe('https://acme.io/a?x=1#frag#GCLID=Cj0KCQ&fbclid=');
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
        expect(parseReferrer(shape)).toEqual(parseReferrer(url));
        expect(shape === '').toBe(url === '');
        // The resolver's one pass over the URL's bytes (the bytes it keys shapes by): isOneOff and
        // the shape, as the text forms give them.
        const bytes = new Uint8Array(Buffer.from(url, 'utf8'));
        const target = new Uint8Array(bytes.length);
        const fromBytes = oneOffShapeOfBytes(bytes, 0, bytes.length, target);
        if (fromBytes === NOT_ONE_OFF) expect(isOneOff(url)).toBe(false);
        else {
          expect(isOneOff(url)).toBe(true);
          expect(Buffer.from(target.subarray(0, fromBytes)).toString('latin1')).toBe(shape);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
