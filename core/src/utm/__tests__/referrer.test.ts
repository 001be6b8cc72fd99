import { normalizeHandle, parseReferrer } from '../referrer';

describe('parseReferrer', () => {
  it('reads the handle of link-in-bio pages and profiles', () => {
    expect(parseReferrer('https://linktr.ee/Maya.Creates')).toMatchObject({ host: 'linktr.ee', handle: 'maya.creates', linkInBio: true });
    expect(parseReferrer('https://maya.carrd.co/')).toMatchObject({ handle: 'maya', linkInBio: true });
    expect(parseReferrer('https://www.tiktok.com/@maya.creates?lang=en')).toMatchObject({ handle: 'maya.creates', linkInBio: false });
    expect(parseReferrer('https://www.instagram.com/p/Cx12/').handle).toBe('');
  });

  it('unwraps redirectors to the target URL, which keeps its utm tags', () => {
    const target = 'https://acme.io/?utm_campaign=maya-spring-2025&utm_source=instagram';
    const parsed = parseReferrer(`https://l.instagram.com/?u=${encodeURIComponent(target)}&e=ATxyz`);
    expect(parsed.targetUrl).toBe(target);
    expect(parseReferrer(`https://www.google.com/url?q=${encodeURIComponent(target)}`).targetUrl).toBe(target);
  });

  it('recognises search engines and their query when passed', () => {
    expect(parseReferrer('https://www.google.com/search?q=acme+crm')).toMatchObject({ searchEngine: 'google', searchQuery: 'acme crm' });
    expect(parseReferrer('https://duckduckgo.com/')).toMatchObject({ searchEngine: 'duckduckgo', searchQuery: '' });
  });

  it('reads the placeholders exports write for "no referrer" as none, not as unreadable', () => {
    for (const placeholder of ['(direct)', 'Direct', '(none)', '(not set)', 'DIRECT_TRAFFIC', '$direct', ' - ', 'null']) {
      expect(parseReferrer(placeholder)).toMatchObject({ host: '', searchEngine: '', malformed: false });
    }
    expect(parseReferrer('::::').malformed).toBe(true);
  });

  it('takes a search engine named bare ("google", "Bing") as that engine, query unknown', () => {
    expect(parseReferrer('google')).toMatchObject({ searchEngine: 'google', searchQuery: '', malformed: false });
    expect(parseReferrer('Bing')).toMatchObject({ searchEngine: 'bing', malformed: false });
    expect(parseReferrer('acme').malformed).toBe(true);
  });

  it('normalises handles: case, @, emoji and percent-encoding', () => {
    expect(normalizeHandle('@Sam✨Codes')).toBe('samcodes');
    expect(normalizeHandle(encodeURIComponent('sam✨codes'))).toBe('samcodes');
    expect(normalizeHandle('🎉🎉')).toBe('');
  });
});
