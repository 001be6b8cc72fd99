import { z } from 'zod';
import { json, noContent } from '../../http/reply';
import type { Router } from '../../http/router';
import { hubspotErrorBody, parseJsonBody, validationError, zodValidationError } from '../errors';
import { requireScope, type HubSpotContext } from '../hubspotContext';
import type { StoredRecord } from '../hubspotStore';
import { resolveObjectType, type ResolvedObjectType } from '../objectTypes';
import { archiveRecord, createRecord, findRecord, serializeRecord, updateRecord, validateProperties } from '../records';
import { createAssociations, createInputSchema, objectScope } from './objects';

/** "Object API batch endpoints are limited to 100 inputs per request" (contract §b.6). */
export const HUBSPOT_BATCH_LIMIT = 100;

const id = z.union([z.string(), z.number()]).transform(String);
const readSchema = z.object({ inputs: z.array(z.object({ id })), properties: z.array(z.string()).optional(), propertiesWithHistory: z.array(z.string()).optional(), idProperty: z.string().optional() });
const updateSchema = z.object({ inputs: z.array(z.object({ id, idProperty: z.string().optional(), properties: z.record(z.string(), z.unknown()), objectWriteTraceId: z.string().optional() })) });
const createSchema = z.object({ inputs: z.array(createInputSchema) });
const archiveSchema = z.object({ inputs: z.array(z.object({ id })) });

function parseBatch<T extends { inputs: unknown[] }>(schema: z.ZodType<T>, rawBody: string): T {
  const parsed = schema.safeParse(parseJsonBody(rawBody));
  if (!parsed.success) throw zodValidationError(parsed.error.issues);
  if (parsed.data.inputs.length > HUBSPOT_BATCH_LIMIT) {
    throw validationError(`Too many inputs: ${parsed.data.inputs.length}. Batch endpoints accept at most ${HUBSPOT_BATCH_LIMIT} inputs per request.`, {
      context: { maxInputs: [String(HUBSPOT_BATCH_LIMIT)] },
    });
  }
  return parsed.data;
}

function duplicateIdCheck(inputs: Array<{ id: string }>): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.id)) duplicates.add(input.id);
    seen.add(input.id);
  }
  if (duplicates.size > 0) throw validationError(`Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`);
}

type BatchError = Record<string, unknown>;

/** 200/201 when every input succeeded, 207 Multi-Status with `errors`/`numErrors` otherwise (contract §b.1). */
export function batchReply(successStatus: number, results: unknown[], errors: BatchError[], startedAt: string): ReturnType<typeof json> {
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (errors.length === 0) return json(successStatus, body);
  return json(207, { ...body, numErrors: errors.length, errors });
}

function injectedFailure(inputId: string | number): BatchError {
  const body = hubspotErrorBody('VALIDATION_ERROR', `Injected sandbox failure for input ${inputId}`, { subCategory: 'SANDBOX.INJECTED_PARTIAL_FAILURE', context: { ids: [String(inputId)] }, errors: [], links: {} });
  delete body.correlationId;
  return body;
}

function notFoundError(type: ResolvedObjectType, verb: string, ids: string[]): BatchError {
  return { status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not ${verb} some ${type.messageName} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids }, errors: [], links: {} };
}

