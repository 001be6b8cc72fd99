import type { TouchpointResolver } from './resolution';
import { touchpointResolver } from './touchpointResolver';

/** The resolver every command uses unless told otherwise: tags, landing pages, referrers, promo codes and inference. */
export function defaultResolver(): TouchpointResolver {
  return touchpointResolver();
}
