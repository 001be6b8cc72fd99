import type { Campaign } from '../schemas/campaign';
import { InputError } from '../dataset/inputError';
import { normalizeHandle } from './referrer';
import { canonicalSlug } from './slug';

/** The template used when neither the rules nor the command name one. */
export const DEFAULT_URL_TEMPLATE = '{landing_url}?utm_source={platform}&utm_medium={medium}&utm_campaign={campaign_slug}&utm_content={creator_handle}';

/** Template variables and what they become for a campaign. */
export function templateVariables(campaign: Campaign): Record<string, string> {
  const slug = canonicalSlug(campaign.utm_campaign || campaign.name || campaign.campaign_id);
  return {
    campaign_id: campaign.campaign_id,
    campaign_slug: slug,
    campaign_name: campaign.name,
    creator_handle: normalizeHandle(campaign.influencer_handle),
    creator_id: campaign.influencer_id,
    platform: canonicalSlug(campaign.utm_source) || 'influencer',
    medium: canonicalSlug(campaign.utm_medium) || (campaign.influencer_id !== '' ? 'influencer' : 'referral'),
    content: canonicalSlug(campaign.utm_content),
    promo_code: campaign.promo_codes[0] ?? '',
    landing_url: campaign.landing_url.trim(),
  };
}

/**
 * Fills a URL template: `{name}` placeholders become the campaign's canonical values, URL-encoded
 * (except `{landing_url}`, which is the URL itself). Parameters left empty are dropped so a
 * creator-less campaign gets no `utm_content=`. Unknown placeholders are an error naming them.
 */
export function buildTrackingUrl(campaign: Campaign, template = DEFAULT_URL_TEMPLATE, landingFallback = ''): string {
  const variables = templateVariables(campaign);
  if (variables.landing_url === '') variables.landing_url = landingFallback;
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]).filter((name) => !(name in variables));
  if (unknown.length > 0) {
    throw new InputError(`unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `{${name}}`).join(', ')}; known: ${Object.keys(variables).map((name) => `{${name}}`).join(', ')}`, { field: '--template' });
  }
  if (template.includes('{landing_url}') && variables.landing_url === '') {
    throw new InputError(`campaign ${campaign.campaign_id} has no landing_url; give --landing-url`, { field: 'landing_url' });
  }
  let url = template.replace(/\{([^}]*)\}/g, (_placeholder, name: string) => (name === 'landing_url' ? variables.landing_url : encodeURIComponent(variables[name])));
  // Drop empty parameters and fix the separator when the landing URL already had a query.
  const hash = url.indexOf('#');
  const fragment = hash >= 0 ? url.slice(hash) : '';
  if (hash >= 0) url = url.slice(0, hash);
  const firstQuestion = url.indexOf('?');
  if (firstQuestion >= 0) {
    const base = url.slice(0, firstQuestion);
    const pairs = url
      .slice(firstQuestion + 1)
      .split(/[?&]/)
      .filter((pair) => pair !== '' && !pair.endsWith('='));
    url = pairs.length > 0 ? `${base}?${pairs.join('&')}` : base;
  }
  return url + fragment;
}
