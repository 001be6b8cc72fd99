import type { Client } from '@hubspot/api-client';
import type { CallObserver } from '@pipeline-attribution/core/dist/sync';
import { hubspotCall } from './hubspotCalls';
import { HUBSPOT_OBJECTS, PROPERTY_GROUP, SCHEMA_VERSION, type DeclaredObject, type DeclaredProperty } from './hubspotObjects';

/** Standard objectTypeIds (doc: developers.hubspot.com/docs/guides/crm/using-object-apis). */
const STANDARD_OBJECT_TYPE_IDS: Record<string, string> = { contacts: '0-1', companies: '0-2', deals: '0-3' };

export interface SetupReport {
  readonly actions: string[];
  readonly objectTypeIds: Record<string, string>;
}

function typeIdOf(schema: { objectTypeId?: string; name?: string }): string {
  if (!schema.objectTypeId) throw new Error(`HubSpot returned schema ${schema.name ?? '?'} without an objectTypeId`);
  return schema.objectTypeId;
}

const description = (object: DeclaredObject) => `Pipeline Attribution: ${object.plural.toLowerCase()} (schema v${SCHEMA_VERSION})`;

function fieldTypeOf(property: DeclaredProperty): {
  type: string;
  fieldType: string;
  options?: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
} {
  switch (property.type) {
    case 'number':
      return { type: 'number', fieldType: 'number' };
    case 'datetime':
      return { type: 'datetime', fieldType: 'date' };
    case 'bool':
      return {
        type: 'bool',
        fieldType: 'booleancheckbox',
        options: [
          { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
          { label: 'No', value: 'false', displayOrder: 1, hidden: false },
        ],
      };
    default:
      return { type: 'string', fieldType: 'text' };
  }
}

function propertyCreate(property: DeclaredProperty) {
  return {
    name: property.name,
    label: property.label,
    groupName: PROPERTY_GROUP,
    hasUniqueValue: property.unique === true,
    ...fieldTypeOf(property),
  };
}

/**
 * `attribution setup hubspot`: makes the portal match HUBSPOT_OBJECTS, idempotently. Creates missing
 * custom object schemas (with their unique key property, searchable properties and associations to
 * contacts and deals), adds missing properties, patches labels / searchable / display properties /
 * version when they differ, adds our properties to contacts and deals, and creates the association
 * definitions between our objects. A second run reports nothing to do.
 */
export async function setupHubspot(client: Client, observer: CallObserver): Promise<SetupReport> {
  const actions: string[] = [];
  const schemas = await hubspotCall(observer, () => client.crm.schemas.coreApi.getAllWithHttpInfo());
  const byName = new Map(schemas.results.map((schema) => [schema.name, schema]));
  const objectTypeIds: Record<string, string> = { ...STANDARD_OBJECT_TYPE_IDS };

  for (const object of HUBSPOT_OBJECTS.filter((candidate) => candidate.custom)) {
    const existing = byName.get(object.name);
    if (!existing) {
      const created = await hubspotCall(observer, () =>
        client.crm.schemas.coreApi.createWithHttpInfo({
          name: object.name,
          labels: { singular: object.singular, plural: object.plural },
          description: description(object),
          primaryDisplayProperty: object.primaryDisplayProperty,
          requiredProperties: [object.keyProperty],
          searchableProperties: [...object.searchable],
          secondaryDisplayProperties: [],
          properties: object.properties.map((property) => ({ ...propertyCreate(property), groupName: undefined }) as never),
          associatedObjects: object.associations
            .filter((target) => target in STANDARD_OBJECT_TYPE_IDS)
            .map((target) => STANDARD_OBJECT_TYPE_IDS[target]),
        }),
      );
      objectTypeIds[object.name] = typeIdOf(created);
      byName.set(object.name, created);
      actions.push(`created object ${object.name} (${typeIdOf(created)}) with ${object.properties.length} properties`);
      continue;
    }
    const existingTypeId = typeIdOf(existing);
    objectTypeIds[object.name] = existingTypeId;
    const existingProperties = new Map(existing.properties.map((property) => [property.name, property]));
    const missing = object.properties.filter((property) => !existingProperties.has(property.name));
    for (const property of object.properties) {
      const found = existingProperties.get(property.name);
      if (found && property.unique && found.hasUniqueValue !== true) {
        throw new Error(
          `HubSpot object ${object.name}: property ${property.name} exists without unique values; it cannot be changed in place — archive it and rerun setup`,
        );
      }
    }
    if (missing.length > 0) {
      await ensurePropertyGroup(client, observer, existingTypeId, actions, object.name);
      for (const property of missing) {
        await hubspotCall(observer, () => client.crm.properties.coreApi.createWithHttpInfo(existingTypeId, propertyCreate(property) as never));
        actions.push(`added property ${object.name}.${property.name}`);
      }
    }
    const searchable = [...(existing.searchableProperties ?? [])].sort().join(',');
    if (
      existing.labels?.singular !== object.singular ||
      existing.labels?.plural !== object.plural ||
      (object.primaryDisplayProperty && existing.primaryDisplayProperty !== object.primaryDisplayProperty) ||
      searchable !== [...object.searchable].sort().join(',') ||
      existing.description !== description(object)
    ) {
      await hubspotCall(observer, () =>
        client.crm.schemas.coreApi.updateWithHttpInfo(existingTypeId, {
          labels: { singular: object.singular, plural: object.plural },
          primaryDisplayProperty: object.primaryDisplayProperty,
          searchableProperties: [...object.searchable],
          description: description(object),
        }),
      );
      actions.push(`patched object ${object.name} to schema v${SCHEMA_VERSION}`);
    }
  }

  for (const object of HUBSPOT_OBJECTS.filter((candidate) => !candidate.custom)) {
    const existingProperties = await hubspotCall(observer, () => client.crm.properties.coreApi.getAllWithHttpInfo(object.name));
    const names = new Map(existingProperties.results.map((property) => [property.name, property]));
    const missing = object.properties.filter((property) => !names.has(property.name));
    for (const property of object.properties) {
      const found = names.get(property.name);
      if (found && property.unique && found.hasUniqueValue !== true)
        throw new Error(`HubSpot ${object.name}: property ${property.name} exists without unique values`);
    }
    if (missing.length === 0) continue;
    await ensurePropertyGroup(client, observer, object.name, actions, object.name);
    for (const property of missing) {
      await hubspotCall(observer, () => client.crm.properties.coreApi.createWithHttpInfo(object.name, propertyCreate(property) as never));
      actions.push(`added property ${object.name}.${property.name}`);
    }
  }

  // Association definitions: touchpoint↔contact, touchpoint↔deal, credit↔deal, credit↔campaign (and revenue, outcomes).
  const refreshed = await hubspotCall(observer, () => client.crm.schemas.coreApi.getAllWithHttpInfo());
  for (const schema of refreshed.results) objectTypeIds[schema.name] = typeIdOf(schema);
  for (const object of HUBSPOT_OBJECTS.filter((candidate) => candidate.custom)) {
    const schema = refreshed.results.find((candidate) => candidate.name === object.name);
    if (!schema) continue;
    const fromTypeId = typeIdOf(schema);
    for (const target of object.associations) {
      const toObjectTypeId = objectTypeIds[target];
      if (!toObjectTypeId) throw new Error(`association target ${target} of ${object.name} is not in the portal`);
      const present = (schema.associations ?? []).some(
        (definition) =>
          (definition.fromObjectTypeId === fromTypeId && definition.toObjectTypeId === toObjectTypeId) ||
          (definition.fromObjectTypeId === toObjectTypeId && definition.toObjectTypeId === fromTypeId),
      );
      if (present) continue;
      await hubspotCall(observer, () =>
        client.crm.schemas.coreApi.createAssociationWithHttpInfo(fromTypeId, {
          fromObjectTypeId: fromTypeId,
          toObjectTypeId,
          name: `${object.name}_to_${target}`,
        }),
      );
      actions.push(`created association ${object.name} ↔ ${target}`);
    }
  }
  return { actions, objectTypeIds };
}

async function ensurePropertyGroup(client: Client, observer: CallObserver, objectType: string, actions: string[], label: string): Promise<void> {
  const groups = await hubspotCall(observer, () => client.crm.properties.groupsApi.getAllWithHttpInfo(objectType));
  if (groups.results.some((group) => group.name === PROPERTY_GROUP)) return;
  await hubspotCall(observer, () =>
    client.crm.properties.groupsApi.createWithHttpInfo(objectType, { name: PROPERTY_GROUP, label: 'Pipeline Attribution', displayOrder: -1 }),
  );
  actions.push(`created property group ${label}.${PROPERTY_GROUP}`);
}
