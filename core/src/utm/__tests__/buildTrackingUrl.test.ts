import type { Campaign } from '../../schemas/campaign';
import { buildTrackingUrl } from '../buildTrackingUrl';
import { validateTrackingUrl } from '../governance';
import { canonicalSlug } from '../slug';

const campaign: Campaign = Object.freeze({
  campaign_id: 'cmp-1',
  name: 'Maya × Acme Spring',
  channel: 'influencer',
  influencer_id: 'inf-maya',
  influencer_handle: '@Maya.Creates',
  utm_source: 'Instagram',
  utm_medium: 'influencer',
  utm_campaign: 'Maya Spring 2025',
  utm_content: '',
  promo_codes: ['MAYA10'],
  landing_url: 'https://acme.io/maya',
  branded_terms: [],
  start_at: null,
  end_at: null,
  cost: 0,
  currency: 'USD',
});

describe('buildTrackingUrl', () => {
  it('fills the default template with canonical lower-case slugs', () => {
    expect(buildTrackingUrl(campaign)).toBe('https://acme.io/maya?utm_source=instagram&utm_medium=influencer&utm_campaign=maya-spring-2025&utm_content=maya.creates');
    expect(validateTrackingUrl(buildTrackingUrl(campaign))).toEqual([]);
  });

  it('drops empty parameters and rejects unknown placeholders', () => {
    expect(buildTrackingUrl(campaign, '{landing_url}?utm_campaign={campaign_slug}&utm_term={content}')).toBe('https://acme.io/maya?utm_campaign=maya-spring-2025');
    expect(() => buildTrackingUrl(campaign, '{landing_url}?x={nope}')).toThrow(/unknown placeholder \{nope\}/);
  });

  it('slugs fold accents, case and separators', () => {
    expect(canonicalSlug('  Zoë_Builds  Spring!! ')).toBe('zoe-builds-spring');
    expect(canonicalSlug('MAYA%2520SPRING')).toBe('maya-spring');
  });
});
