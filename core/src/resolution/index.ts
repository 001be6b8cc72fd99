export * from './resolution';
export { utmCampaignResolver, queryParameter } from './utmCampaignResolver';
import type { TouchpointResolver } from './resolution';
import { utmCampaignResolver } from './utmCampaignResolver';

/** The resolver every command uses unless told otherwise. */
export function defaultResolver(): TouchpointResolver {
  return utmCampaignResolver;
}
