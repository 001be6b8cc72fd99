import fc from 'fast-check';
import { decodeComponent } from '../decodeComponent';
import { MAX_QUERY_PARAMETERS, parseTrackingUrl, withoutIndexFile } from '../parseUrl';

describe('decodeComponent', () => {
  it('reads + and %20 as spaces and undoes double encoding', () => {
    expect(decodeComponent('maya+spring')).toBe('maya spring');
    expect(decodeComponent('maya%20spring')).toBe('maya spring');
    expect(decodeComponent('maya%2520spring')).toBe('maya spring');
    expect(decodeComponent('caf%C3%A9')).toBe('café');
  });

  it('keeps invalid percent sequences instead of throwing', () => {
    expect(decodeComponent('100%')).toBe('100%');
    expect(decodeComponent('%zz%4')).toBe('%zz%4');
    expect(decodeComponent('%E0%A4%A')).toContain('%A');
  });
});

describe('withoutIndexFile', () => {
  it('reads a directory\'s index page as the directory, and nothing else', () => {
    expect(withoutIndexFile('/maya/index.html')).toBe('/maya');
    expect(withoutIndexFile('/maya/index.php/')).toBe('/maya');
    expect(withoutIndexFile('/maya/default.aspx')).toBe('/maya');
    expect(withoutIndexFile('/index.htm')).toBe('/');
    expect(withoutIndexFile('/indexing')).toBe('/indexing');
    expect(withoutIndexFile('/maya/')).toBe('/maya');
    expect(parseTrackingUrl('https://www.acme.io/Maya/index.html?utm_source=x').path).toBe('/maya');
  });
});

describe('parseTrackingUrl', () => {
  it('reads utm parameters case-insensitively, first non-empty value of a repeated one', () => {
    const parsed = parseTrackingUrl('https://WWW.Acme.io/Maya/?UTM_Source=instagram&utm_campaign=&utm_campaign=Maya%20Spring&utm-content=maya.creates');
    expect(parsed).toMatchObject({ host: 'acme.io', path: '/maya', utmSource: 'instagram', utmCampaign: 'Maya Spring', utmContent: 'maya.creates', tracked: true, malformed: false });
  });

  it('reads parameters from the fragment and after a second question mark', () => {
    expect(parseTrackingUrl('https://acme.io/#/?utm_campaign=spring').utmCampaign).toBe('spring');
    expect(parseTrackingUrl('https://acme.io/?utm_source=x?utm_campaign=spring').utmCampaign).toBe('spring');
    expect(parseTrackingUrl('https://acme.io/?utm_source=x&amp;utm_campaign=spring').utmCampaign).toBe('spring');
  });

  it('names the platform of a click id and whether it proves a paid click', () => {
    expect(parseTrackingUrl('https://acme.io/?gclid=abc')).toMatchObject({ clickPlatform: 'google', paidClick: true, tracked: true });
    expect(parseTrackingUrl('https://acme.io/?fbclid=abc')).toMatchObject({ clickPlatform: 'facebook', paidClick: false });
    expect(parseTrackingUrl('https://acme.io/demo?code=MAYA10').promoCode).toBe('MAYA10');
  });

  it('survives control characters, a 10 kB query and garbage, flagging what it cannot read', () => {
    expect(parseTrackingUrl(' https://acme.io/\u0000x?utm_campaign=\u0007spring ').utmCampaign).toBe('spring');
    const long = parseTrackingUrl(`https://acme.io/?session=${'x'.repeat(10_000)}&utm_campaign=spring`);
    expect(long.utmCampaign).toBe('spring');
    expect(parseTrackingUrl('ht!tp://%%%zz').malformed).toBe(true);
    expect(parseTrackingUrl('').malformed).toBe(false);
  });

  it('stops reading after MAX_QUERY_PARAMETERS parameters', () => {
    const url = `https://acme.io/?${Array.from({ length: MAX_QUERY_PARAMETERS + 5 }, (_, index) => `k${index}=v`).join('&')}&utm_campaign=late`;
    expect(parseTrackingUrl(url).utmCampaign).toBe('');
  });

  it('never throws and always returns strings, on arbitrary input (property)', () => {
    const fragments = fc.constantFrom('%', '%2', '%zz', '%25', '+', '?', '#', '&', '=', 'utm_campaign=', 'utm_source', '://', '/', '🎉', '\u0000', ' ', 'é');
    const url = fc.oneof(fc.string({ maxLength: 200 }), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.array(fragments, { maxLength: 30 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(url, (text) => {
        const parsed = parseTrackingUrl(text);
        for (const value of [parsed.host, parsed.path, parsed.utmCampaign, parsed.utmSource, parsed.promoCode]) expect(typeof value).toBe('string');
        expect(parsed.path.startsWith('/')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
