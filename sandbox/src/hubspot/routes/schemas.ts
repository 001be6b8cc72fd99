import { z } from 'zod';
import { json, noContent } from '../../http/reply';
import type { Router } from '../../http/router';
import { conflict, notFound, parseJsonBody, validationError, zodValidationError } from '../errors';
import { requireScope, type HubSpotContext } from '../hubspotContext';
import { definitionFromSeed, type CustomSchema, type HubSpotStore } from '../hubspotStore';
import { resolveObjectType } from '../objectTypes';
import { propertyCreateSchema } from './properties';

const schemaEggSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must start with a letter and contain only letters, digits and underscores'),
  labels: z.object({ singular: z.string().min(1), plural: z.string().min(1) }),
  properties: z.array(propertyCreateSchema),
  requiredProperties: z.array(z.string()),
  associatedObjects: z.array(z.string()),
  searchableProperties: z.array(z.string()).optional(),
  primaryDisplayProperty: z.string().optional(),
  secondaryDisplayProperties: z.array(z.string()).optional(),
  description: z.string().optional(),
  allowsSensitiveProperties: z.boolean().optional(),
});
const schemaPatchSchema = z.object({
  labels: z.object({ singular: z.string().min(1), plural: z.string().min(1) }).optional(),
  requiredProperties: z.array(z.string()).optional(),
  searchableProperties: z.array(z.string()).optional(),
  primaryDisplayProperty: z.string().optional(),
  secondaryDisplayProperties: z.array(z.string()).optional(),
  description: z.string().optional(),
  restorable: z.boolean().optional(),
});
const associationCreateSchema = z.object({ fromObjectTypeId: z.string(), toObjectTypeId: z.string(), name: z.string().optional() });

/** The `ObjectSchema` response: the schema plus its current properties and association definitions. */
export function schemaJson(store: HubSpotStore, portalId: number, schema: CustomSchema): Record<string, unknown> {
  const properties = [...store.properties(portalId, schema.objectTypeId).values()];
  const associations = store
    .associationDefinitions(portalId)
    .filter((definition) => definition.fromType === schema.objectTypeId && definition.category !== 'USER_DEFINED')
    .map((definition) => ({ id: String(definition.typeId), fromObjectTypeId: definition.fromType, toObjectTypeId: definition.toType, name: definition.name, createdAt: schema.createdAt, updatedAt: schema.updatedAt }));
  return { ...schema, properties, associations };
}

function addAssociation(context: HubSpotContext, schema: CustomSchema, toTypeText: string, name?: string): number {
  const toType = resolveObjectType(context.store, context.portalId, toTypeText);
  const typeId = context.store.counters.next(`hs:${context.portalId}:associationTypes`, 100);
  const inverseTypeId = context.store.counters.next(`hs:${context.portalId}:associationTypes`, 100);
  const forwardName = name ?? `${schema.name}_to_${toType.name}`.toLowerCase();
  context.store.putAssociationDefinition(context.portalId, { fromType: schema.objectTypeId, toType: toType.objectTypeId, typeId, inverseTypeId, category: 'HUBSPOT_DEFINED', label: null, name: forwardName });
  context.store.putAssociationDefinition(context.portalId, { fromType: toType.objectTypeId, toType: schema.objectTypeId, typeId: inverseTypeId, inverseTypeId: typeId, category: 'HUBSPOT_DEFINED', label: null, name: `${toType.name}_to_${schema.name}`.toLowerCase() });
  return typeId;
}

function findSchema(context: HubSpotContext, objectType: string): CustomSchema {
  const lower = objectType.toLowerCase();
  const schema = context.store.schemas(context.portalId).find((candidate) => candidate.objectTypeId === objectType || candidate.fullyQualifiedName.toLowerCase() === lower || candidate.name.toLowerCase() === lower);
  if (!schema) throw notFound(`Unable to find object type: ${objectType}`);
  return schema;
}

