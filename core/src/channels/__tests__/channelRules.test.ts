import { compileChannelRules, DEFAULT_CHANNEL_RULES, type ChannelFeatures } from '../channelRules';
import { ChannelRulesSchema } from '../channelRulesFile';

const blank: ChannelFeatures = {
  touchType: 'page_view',
  source: '',
  medium: '',
  referrerDomain: '',
  landingPage: '/',
  clickPlatform: '',
  paidClick: false,
  searchEngine: false,
  brandedSearch: false,
  linkInBio: false,
  tracked: false,
  hasUrl: true,
  creator: false,
  campaignChannel: '',
};
const classify = compileChannelRules(DEFAULT_CHANNEL_RULES);

describe('default channel rules', () => {
  it.each([
    [{ creator: true, medium: 'cpc' }, 'influencer'],
    [{ linkInBio: true, referrerDomain: 'linktr.ee' }, 'influencer'],
    [{ source: 'facebook', medium: 'cpc', tracked: true }, 'paid social'],
    [{ source: 'google', medium: 'cpc', tracked: true }, 'paid search'],
    [{ paidClick: true, clickPlatform: 'google', tracked: true }, 'paid search'],
    [{ searchEngine: true, brandedSearch: true, referrerDomain: 'google.com' }, 'branded search'],
    [{ searchEngine: true, referrerDomain: 'bing.com' }, 'organic search'],
    [{ medium: 'email', tracked: true }, 'email'],
    [{ touchType: 'webinar_attended', hasUrl: false }, 'webinar'],
    [{ touchType: 'event', hasUrl: false }, 'event'],
    [{ referrerDomain: 'l.instagram.com' }, 'organic social'],
    [{ referrerDomain: 'news.ycombinator.com' }, 'referral'],
    [{}, 'direct'],
    [{ hasUrl: false, touchType: 'note' }, 'other'],
  ] as Array<[Partial<ChannelFeatures>, string]>)('%j → %s', (features, channel) => {
    expect(classify({ ...blank, ...features }).channel).toBe(channel);
  });
});

describe('custom channel rules', () => {
  it('applies the first matching rule, with wildcards', () => {
    const rules = ChannelRulesSchema.parse({
      rules: [
        { channel: 'partner', subChannel: 'g2', when: { referrerDomain: '*.g2.com' } },
        { channel: 'referral', when: { referrerDomain: '*' } },
        { channel: 'other', when: {} },
      ],
    }).rules;
    const custom = compileChannelRules(rules);
    expect(custom({ ...blank, referrerDomain: 'www.g2.com' })).toEqual({ channel: 'partner', subChannel: 'g2' });
    expect(custom({ ...blank, referrerDomain: 'example.org' }).channel).toBe('referral');
    expect(custom(blank).channel).toBe('other');
  });

  it('rejects unknown conditions', () => {
    expect(ChannelRulesSchema.safeParse({ rules: [{ channel: 'x', when: { colour: 'red' } }] }).success).toBe(false);
  });
});
