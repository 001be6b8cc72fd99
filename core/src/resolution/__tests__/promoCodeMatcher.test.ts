import fc from 'fast-check';
import { buildCampaignCatalog } from '../campaignCatalog';
import { canonicalPromoCode, matchPromoCode } from '../promoCodeMatcher';
import { campaignRow } from './testCampaigns';

const catalog = buildCampaignCatalog([
  campaignRow({ campaign_id: 'maya', promo_codes: ['MAYA10'] }),
  campaignRow({ campaign_id: 'tom', promo_codes: ['TOMVIP'] }),
  campaignRow({ campaign_id: 'kim1', promo_codes: ['KIMPRO1'] }),
  campaignRow({ campaign_id: 'kim2', promo_codes: ['KIMPRO2'] }),
  campaignRow({ campaign_id: 'nora-spring', influencer_id: 'nora', promo_codes: ['NORA20'] }),
  campaignRow({ campaign_id: 'nora-summer', influencer_id: 'nora', promo_codes: ['NORA10'] }),
  campaignRow({ campaign_id: 'lena', influencer_id: 'lena', promo_codes: ['LENA10'] }),
  campaignRow({ campaign_id: 'leon', influencer_id: 'leon', promo_codes: ['LEON10'] }),
]);

describe('promo codes', () => {
  it('canonicalises case, spaces and the O/0 and I/1 confusions', () => {
    expect(canonicalPromoCode(' maya 1o ')).toBe('MAYA10');
    expect(canonicalPromoCode('T0MVlP')).toBe('T0MVLP');
    expect(canonicalPromoCode('tomvip')).toBe(canonicalPromoCode('T0MV1P'));
  });

  it('matches the same canonical code, then one edit away when unambiguous', () => {
    expect(matchPromoCode(catalog, 'maya-1O')).toMatchObject({ edits: 0, campaigns: [0] });
    expect(matchPromoCode(catalog, 'MAYA100')).toMatchObject({ edits: 1, campaigns: [0] });
    expect(matchPromoCode(catalog, 'MYA10')).toMatchObject({ edits: 1, campaigns: [0] });
    expect(matchPromoCode(catalog, 'KIMPRO3')).toBe('ambiguous');
    expect(matchPromoCode(catalog, 'WELCOME')).toBeUndefined();
  });

  it('leaves a damaged code between one creator\'s campaigns to the time, and refuses one between creators', () => {
    // NORA0 is one edit from NORA10 and from NORA20, both Nora's: the creator is certain.
    expect(matchPromoCode(catalog, 'NORA0')).toEqual({ campaigns: [4, 5], canonical: 'N0RA10 or N0RA20', listed: 'NORA10 or NORA20', edits: 1 });
    // The codes are listed in their own order, not the campaigns': the same with the campaigns reversed.
    const reversed = buildCampaignCatalog([
      campaignRow({ campaign_id: 'nora-summer', influencer_id: 'nora', promo_codes: ['NORA10'] }),
      campaignRow({ campaign_id: 'nora-spring', influencer_id: 'nora', promo_codes: ['NORA20'] }),
    ]);
    expect(matchPromoCode(reversed, 'NORA0')).toMatchObject({ canonical: 'N0RA10 or N0RA20', listed: 'NORA10 or NORA20' });
    expect(matchPromoCode(catalog, 'norax0')).toMatchObject({ campaigns: [4, 5] });
    // LEN10 is one deletion from LENA10 (Lena's) and from LEON10 (Leon's): two creators.
    expect(matchPromoCode(catalog, 'LEN10')).toBe('ambiguous');
    // Campaigns without a creator are never grouped.
    expect(matchPromoCode(catalog, 'KIMPRO3')).toBe('ambiguous');
  });

  it('finds a code typed among other words, and refuses two different codes', () => {
    expect(matchPromoCode(catalog, 'code: maya10')).toMatchObject({ edits: 0, campaigns: [0], canonical: 'MAYA10', partOfText: true });
    expect(matchPromoCode(catalog, 'TOMVIP from the podcast')).toMatchObject({ campaigns: [1], partOfText: true });
    expect(matchPromoCode(catalog, 'used maya 10 at checkout')).toMatchObject({ campaigns: [0], partOfText: true });
    expect(matchPromoCode(catalog, 'maya10 or tomvip')).toBe('ambiguous');
    expect(matchPromoCode(catalog, 'no code')).toBeUndefined();
    // The whole text stays the first reading: a code typed alone is not marked as part of a text.
    expect(matchPromoCode(catalog, 'maya 10')).not.toHaveProperty('partOfText');
  });

  it('never throws on arbitrary codes, emoji included (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('🎉🎉', '\u0000MAYA10', 'ＭＡＹＡ１０')), (code) => {
        const result = matchPromoCode(catalog, code);
        expect(result === undefined || result === 'ambiguous' || result.campaigns.length > 0).toBe(true);
      }),
    );
    expect(matchPromoCode(catalog, 'ＭＡＹＡ１０')).toMatchObject({ edits: 0 });
  });
});