/** Custom object schemas at `/crm-object-schemas/v3/schemas` and its legacy alias `/crm/v3/schemas` (contract §b.2). */
export function registerSchemaRoutes(router: Router<HubSpotContext>): void {
  for (const base of ['/crm-object-schemas/v3/schemas', '/crm/v3/schemas']) {
    router.add('GET', base, (request, context) => {
      requireScope(context, 'crm.schemas.custom.read');
      const archived = request.query.get('archived') === 'true';
      return json(200, { results: context.store.schemas(context.portalId).filter((schema) => schema.archived === archived).map((schema) => schemaJson(context.store, context.portalId, schema)) });
    });

    router.add('POST', base, (request, context) => {
      requireScope(context, 'crm.schemas.custom.write');
      const parsed = schemaEggSchema.safeParse(parseJsonBody(request.rawBody));
      if (!parsed.success) throw zodValidationError(parsed.error.issues);
      const egg = parsed.data;
      const fullyQualifiedName = `p${context.portalId}_${egg.name}`;
      if (context.store.schemas(context.portalId).some((schema) => schema.name.toLowerCase() === egg.name.toLowerCase() && !schema.archived)) {
        throw conflict(`Object type with name ${egg.name} already exists`, { context: { name: [egg.name] } });
      }
      const propertyNames = new Set(egg.properties.map((property) => property.name));
      const unknown = [...egg.requiredProperties, ...(egg.searchableProperties ?? []), ...(egg.primaryDisplayProperty ? [egg.primaryDisplayProperty] : [])].filter((name) => !propertyNames.has(name));
      if (unknown.length > 0) throw validationError(`Properties referenced but not defined in properties: ${[...new Set(unknown)].join(', ')}`);
      const schema = context.store.database.transaction(() => {
        const sequence = context.store.counters.next(`hs:${context.portalId}:schemas`, 1);
        const now = new Date(context.now()).toISOString();
        const created: CustomSchema = {
          id: String(sequence),
          objectTypeId: `2-${context.portalId % 100_000}${String(sequence).padStart(3, '0')}`,
          name: egg.name,
          fullyQualifiedName,
          labels: egg.labels,
          requiredProperties: egg.requiredProperties,
          searchableProperties: egg.searchableProperties ?? [],
          primaryDisplayProperty: egg.primaryDisplayProperty,
          secondaryDisplayProperties: egg.secondaryDisplayProperties ?? [],
          description: egg.description,
          archived: false,
          createdAt: now,
          updatedAt: now,
        };
        context.store.putSchema(context.portalId, created);
        const groupName = `${egg.name.toLowerCase()}_information`;
        context.store.putGroup(context.portalId, created.objectTypeId, { name: groupName, label: `${egg.labels.singular} information`, displayOrder: -1, archived: false });
        const system = [
          { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName, readOnly: true },
          { name: 'hs_createdate', label: 'Object create date/time', type: 'datetime', fieldType: 'date', groupName },
          { name: 'hs_lastmodifieddate', label: 'Object last modified date/time', type: 'datetime', fieldType: 'date', groupName, readOnly: true },
        ];
        [...system, ...egg.properties.map((property) => ({ ...property, groupName: property.groupName ?? groupName }))].forEach((seed, order) =>
          context.store.putProperty(context.portalId, created.objectTypeId, { ...definitionFromSeed(seed, order, now), description: 'description' in seed ? (seed.description ?? '') : '' }),
        );
        for (const target of egg.associatedObjects) addAssociation(context, created, target);
        return created;
      })();
      return json(201, schemaJson(context.store, context.portalId, schema));
    });

    router.add('GET', `${base}/:objectType`, (request, context) => {
      requireScope(context, 'crm.schemas.custom.read');
      return json(200, schemaJson(context.store, context.portalId, findSchema(context, request.params.objectType)));
    });

    router.add('PATCH', `${base}/:objectType`, (request, context) => {
      requireScope(context, 'crm.schemas.custom.write');
      const schema = findSchema(context, request.params.objectType);
      const parsed = schemaPatchSchema.safeParse(parseJsonBody(request.rawBody));
      if (!parsed.success) throw zodValidationError(parsed.error.issues);
      const { restorable: _restorable, ...patch } = parsed.data;
      const updated: CustomSchema = { ...schema, ...patch, updatedAt: new Date(context.now()).toISOString() };
      context.store.putSchema(context.portalId, updated);
      const { properties: _properties, associations: _associations, ...definition } = schemaJson(context.store, context.portalId, updated);
      return json(200, definition);
    });

    router.add('DELETE', `${base}/:objectType`, (request, context) => {
      requireScope(context, 'crm.schemas.custom.write');
      const schema = findSchema(context, request.params.objectType);
      const hasRecords = context.store.listRecords(context.portalId, schema.objectTypeId, false, 0, 1).length > 0;
      if (hasRecords) throw conflict(`Object type ${schema.fullyQualifiedName} still has records; archive them before deleting the schema`);
      context.store.putSchema(context.portalId, { ...schema, archived: true });
      return noContent();
    });

    router.add('POST', `${base}/:objectType/associations`, (request, context) => {
      requireScope(context, 'crm.schemas.custom.write');
      const schema = findSchema(context, request.params.objectType);
      const parsed = associationCreateSchema.safeParse(parseJsonBody(request.rawBody));
      if (!parsed.success) throw zodValidationError(parsed.error.issues);
      const typeId = addAssociation(context, schema, parsed.data.toObjectTypeId, parsed.data.name);
      const toType = resolveObjectType(context.store, context.portalId, parsed.data.toObjectTypeId);
      const now = new Date(context.now()).toISOString();
      return json(201, { id: String(typeId), fromObjectTypeId: schema.objectTypeId, toObjectTypeId: toType.objectTypeId, name: parsed.data.name, createdAt: now, updatedAt: now });
    });

    router.add('DELETE', `${base}/:objectType/associations/:associationIdentifier`, (request, context) => {
      requireScope(context, 'crm.schemas.custom.write');
      const schema = findSchema(context, request.params.objectType);
      const typeId = Number(request.params.associationIdentifier);
      const definition = context.store.associationDefinitions(context.portalId).find((candidate) => candidate.fromType === schema.objectTypeId && candidate.typeId === typeId);
      if (!definition) throw notFound(`Association ${request.params.associationIdentifier} not found`);
      context.store.deleteAssociationDefinition(context.portalId, definition.fromType, definition.typeId);
      context.store.deleteAssociationDefinition(context.portalId, definition.toType, definition.inverseTypeId);
      return noContent();
    });
  }
}