/** Batch create/read/update/upsert/archive under `/crm/v3/objects/{objectType}/batch/*`. */
export function registerBatchRoutes(router: Router<HubSpotContext>): void {
  router.add('POST', '/crm/v3/objects/:objectType/batch/create', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const batch = parseBatch(createSchema, request.rawBody);
    const startedAt = new Date().toISOString();
    const validated = batch.inputs.map((input) => validateProperties(context.store, context.portalId, type, input.properties));
    const errors: BatchError[] = [];
    const results = context.store.database.transaction(() => {
      const created: unknown[] = [];
      batch.inputs.forEach((input, index) => {
        if (context.faults.failRecord()) {
          errors.push(injectedFailure(index));
          return;
        }
        const record = createRecord(context.store, context.portalId, type, validated[index], context.now());
        createAssociations(context, type, record.id, input.associations);
        const serialized = serializeRecord(type, record, { properties: Object.keys(input.properties) });
        created.push(input.objectWriteTraceId ? { ...serialized, objectWriteTraceId: input.objectWriteTraceId } : serialized);
      });
      return created;
    })();
    return batchReply(201, results, errors, startedAt);
  });

  router.add('POST', '/crm/v3/objects/:objectType/batch/read', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'read'));
    const batch = parseBatch(readSchema, request.rawBody);
    const archived = request.query.get('archived') === 'true';
    const startedAt = new Date().toISOString();
    const results: unknown[] = [];
    const missing: string[] = [];
    const errors: BatchError[] = [];
    for (const input of batch.inputs) {
      if (context.faults.failRecord()) {
        errors.push(injectedFailure(input.id));
        continue;
      }
      const record = findRecord(context.store, context.portalId, type, input.id, batch.idProperty);
      if (!record || record.archived !== archived) missing.push(input.id);
      else results.push(serializeRecord(type, record, { properties: batch.properties, propertiesWithHistory: batch.propertiesWithHistory }));
    }
    if (missing.length > 0) errors.push(notFoundError(type, 'get', missing));
    return batchReply(200, results, errors, startedAt);
  });

  router.add('POST', '/crm/v3/objects/:objectType/batch/update', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const batch = parseBatch(updateSchema, request.rawBody);
    duplicateIdCheck(batch.inputs);
    const startedAt = new Date().toISOString();
    const validated = batch.inputs.map((input) => validateProperties(context.store, context.portalId, type, input.properties));
    const missing: string[] = [];
    const errors: BatchError[] = [];
    const results = context.store.database.transaction(() => {
      const updated: unknown[] = [];
      batch.inputs.forEach((input, index) => {
        if (context.faults.failRecord()) {
          errors.push(injectedFailure(input.id));
          return;
        }
        const record = findRecord(context.store, context.portalId, type, input.id, input.idProperty);
        if (!record || record.archived) {
          missing.push(input.id);
          return;
        }
        const result = updateRecord(context.store, context.portalId, type, record, validated[index], context.now());
        updated.push(serializeRecord(type, result, { properties: Object.keys(input.properties) }));
      });
      return updated;
    })();
    if (missing.length > 0) errors.push(notFoundError(type, 'update', missing));
    return batchReply(200, results, errors, startedAt);
  });

  router.add('POST', '/crm/v3/objects/:objectType/batch/upsert', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const batch = parseBatch(updateSchema, request.rawBody);
    const defaultIdProperty = request.query.get('idProperty') ?? undefined;
    duplicateIdCheck(batch.inputs);
    const startedAt = new Date().toISOString();
    const validated = batch.inputs.map((input) => validateProperties(context.store, context.portalId, type, input.properties));
    const errors: BatchError[] = [];
    const results = context.store.database.transaction(() => {
      const upserted: unknown[] = [];
      batch.inputs.forEach((input, index) => {
        if (context.faults.failRecord()) {
          errors.push(injectedFailure(input.id));
          return;
        }
        const idProperty = input.idProperty ?? defaultIdProperty;
        const existing: StoredRecord | undefined = findRecord(context.store, context.portalId, type, input.id, idProperty);
        const names = Object.keys(input.properties);
        if (existing && !existing.archived) {
          const result = updateRecord(context.store, context.portalId, type, existing, validated[index], context.now());
          upserted.push({ ...serializeRecord(type, result, { properties: names }), new: false });
          return;
        }
        if (!idProperty || idProperty === 'hs_object_id') {
          errors.push(notFoundError(type, 'upsert', [input.id]));
          return;
        }
        const properties = { ...validated[index], ...validateProperties(context.store, context.portalId, type, { [idProperty]: input.id }) };
        const created = createRecord(context.store, context.portalId, type, properties, context.now());
        upserted.push({ ...serializeRecord(type, created, { properties: [...names, idProperty] }), new: true });
      });
      return upserted;
    })();
    return batchReply(200, results, errors, startedAt);
  });

  router.add('POST', '/crm/v3/objects/:objectType/batch/archive', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'write'));
    const batch = parseBatch(archiveSchema, request.rawBody);
    context.store.database.transaction(() => {
      for (const input of batch.inputs) {
        const record = findRecord(context.store, context.portalId, type, input.id, undefined);
        if (record && !record.archived) archiveRecord(context.store, context.portalId, type, record, context.now());
      }
    })();
    return noContent();
  });
}

