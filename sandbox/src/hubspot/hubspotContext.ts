import { ApiError } from '../http/reply';
import type { FaultInjector } from '../faults/faultInjector';
import type { TokenRecord } from '../store/tokens';
import type { HubSpotStore } from './hubspotStore';

export interface SearchFilterLimits {
  maxGroups: number;
  maxFiltersPerGroup: number;
  maxFiltersTotal: number;
}

/** What every authenticated HubSpot route handler receives. */
export interface HubSpotContext {
  readonly portalId: number;
  readonly token: TokenRecord;
  readonly store: HubSpotStore;
  readonly faults: FaultInjector;
  readonly searchFilterLimits: SearchFilterLimits;
  /** Ms clock (injectable for tests). */
  now(): number;
}

/** HubSpot's 403 for a token without the scope a call needs. */
export function requireScope(context: HubSpotContext, scope: string): void {
  if (context.token.scopes.includes(scope)) return;
  throw new ApiError(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
    errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
  });
}

/** Every scope a full-access sandbox token carries. */
export const ALL_HUBSPOT_SCOPES = [
  'oauth',
  'crm.objects.contacts.read', 'crm.objects.contacts.write',
  'crm.objects.companies.read', 'crm.objects.companies.write',
  'crm.objects.deals.read', 'crm.objects.deals.write',
  'crm.objects.custom.read', 'crm.objects.custom.write',
  'crm.schemas.custom.read', 'crm.schemas.custom.write',
  'crm.schemas.contacts.read', 'crm.schemas.contacts.write',
  'crm.schemas.companies.read', 'crm.schemas.companies.write',
  'crm.schemas.deals.read', 'crm.schemas.deals.write',
];
