import fc from 'fast-check';
import { buildCampaignCatalog } from '../campaignCatalog';
import { matchTag } from '../tagMatcher';
import { campaignRow } from './testCampaigns';

const catalog = buildCampaignCatalog([
  campaignRow({ campaign_id: 'cmp-maya', utm_campaign: 'maya-spring-2025' }),
  campaignRow({ campaign_id: 'cmp-tom', utm_campaign: 'tom-spring-2025' }),
  campaignRow({ campaign_id: 'cmp-summer-a', utm_campaign: 'creators-summer', utm_content: 'ana.ops' }),
  campaignRow({ campaign_id: 'cmp-summer-b', utm_campaign: 'creators-summer', utm_content: 'leo_sells' }),
]);
const none = { source: '', medium: '', content: '' };
const idOf = (result: ReturnType<typeof matchTag>): string | undefined =>
  result.campaignIndex >= 0 ? catalog.campaigns[result.campaignIndex].campaign_id : undefined;

describe('matchTag', () => {
  it('matches exact, then normalised tags', () => {
    expect(matchTag(catalog, 'maya-spring-2025', none)).toMatchObject({ kind: 'exact', campaignIndex: 0 });
    expect(matchTag(catalog, 'MAYA_Spring 2025', none)).toMatchObject({ kind: 'normalized', campaignIndex: 0 });
  });

  it('matches added suffixes, prefixes, truncations and typos as fuzzy', () => {
    for (const mangled of [
      'maya-spring-2025-story',
      'ig-maya-spring-2025',
      'maya-spring-20',
      'maya-sprnig-2025',
      'mayaspring2025',
      'maya-sprnig-2025-reel',
      'mayaspring',
      'MayaSpring20',
    ]) {
      const result = matchTag(catalog, mangled, none);
      expect({ mangled, id: idOf(result) }).toEqual({ mangled, id: 'cmp-maya' });
      expect(result).toMatchObject({ kind: 'fuzzy_tag' });
    }
  });

  it('refuses ambiguous fuzzy matches and unknown tags', () => {
    // One edit from both maya-spring-2025 and tom-spring-2025? No; but a bare shared suffix is ambiguous.
    expect(matchTag(catalog, 'spring-2025', none)).toMatchObject({ campaignIndex: -1 });
    // Too short a stump to say which campaign it was cut from.
    expect(matchTag(catalog, 'maya', none)).toMatchObject({ campaignIndex: -1 });
    expect(matchTag(catalog, 'newsletter-october', none)).toMatchObject({ campaignIndex: -1, reason: 'unknown' });
  });

  it('tells apart campaigns sharing a tag by utm_content', () => {
    expect(idOf(matchTag(catalog, 'creators-summer', { ...none, content: 'leo_sells' }))).toBe('cmp-summer-b');
    expect(idOf(matchTag(catalog, 'Creators Summer', { ...none, content: 'Ana.Ops' }))).toBe('cmp-summer-a');
    expect(matchTag(catalog, 'creators-summer', none)).toMatchObject({ campaignIndex: -1, reason: 'ambiguous' });
  });
});

/** Each damaged tag matches Maya's campaign, with the damage it was read as. */
function expectMaya(cases: ReadonlyArray<[mangled: string, how: string]>): void {
  for (const [mangled, how] of cases) {
    const result = matchTag(catalog, mangled, none);
    expect({ mangled, id: idOf(result), how: 'how' in result ? result.how : undefined }).toEqual({ mangled, id: 'cmp-maya', how });
  }
}

