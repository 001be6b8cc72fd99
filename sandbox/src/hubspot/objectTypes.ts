import { ApiError } from '../http/reply';
import type { CustomSchema, HubSpotStore } from './hubspotStore';
import { STANDARD_OBJECT_TYPES } from './standardObjects';

export interface ResolvedObjectType {
  objectTypeId: string;
  name: string;
  /** Upper-case singular used in HubSpot messages ("CONTACT", "P123_CREATOR"). */
  messageName: string;
  defaultProperties: string[];
  searchableProperties: string[];
  createdateProperty: string;
  lastModifiedProperty: string;
  scopeName: string;
  schema?: CustomSchema;
}

const CUSTOM_DEFAULT_PROPERTIES = ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];

export function customObjectType(schema: CustomSchema): ResolvedObjectType {
  return {
    objectTypeId: schema.objectTypeId,
    name: schema.name,
    messageName: schema.fullyQualifiedName.toUpperCase(),
    defaultProperties: CUSTOM_DEFAULT_PROPERTIES,
    searchableProperties: schema.searchableProperties,
    createdateProperty: 'hs_createdate',
    lastModifiedProperty: 'hs_lastmodifieddate',
    scopeName: 'custom',
    schema,
  };
}

/**
 * Resolves `{objectType}` path segments the way HubSpot accepts them: names (`contacts`, `contact`),
 * objectTypeIds (`0-1`, `2-12345`) and custom fully qualified names (`p<portalId>_<name>`).
 */
export function resolveObjectType(store: HubSpotStore, portalId: number, text: string): ResolvedObjectType {
  const lower = text.toLowerCase();
  for (const type of STANDARD_OBJECT_TYPES) {
    if (type.objectTypeId === text || type.aliases.some((alias) => alias.toLowerCase() === lower)) {
      return { ...type, messageName: type.singular.toUpperCase() };
    }
  }
  for (const schema of store.schemas(portalId)) {
    if (schema.archived) continue;
    if (schema.objectTypeId === text || schema.fullyQualifiedName.toLowerCase() === lower || schema.name.toLowerCase() === lower) return customObjectType(schema);
  }
  throw new ApiError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${text}`);
}
