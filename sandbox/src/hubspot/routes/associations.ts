import { z } from 'zod';
import { json, noContent } from '../../http/reply';
import type { Router } from '../../http/router';
import { associationTypeJson, defaultAssociationDefinition, findAssociationDefinition } from '../associationDefinitions';
import { notFound, parseJsonBody, validationError, zodValidationError } from '../errors';
import { requireScope, type HubSpotContext } from '../hubspotContext';
import type { AssociationDefinition } from '../hubspotStore';
import { resolveObjectType, type ResolvedObjectType } from '../objectTypes';
import { batchReply, HUBSPOT_BATCH_LIMIT } from './batch';
import { objectScope } from './objects';

/** Associations v4 GET pages hold at most 500 associated records (contract §b.5). */
export const ASSOCIATION_PAGE_LIMIT = 500;

const typeSpecSchema = z.object({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']), associationTypeId: z.number().int() });
const idRef = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
const batchCreateSchema = z.object({ inputs: z.array(z.object({ from: idRef, to: idRef, types: z.array(typeSpecSchema).min(1) })) });
const batchDefaultSchema = z.object({ inputs: z.array(z.object({ from: idRef, to: idRef })) });
const batchReadSchema = z.object({ inputs: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), after: z.string().optional() })) });
const batchArchiveSchema = z.object({ inputs: z.array(z.object({ from: idRef, to: z.array(idRef) })) });
const batchLabelArchiveSchema = z.object({ inputs: z.array(z.object({ from: idRef, to: idRef, types: z.array(typeSpecSchema).min(1) })) });
const labelSchema = z.object({ label: z.string().min(1), name: z.string().min(1), inverseLabel: z.string().optional() });
const labelUpdateSchema = z.object({ associationTypeId: z.number().int(), label: z.string().min(1), inverseLabel: z.string().optional() });

function recordId(context: HubSpotContext, type: ResolvedObjectType, text: string): number {
  const id = Number(text);
  const record = Number.isInteger(id) ? context.store.getRecord(context.portalId, type.objectTypeId, id) : undefined;
  if (!record || record.archived) throw notFound(`No ${type.messageName} with ID ${text} exists`, { context: { id: [text] } });
  return id;
}

/** The two object types an association route names, once the caller's scope on the first is checked. */
function scopedTypes(context: HubSpotContext, fromName: string, toName: string, access: 'read' | 'write'): { fromType: ResolvedObjectType; toType: ResolvedObjectType } {
  const fromType = resolveObjectType(context.store, context.portalId, fromName);
  const toType = resolveObjectType(context.store, context.portalId, toName);
  requireScope(context, objectScope(fromType, access));
  return { fromType, toType };
}

function parse<T>(schema: z.ZodType<T>, rawBody: string): T {
  const parsed = schema.safeParse(parseJsonBody(rawBody));
  if (!parsed.success) throw zodValidationError(parsed.error.issues);
  return parsed.data;
}

function checkBatchSize(inputs: unknown[]): void {
  if (inputs.length > HUBSPOT_BATCH_LIMIT * 10) throw validationError(`Too many inputs: ${inputs.length}. Association batch endpoints accept at most ${HUBSPOT_BATCH_LIMIT * 10} inputs`);
}

/** Associated records of one record, grouped per target with all their association types. */
function associationPage(context: HubSpotContext, fromType: ResolvedObjectType, fromId: number, toType: ResolvedObjectType, afterId: number, limit: number) {
  const definitions = context.store.associationDefinitions(context.portalId);
  const rows = context.store.associationsOf(context.portalId, fromType.objectTypeId, fromId, toType.objectTypeId, afterId, limit * 20 + 20);
  const byTarget = new Map<number, Array<{ category: string; typeId: number; label: string | null }>>();
  for (const row of rows) {
    const definition = definitions.find((candidate) => candidate.fromType === fromType.objectTypeId && candidate.typeId === row.typeId);
    const types = byTarget.get(row.toId) ?? [];
    types.push({ category: row.category, typeId: row.typeId, label: definition?.label ?? null });
    byTarget.set(row.toId, types);
  }
  const targets = [...byTarget.entries()];
  const complete = rows.length < limit * 20 + 20;
  const page = targets.slice(0, limit);
  const more = targets.length > limit || (!complete && page.length === limit);
  return { results: page.map(([toObjectId, associationTypes]) => ({ toObjectId, associationTypes })), nextAfter: more ? String(page[page.length - 1][0]) : undefined };
}

