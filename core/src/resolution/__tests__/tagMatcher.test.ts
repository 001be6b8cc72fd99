import { buildCampaignCatalog } from '../campaignCatalog';
import { matchTag } from '../tagMatcher';
import { campaignRow } from './testCampaigns';

const catalog = buildCampaignCatalog([
  campaignRow({ campaign_id: 'maya', utm_campaign: 'maya-spring-2025' }),
  campaignRow({ campaign_id: 'tom', utm_campaign: 'tom-spring-2025' }),
  campaignRow({ campaign_id: 'summer-a', utm_campaign: 'creators-summer', utm_content: 'ana.ops' }),
  campaignRow({ campaign_id: 'summer-b', utm_campaign: 'creators-summer', utm_content: 'leo_sells' }),
]);
const none = { source: '', medium: '', content: '' };
const idOf = (result: ReturnType<typeof matchTag>): string | undefined => (result.campaignIndex >= 0 ? catalog.campaigns[result.campaignIndex].campaign_id : undefined);

describe('matchTag', () => {
  it('matches exact, then normalised tags', () => {
    expect(matchTag(catalog, 'maya-spring-2025', none)).toMatchObject({ kind: 'exact', campaignIndex: 0 });
    expect(matchTag(catalog, 'MAYA_Spring 2025', none)).toMatchObject({ kind: 'normalized', campaignIndex: 0 });
  });

  it('matches added suffixes, prefixes, truncations and typos as fuzzy', () => {
    for (const mangled of ['maya-spring-2025-story', 'ig-maya-spring-2025', 'maya-spring-20', 'maya-sprnig-2025', 'mayaspring2025', 'maya-sprnig-2025-reel', 'mayaspring', 'MayaSpring20']) {
      const result = matchTag(catalog, mangled, none);
      expect({ mangled, id: idOf(result) }).toEqual({ mangled, id: 'maya' });
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
    expect(idOf(matchTag(catalog, 'creators-summer', { ...none, content: 'leo_sells' }))).toBe('summer-b');
    expect(idOf(matchTag(catalog, 'Creators Summer', { ...none, content: 'Ana.Ops' }))).toBe('summer-a');
    expect(matchTag(catalog, 'creators-summer', none)).toMatchObject({ campaignIndex: -1, reason: 'ambiguous' });
  });
});
