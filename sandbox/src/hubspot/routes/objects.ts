import { z } from 'zod';
import { json, noContent } from '../../http/reply';
import type { Router } from '../../http/router';
import { findAssociationDefinition } from '../associationDefinitions';
import { notFound, parseJsonBody, validationError, zodValidationError } from '../errors';
import { requireScope, type HubSpotContext } from '../hubspotContext';
import { resolveObjectType, type ResolvedObjectType } from '../objectTypes';
import { archiveRecord, createRecord, findRecord, listParameter, serializeRecord, updateRecord, validateProperties } from '../records';

const propertiesSchema = z.record(z.string(), z.unknown());
const associationInputSchema = z.object({
  to: z.object({ id: z.union([z.string(), z.number()]) }),
  types: z.array(z.object({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']), associationTypeId: z.number().int() })).min(1),
});
export const createInputSchema = z.object({ properties: propertiesSchema, associations: z.array(associationInputSchema).optional(), objectWriteTraceId: z.string().optional() });
const updateInputSchema = z.object({ properties: propertiesSchema, objectWriteTraceId: z.string().optional() });

export type AssociationInput = z.infer<typeof associationInputSchema>;

export function objectScope(type: ResolvedObjectType, access: 'read' | 'write'): string {
  return `crm.objects.${type.scopeName}.${access}`;
}

/** Writes the associations given with a create (`associations:[{to:{id}, types:[…]}]`). */
export function createAssociations(context: HubSpotContext, type: ResolvedObjectType, fromId: number, associations: AssociationInput[] | undefined): void {
  for (const association of associations ?? []) {
    for (const associationType of association.types) {
      const definition = findAssociationDefinition(context.store, context.portalId, type.objectTypeId, associationType.associationCategory, associationType.associationTypeId);
      const toId = Number(association.to.id);
      if (!Number.isInteger(toId) || !context.store.getRecord(context.portalId, definition.toType, toId)) {
        throw validationError(`Association to object ${association.to.id} of type ${definition.toType} is not valid: the object does not exist`);
      }
      context.store.associate(context.portalId, type.objectTypeId, fromId, definition.toType, toId, definition);
    }
  }
}

/** `associations=contacts,companies` on a GET: ids of associated records by type name. */
function associationsForRead(context: HubSpotContext, type: ResolvedObjectType, id: number, toTypes: string[]): Record<string, unknown> | undefined {
  if (toTypes.length === 0) return undefined;
  const result: Record<string, unknown> = {};
  const definitions = context.store.associationDefinitions(context.portalId);
  for (const toTypeText of toTypes) {
    const toType = resolveObjectType(context.store, context.portalId, toTypeText);
    const rows = context.store.associationsOf(context.portalId, type.objectTypeId, id, toType.objectTypeId, 0, 500);
    if (rows.length === 0) continue;
    result[toTypeText] = {
      results: rows.map((row) => ({
        id: String(row.toId),
        type: definitions.find((definition) => definition.fromType === type.objectTypeId && definition.typeId === row.typeId)?.name ?? String(row.typeId),
      })),
    };
  }
  return result;
}

/** `GET/POST/PATCH/DELETE /crm/v3/objects/{objectType}[/{objectId}]` (contract §b.2). */
export function registerObjectRoutes(router: Router<HubSpotContext>): void {
  router.add('GET', '/crm/v3/objects/:objectType', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'read'));
    const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 10) || 10));
    const after = request.query.get('after');
    const afterId = after ? Number(after) : 0;
    if (!Number.isInteger(afterId) || afterId < 0) throw validationError(`after: "${after}" is not a valid paging cursor`);
    const archived = request.query.get('archived') === 'true';
    const records = context.store.listRecords(context.portalId, type.objectTypeId, archived, afterId, limit + 1);
    const page = records.slice(0, limit);
    const options = { properties: listParameter(request.query, 'properties'), propertiesWithHistory: listParameter(request.query, 'propertiesWithHistory') };
    const toTypes = listParameter(request.query, 'associations');
    const body: Record<string, unknown> = {
      results: page.map((record) => {
        const serialized = serializeRecord(type, record, options);
        const associations = associationsForRead(context, type, record.id, toTypes);
        return associations ? { ...serialized, associations } : serialized;
      }),
    };
    if (records.length > limit) {
      const next = String(page[page.length - 1].id);
      body.paging = { next: { after: next, link: `${request.origin}${request.path}?limit=${limit}&after=${next}` } };
    }
    return json(200, body);
  });

  router.add('POST', '/crm/v3/objects/:objectType', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const parsed = createInputSchema.safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const properties = validateProperties(context.store, context.portalId, type, parsed.data.properties);
    const record = context.store.database.transaction(() => {
      const created = createRecord(context.store, context.portalId, type, properties, context.now());
      createAssociations(context, type, created.id, parsed.data.associations);
      return created;
    })();
    return json(201, serializeRecord(type, record, { properties: Object.keys(parsed.data.properties) }));
  });

  // Merge: the primary keeps its values and takes the merged record's values for properties it lacks
  // and all of its associations; the merged record is archived (HubSpot's documented merge outcome).
  router.add('POST', '/crm/v3/objects/:objectType/merge', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const parsed = z.object({ primaryObjectId: z.union([z.string(), z.number()]).transform(String), objectIdToMerge: z.union([z.string(), z.number()]).transform(String) }).safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const primary = findRecord(context.store, context.portalId, type, parsed.data.primaryObjectId, undefined);
    const merged = findRecord(context.store, context.portalId, type, parsed.data.objectIdToMerge, undefined);
    if (!primary || primary.archived || !merged || merged.archived) throw notFound('Object not found.', { context: { id: [!primary || primary.archived ? parsed.data.primaryObjectId : parsed.data.objectIdToMerge] } });
    if (primary.id === merged.id) throw validationError('An object cannot be merged with itself');
    const result = context.store.database.transaction(() => {
      const filled: Record<string, string | null> = {};
      const definitions = context.store.properties(context.portalId, type.objectTypeId);
      for (const [name, value] of Object.entries(merged.properties)) {
        const definition = definitions.get(name);
        if (!definition || definition.modificationMetadata.readOnlyValue || definition.hasUniqueValue || name === type.createdateProperty) continue;
        if ((primary.properties[name] ?? '') === '' && value !== null && value !== '') filled[name] = value;
      }
      const associations = context.store.allAssociationsOf(context.portalId, type.objectTypeId, merged.id);
      const byType = context.store.associationDefinitions(context.portalId);
      archiveRecord(context.store, context.portalId, type, merged, context.now());
      context.store.purgeRecord(context.portalId, type.objectTypeId, merged.id);
      for (const association of associations) {
        const definition = byType.find((candidate) => candidate.fromType === type.objectTypeId && candidate.typeId === association.typeId && candidate.category === association.category);
        if (definition) context.store.associate(context.portalId, type.objectTypeId, primary.id, association.toType, association.toId, definition);
      }
      return updateRecord(context.store, context.portalId, type, primary, filled, context.now());
    })();
    return json(200, serializeRecord(type, result));
  });

  // GDPR delete: the record, its unique values and its associations are removed for good (204).
  router.add('POST', '/crm/v3/objects/:objectType/gdpr-delete', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const parsed = z.object({ objectId: z.union([z.string(), z.number()]).transform(String), idProperty: z.string().optional() }).safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const record = findRecord(context.store, context.portalId, type, parsed.data.objectId, parsed.data.idProperty);
    if (!record) throw notFound('Object not found.', { context: { id: [parsed.data.objectId] } });
    context.store.database.transaction(() => {
      if (!record.archived) archiveRecord(context.store, context.portalId, type, record, context.now());
      context.store.purgeRecord(context.portalId, type.objectTypeId, record.id);
    })();
    return noContent();
  });

  router.add('GET', '/crm/v3/objects/:objectType/:objectId', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'read'));
    const record = findRecord(context.store, context.portalId, type, request.params.objectId, request.query.get('idProperty'));
    const archived = request.query.get('archived') === 'true';
    if (!record || record.archived !== archived) throw notFound('Object not found.  objectId are usually numeric.', { context: { id: [request.params.objectId] } });
    const serialized = serializeRecord(type, record, { properties: listParameter(request.query, 'properties'), propertiesWithHistory: listParameter(request.query, 'propertiesWithHistory') });
    const associations = associationsForRead(context, type, record.id, listParameter(request.query, 'associations'));
    return json(200, associations ? { ...serialized, associations } : serialized);
  });

  router.add('PATCH', '/crm/v3/objects/:objectType/:objectId', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const parsed = updateInputSchema.safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const record = findRecord(context.store, context.portalId, type, request.params.objectId, request.query.get('idProperty'));
    if (!record || record.archived) throw notFound('Object not found.  objectId are usually numeric.', { context: { id: [request.params.objectId] } });
    const properties = validateProperties(context.store, context.portalId, type, parsed.data.properties);
    const updated = context.store.database.transaction(() => updateRecord(context.store, context.portalId, type, record, properties, context.now()))();
    return json(200, serializeRecord(type, updated, { properties: Object.keys(parsed.data.properties) }));
  });

  router.add('DELETE', '/crm/v3/objects/:objectType/:objectId', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const record = findRecord(context.store, context.portalId, type, request.params.objectId, undefined);
    if (record && !record.archived) archiveRecord(context.store, context.portalId, type, record, context.now());
    return noContent();
  });
}