/** Associations v4: single, batch, default and labels (contract §b.2). */
export function registerAssociationRoutes(router: Router<HubSpotContext>): void {
  router.add('GET', '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.objectType, request.params.toObjectType, 'read');
    const fromId = recordId(context, fromType, request.params.objectId);
    const limit = Math.min(ASSOCIATION_PAGE_LIMIT, Math.max(1, Number(request.query.get('limit') ?? ASSOCIATION_PAGE_LIMIT) || ASSOCIATION_PAGE_LIMIT));
    const afterId = Number(request.query.get('after') ?? 0) || 0;
    const page = associationPage(context, fromType, fromId, toType, afterId, limit);
    const body: Record<string, unknown> = { results: page.results };
    if (page.nextAfter) body.paging = { next: { after: page.nextAfter, link: `${request.origin}${request.path}?after=${page.nextAfter}` } };
    return json(200, body);
  });

  router.add('PUT', '/crm/v4/objects/:objectType/:objectId/associations/default/:toObjectType/:toObjectId', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.objectType, request.params.toObjectType, 'write');
    const fromId = recordId(context, fromType, request.params.objectId);
    const toId = recordId(context, toType, request.params.toObjectId);
    const definition = defaultAssociationDefinition(context.store, context.portalId, fromType.objectTypeId, toType.objectTypeId);
    context.store.associate(context.portalId, fromType.objectTypeId, fromId, toType.objectTypeId, toId, definition);
    const now = new Date().toISOString();
    return json(200, {
      status: 'COMPLETE', startedAt: now, completedAt: now,
      results: [{ from: { id: String(fromId) }, to: { id: String(toId) }, associationSpec: { associationCategory: definition.category, associationTypeId: definition.typeId } }],
    });
  });

  router.add('PUT', '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.objectType, request.params.toObjectType, 'write');
    const specs = parse(z.array(typeSpecSchema).min(1), request.rawBody);
    const fromId = recordId(context, fromType, request.params.objectId);
    const toId = recordId(context, toType, request.params.toObjectId);
    const definitions: AssociationDefinition[] = specs.map((spec) => findAssociationDefinition(context.store, context.portalId, fromType.objectTypeId, spec.associationCategory, spec.associationTypeId));
    for (const definition of definitions) context.store.associate(context.portalId, fromType.objectTypeId, fromId, toType.objectTypeId, toId, definition);
    return json(201, {
      fromObjectTypeId: fromType.objectTypeId, fromObjectId: fromId, toObjectTypeId: toType.objectTypeId, toObjectId: toId,
      labels: definitions.map((definition) => definition.label).filter((label): label is string => label !== null),
    });
  });

  router.add('DELETE', '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType/:toObjectId', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.objectType, request.params.toObjectType, 'write');
    context.store.dissociate(context.portalId, fromType.objectTypeId, Number(request.params.objectId), toType.objectTypeId, Number(request.params.toObjectId));
    return noContent();
  });

  router.add('POST', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/create', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.fromObjectType, request.params.toObjectType, 'write');
    const batch = parse(batchCreateSchema, request.rawBody);
    checkBatchSize(batch.inputs);
    const startedAt = new Date().toISOString();
    const results: unknown[] = [];
    const errors: Array<Record<string, unknown>> = [];
    context.store.database.transaction(() => {
      for (const input of batch.inputs) {
        const fromId = Number(input.from.id);
        const toId = Number(input.to.id);
        const fromExists = Number.isInteger(fromId) && context.store.getRecord(context.portalId, fromType.objectTypeId, fromId)?.archived === false;
        const toExists = Number.isInteger(toId) && context.store.getRecord(context.portalId, toType.objectTypeId, toId)?.archived === false;
        if (!fromExists || !toExists || context.faults.failRecord()) {
          errors.push({
            status: 'error', category: 'VALIDATION_ERROR', subCategory: 'crm.associations.INVALID_OBJECT_IDS',
            message: `${fromExists ? toType.messageName : fromType.messageName}=${fromExists ? input.to.id : input.from.id} is not valid`,
            context: { fromObjectId: [input.from.id], toObjectId: [input.to.id] }, errors: [], links: {},
          });
          continue;
        }
        const definitions = input.types.map((spec) => findAssociationDefinition(context.store, context.portalId, fromType.objectTypeId, spec.associationCategory, spec.associationTypeId));
        for (const definition of definitions) context.store.associate(context.portalId, fromType.objectTypeId, fromId, toType.objectTypeId, toId, definition);
        results.push({
          fromObjectTypeId: fromType.objectTypeId, fromObjectId: fromId, toObjectTypeId: toType.objectTypeId, toObjectId: toId,
          labels: definitions.map((definition) => definition.label).filter((label): label is string => label !== null),
        });
      }
    })();
    return batchReply(201, results, errors, startedAt);
  });

  router.add('POST', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.fromObjectType, request.params.toObjectType, 'write');
    const batch = parse(batchDefaultSchema, request.rawBody);
    checkBatchSize(batch.inputs);
    const definition = defaultAssociationDefinition(context.store, context.portalId, fromType.objectTypeId, toType.objectTypeId);
    const startedAt = new Date().toISOString();
    const results: unknown[] = [];
    const errors: Array<Record<string, unknown>> = [];
    context.store.database.transaction(() => {
      for (const input of batch.inputs) {
        const fromId = Number(input.from.id);
        const toId = Number(input.to.id);
        if (!context.store.getRecord(context.portalId, fromType.objectTypeId, fromId) || !context.store.getRecord(context.portalId, toType.objectTypeId, toId)) {
          errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: `${fromType.messageName}=${input.from.id} or ${toType.messageName}=${input.to.id} is not valid`, context: {}, errors: [], links: {} });
          continue;
        }
        context.store.associate(context.portalId, fromType.objectTypeId, fromId, toType.objectTypeId, toId, definition);
        results.push({ from: { id: String(fromId) }, to: { id: String(toId) }, associationSpec: { associationCategory: definition.category, associationTypeId: definition.typeId } });
      }
    })();
    return batchReply(200, results, errors, startedAt);
  });

  router.add('POST', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.fromObjectType, request.params.toObjectType, 'read');
    const batch = parse(batchReadSchema, request.rawBody);
    checkBatchSize(batch.inputs);
    const startedAt = new Date().toISOString();
    const results: unknown[] = [];
    const errors: Array<Record<string, unknown>> = [];
    for (const input of batch.inputs) {
      const fromId = Number(input.id);
      if (!Number.isInteger(fromId) || !context.store.getRecord(context.portalId, fromType.objectTypeId, fromId)) {
        errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${fromType.messageName} with ID ${input.id} exists`, context: { id: [input.id] }, errors: [], links: {} });
        continue;
      }
      const page = associationPage(context, fromType, fromId, toType, Number(input.after ?? 0) || 0, ASSOCIATION_PAGE_LIMIT);
      if (page.results.length === 0) {
        errors.push({ status: 'error', category: 'VALIDATION_ERROR', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', message: `No ${toType.messageName} is associated with ${fromType.messageName} ${input.id}.`, context: { fromObjectId: [input.id] }, errors: [], links: {} });
        continue;
      }
      const result: Record<string, unknown> = { from: { id: String(fromId) }, to: page.results };
      if (page.nextAfter) result.paging = { next: { after: page.nextAfter } };
      results.push(result);
    }
    return batchReply(200, results, errors, startedAt);
  });

  router.add('POST', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/archive', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.fromObjectType, request.params.toObjectType, 'write');
    const batch = parse(batchArchiveSchema, request.rawBody);
    context.store.database.transaction(() => {
      for (const input of batch.inputs) for (const to of input.to) context.store.dissociate(context.portalId, fromType.objectTypeId, Number(input.from.id), toType.objectTypeId, Number(to.id));
    })();
    return noContent();
  });

  router.add('POST', '/crm/v4/associations/:fromObjectType/:toObjectType/batch/labels/archive', (request, context) => {
    const { fromType, toType } = scopedTypes(context, request.params.fromObjectType, request.params.toObjectType, 'write');
    const batch = parse(batchLabelArchiveSchema, request.rawBody);
    context.store.database.transaction(() => {
      for (const input of batch.inputs) {
        for (const spec of input.types) {
          const definition = findAssociationDefinition(context.store, context.portalId, fromType.objectTypeId, spec.associationCategory, spec.associationTypeId);
          context.store.dissociate(context.portalId, fromType.objectTypeId, Number(input.from.id), toType.objectTypeId, Number(input.to.id), definition);
        }
      }
    })();
    return noContent();
  });

  const labelsPath = '/crm/v4/associations/:fromObjectType/:toObjectType/labels';
  router.add('GET', labelsPath, (request, context) => {
    const fromType = resolveObjectType(context.store, context.portalId, request.params.fromObjectType);
    const toType = resolveObjectType(context.store, context.portalId, request.params.toObjectType);
    const results = context.store.associationDefinitions(context.portalId).filter((definition) => definition.fromType === fromType.objectTypeId && definition.toType === toType.objectTypeId).map(associationTypeJson);
    return json(200, { results });
  });
  router.add('POST', labelsPath, (request, context) => {
    const fromType = resolveObjectType(context.store, context.portalId, request.params.fromObjectType);
    const toType = resolveObjectType(context.store, context.portalId, request.params.toObjectType);
    const label = parse(labelSchema, request.rawBody);
    const typeId = context.store.counters.next(`hs:${context.portalId}:associationTypes`, 100);
    const inverseTypeId = context.store.counters.next(`hs:${context.portalId}:associationTypes`, 100);
    const forward: AssociationDefinition = { fromType: fromType.objectTypeId, toType: toType.objectTypeId, typeId, inverseTypeId, category: 'USER_DEFINED', label: label.label, name: label.name };
    context.store.putAssociationDefinition(context.portalId, forward);
    context.store.putAssociationDefinition(context.portalId, { fromType: toType.objectTypeId, toType: fromType.objectTypeId, typeId: inverseTypeId, inverseTypeId: typeId, category: 'USER_DEFINED', label: label.inverseLabel ?? label.label, name: `${label.name}_inverse` });
    return json(200, { results: [associationTypeJson(forward), { category: 'USER_DEFINED', typeId: inverseTypeId, label: label.inverseLabel ?? label.label }] });
  });
  router.add('PUT', labelsPath, (request, context) => {
    const fromType = resolveObjectType(context.store, context.portalId, request.params.fromObjectType);
    const update = parse(labelUpdateSchema, request.rawBody);
    const definition = context.store.associationDefinitions(context.portalId).find((candidate) => candidate.fromType === fromType.objectTypeId && candidate.typeId === update.associationTypeId && candidate.category === 'USER_DEFINED');
    if (!definition) throw notFound(`No USER_DEFINED association label ${update.associationTypeId}`);
    context.store.putAssociationDefinition(context.portalId, { ...definition, label: update.label });
    return noContent();
  });
  router.add('DELETE', `${labelsPath}/:associationTypeId`, (request, context) => {
    const fromType = resolveObjectType(context.store, context.portalId, request.params.fromObjectType);
    const typeId = Number(request.params.associationTypeId);
    const definition = context.store.associationDefinitions(context.portalId).find((candidate) => candidate.fromType === fromType.objectTypeId && candidate.typeId === typeId && candidate.category === 'USER_DEFINED');
    if (!definition) throw notFound(`No USER_DEFINED association label ${typeId}`);
    context.store.deleteAssociationDefinition(context.portalId, definition.fromType, definition.typeId);
    context.store.deleteAssociationDefinition(context.portalId, definition.toType, definition.inverseTypeId);
    return noContent();
  });
}