describe('matchTag on tags damaged twice', () => {
  it('finds the campaign under two kinds of damage at once', () => {
    expectMaya([
      ['yt-maya-spring-2025-desc', 'prefix "yt-" and suffix "-desc" added'],
      ['spring-2025-maya', 'words reordered'],
      ['mayaspring2025-story', 'words added'],
      ['mayaspring2025story', 'words added, separators removed'],
      ['ig-maya-spri', 'prefix added and truncated'],
      ['maya-sprnig', 'truncated and 1 typo'],
      ['maya-spring-20-swipeup', 'truncated and words added'],
      ['maya-spri-link-in-bio', 'truncated and words added'],
      ['ig-maya-sprnig-2025-reel', 'affix added and 1 typo'],
    ]);
  });

  it('finds the campaign when its words were reordered and damaged again (retyped from memory)', () => {
    expectMaya([
      ['spring-maya-2025-story', 'words reordered and added'],
      ['ig-2025-maya-spring', 'words reordered and added'],
      ['spring-2025-maya-link-in-bio', 'words reordered and added'],
      ['maya-new-spring-2025', 'words inserted'],
      ['spring-mya-2025', 'words reordered and 1 typo'],
      ['2025-spring-ma', 'words reordered and truncated'],
      ['spr-maya-2025', 'words reordered and truncated'],
      ['springmaya2025', 'words reordered, separators removed'],
    ]);
    // Whole words left out (a cut between words) name no one: any creator's spring 2025.
    expect(matchTag(catalog, '2025-spring', none)).toMatchObject({ campaignIndex: -1 });
    // A word the campaign lacks, in place of one it has, is not an added word.
    expect(matchTag(catalog, 'spring-lisa-2025-story', none)).toMatchObject({ campaignIndex: -1 });
  });

  it('never gives a reordered tag with words added to another campaign (property)', () => {
    const season = buildCampaignCatalog(
      [
        'maya-spring-2025',
        'maya-summer-2025',
        'tom-spring-2025',
        'tom-fall-2025',
        'sam-spring-2025',
        'sofia-spring-2025',
        'newsletter-2025-01',
        'newsletter-2025-10',
      ].map((tag) => campaignRow({ campaign_id: `cmp-${tag}`, utm_campaign: tag })),
    );
    const extraWords = fc.array(fc.constantFrom('story', 'reel', 'ig', 'yt', 'link', 'bio', 'v2', 'swipeup'), { maxLength: 3 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: season.campaigns.length - 1 }), fc.infiniteStream(fc.integer()), extraWords, (campaign, order, extra) => {
        const words = [...season.campaigns[campaign].utm_campaign.split('-'), ...extra];
        const iterator = order[Symbol.iterator]();
        const shuffled = words
          .map((word) => ({ word, key: iterator.next().value as number }))
          .sort((left, right) => left.key - right.key)
          .map(({ word }) => word);
        const result = matchTag(season, shuffled.join('-'), none);
        // The campaign itself, or refused: never another one.
        return result.campaignIndex === -1 || result.campaignIndex === campaign;
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a cut that fits two campaigns alike, whichever slug is longer', () => {
    const two = buildCampaignCatalog([
      campaignRow({ campaign_id: 'cmp-sam', utm_campaign: 'sam-spring-2025' }),
      campaignRow({ campaign_id: 'cmp-sofia', utm_campaign: 'sofia-spring-2025' }),
    ]);
    // Cut after the reordering: "s" begins both sam and sofia.
    expect(matchTag(two, 'spring-2025-s', none)).toMatchObject({ campaignIndex: -1, reason: 'ambiguous' });
    expect(matchTag(two, 'spring-2025-so', none)).toMatchObject({ campaignIndex: 1, kind: 'fuzzy_tag' });
  });

  it('weighs every campaign a tag resembles: a cut that fits nine is not a typo of the tenth', () => {
    const months = Array.from({ length: 12 }, (_, month) => String(month + 1).padStart(2, '0'));
    const series = buildCampaignCatalog(
      months.map((month) => campaignRow({ campaign_id: `cmp-news-${month}`, utm_campaign: `newsletter-2025-${month}` })),
    );
    const seriesId = (tag: string): string | undefined => {
      const result = matchTag(series, tag, none);
      return result.campaignIndex >= 0 ? series.campaigns[result.campaignIndex].campaign_id : undefined;
    };
    // Cut from 01-09, one deletion from 10: refused, not given to 10.
    expect(matchTag(series, 'newsletter-2025-0', none)).toMatchObject({ campaignIndex: -1, reason: 'ambiguous' });
    // The same cut with a suffix: two typos from 01 and a typo plus the word from 10, but the cut
    // plus the word fits 01-09 likelier than either (each campaign counts its likeliest reading).
    expect(matchTag(series, 'newsletter-2025-0-yt', none)).toMatchObject({ campaignIndex: -1, reason: 'ambiguous' });
    // A lost letter, not a cut with a word added: the added word would be another newsletter's.
    expect(seriesId('newsletter-202-02')).toBe('cmp-news-02');
    expect(seriesId('newslette-2025-06')).toBe('cmp-news-06');
    // Separators removed from 03 beats a typo away from each of the others.
    expect(seriesId('newsletter202503')).toBe('cmp-news-03');
    expect(seriesId('NEWSLETTER 2025 03 story')).toBe('cmp-news-03');
    // One typo from 03 and two from the rest.
    expect(seriesId('newsletter-2025-3')).toBe('cmp-news-03');
  });

  it("takes a campaign's name or id written as its tag, unless that text is another campaign's tag", () => {
    const named = buildCampaignCatalog([
      campaignRow({ campaign_id: '7013x000002AbCdAAK', name: 'Maya × Acme spring', utm_campaign: 'maya-spring-2025' }),
      campaignRow({ campaign_id: 'cmp-tom', name: 'maya-spring-2025', utm_campaign: 'tom-spring-2025' }),
    ]);
    const namedId = (tag: string): string | undefined => {
      const result = matchTag(named, tag, none);
      return result.campaignIndex >= 0 ? named.campaigns[result.campaignIndex].campaign_id : undefined;
    };
    expect(matchTag(named, 'Maya × Acme spring', none)).toMatchObject({ campaignIndex: 0, kind: 'normalized', how: "the campaign's name" });
    expect(matchTag(named, '7013x000002AbCdAAK', none)).toMatchObject({ campaignIndex: 0, kind: 'normalized', how: "the campaign's id" });
    expect(namedId('cmp-tom')).toBe('cmp-tom');
    // Tom's campaign is named like Maya's tag: the tag wins.
    expect(namedId('maya-spring-2025')).toBe('7013x000002AbCdAAK');
  });

  it('leaves tags of campaigns not in the catalog alone', () => {
    for (const tag of [
      'spring-sale-2025',
      'black-friday-2025',
      'summer-2025',
      'acme-spring-2025',
      'lisa-spring-2025',
      'tom-winter-2025',
      'webinar-q3',
    ]) {
      expect({ tag, result: matchTag(catalog, tag, none).campaignIndex }).toEqual({ tag, result: -1 });
    }
  });
});
