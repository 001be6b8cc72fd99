import { validationError } from './errors';
import type { AssociationDefinition, HubSpotStore } from './hubspotStore';

/** The association type a `{associationCategory, associationTypeId}` pair names from an object type. */
export function findAssociationDefinition(store: HubSpotStore, portalId: number, fromType: string, category: string, typeId: number): AssociationDefinition {
  const found = store.associationDefinitions(portalId).find((definition) => definition.fromType === fromType && definition.typeId === typeId && definition.category === category);
  if (!found) throw validationError(`${category} ${typeId} is not a valid association type from ${fromType}`);
  return found;
}

/** The unlabeled ("default") association between two object types. */
export function defaultAssociationDefinition(store: HubSpotStore, portalId: number, fromType: string, toType: string): AssociationDefinition {
  const candidates = store.associationDefinitions(portalId).filter((definition) => definition.fromType === fromType && definition.toType === toType);
  const found = candidates.find((definition) => definition.label === null && definition.category === 'HUBSPOT_DEFINED') ?? candidates.find((definition) => definition.label === null) ?? candidates[0];
  if (!found) throw validationError(`There is no association type between ${fromType} and ${toType}`);
  return found;
}

export function associationTypeJson(definition: AssociationDefinition): { category: string; typeId: number; label: string | null } {
  return { category: definition.category, typeId: definition.typeId, label: definition.label };
}
