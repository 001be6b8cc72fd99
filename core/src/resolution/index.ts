import type { TouchpointResolver } from './resolution';
import { touchpointResolver } from './touchpointResolver';

export * from './resolution';
export { utmCampaignResolver } from './utmCampaignResolver';
export { touchpointResolver, resolveDataset, EVIDENCE_CONFIDENCE, INFERRED_KINDS, type ResolverOptions, type ResolutionReport } from './touchpointResolver';

/** The resolver every command uses unless told otherwise: tags, landing pages, referrers, promo codes and inference. */
export function defaultResolver(): TouchpointResolver {
  return touchpointResolver();
}
