import { z } from 'zod';
import { ApiError, json } from '../../http/reply';
import type { Router } from '../../http/router';
import { parseJson, SaveFailure, type SaveError } from '../errors';
import { normaliseId } from '../ids';
import type { SObjectDefinition } from '../metadata/describe';
import { readInput } from '../recordWriter';
import type { SalesforceContext } from '../salesforceContext';
import { recordJson } from '../serialize';
import type { FieldValue } from '../sfStore';

/** "The list can contain up to 200 objects" (contract §d.2). */
export const COLLECTION_LIMIT = 200;

interface SaveResult {
  id: string | null;
  success: boolean;
  errors: SaveError[];
  created?: boolean;
}

const recordsBody = z.object({ allOrNone: z.boolean().default(false), records: z.array(z.record(z.string(), z.unknown())) });

class RollBack extends Error {}

function tooMany(count: number): ApiError {
  return new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call (got ${count})`);
}

function parseRecords(rawBody: string): z.infer<typeof recordsBody> {
  const parsed = recordsBody.safeParse(parseJson(rawBody));
  if (!parsed.success) throw new ApiError(400, 'JSON_PARSER_ERROR', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  if (parsed.data.records.length > COLLECTION_LIMIT) throw tooMany(parsed.data.records.length);
  return parsed.data;
}

function recordType(context: SalesforceContext, record: Record<string, unknown>, fallback?: SObjectDefinition): SObjectDefinition {
  const type = (record.attributes as { type?: string } | undefined)?.type;
  if (!type) {
    if (fallback) return fallback;
    throw new SaveFailure([{ statusCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.', fields: [] }]);
  }
  const object = context.registry.find(type);
  if (!object) throw new SaveFailure([{ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported.`, fields: [] }]);
  return object;
}

/**
 * Runs every record's write in one transaction. The writer checks a record completely before it
 * writes anything, so a failing record leaves nothing behind and needs no savepoint of its own.
 * With allOrNone, any failure rolls back every record and the successful ones report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK (Salesforce's behaviour).
 */
function saveAll(context: SalesforceContext, allOrNone: boolean, count: number, write: (index: number) => SaveResult): SaveResult[] {
  const database = context.store.database;
  const results: SaveResult[] = new Array(count);
  const run = (): void => {
    for (let index = 0; index < count; index++) {
      try {
        if (context.faults.failRecord()) throw new SaveFailure([{ statusCode: 'UNKNOWN_EXCEPTION', message: `Injected sandbox failure for record ${index}`, fields: [] }]);
        results[index] = write(index);
      } catch (error) {
        if (!(error instanceof SaveFailure)) throw error;
        results[index] = { id: null, success: false, errors: error.errors };
      }
    }
    if (allOrNone && results.some((result) => !result.success)) throw new RollBack();
  };
  try {
    database.transaction(run)();
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return results.map((result) =>
      result.success
        ? { id: null, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] }
        : result,
    );
  }
  return results;
}

function writableCheck(object: SObjectDefinition, allowed: boolean): void {
  if (!allowed) throw new SaveFailure([{ statusCode: 'INVALID_TYPE', message: `${object.name} is read-only over the API`, fields: [] }]);
}

/** sObject Collections: create, update, upsert, delete and retrieve up to 200 records per call. */
export function registerCollectionRoutes(router: Router<SalesforceContext>): void {
  router.add('POST', '/composite/sobjects', (request, context) => {
    const body = parseRecords(request.rawBody);
    return json(200, saveAll(context, body.allOrNone, body.records.length, (index) => {
      const record = body.records[index];
      const object = recordType(context, record);
      writableCheck(object, object.createable);
      if (record.id !== undefined || record.Id !== undefined) throw new SaveFailure([{ statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] }]);
      const created = context.writer.create(context.org, object, readInput(object, record, 'create'), context.now());
      return { id: created.id, success: true, errors: [] };
    }));
  });

  router.add('PATCH', '/composite/sobjects', (request, context) => {
    const body = parseRecords(request.rawBody);
    return json(200, saveAll(context, body.allOrNone, body.records.length, (index) => {
      const record = body.records[index];
      const object = recordType(context, record);
      writableCheck(object, object.updateable);
      const id = String(record.id ?? record.Id ?? '');
      const existing = context.writer.find(context.org, object, id);
      if (!existing) throw new SaveFailure([{ statusCode: normaliseId(id) ? 'ENTITY_IS_DELETED' : 'MALFORMED_ID', message: normaliseId(id) ? 'entity is deleted' : `invalid record id: ${id}`, fields: [] }]);
      context.writer.update(context.org, object, existing, readInput(object, record, 'update', ['id', 'Id']), context.now());
      return { id: existing.id, success: true, errors: [] };
    }));
  });

  router.add('DELETE', '/composite/sobjects', (request, context) => {
    const ids = (request.query.get('ids') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
    if (ids.length > COLLECTION_LIMIT) throw tooMany(ids.length);
    const allOrNone = request.query.get('allOrNone') === 'true';
    return json(200, saveAll(context, allOrNone, ids.length, (index) => {
      const id = normaliseId(ids[index]);
      const existing = id ? context.store.get(context.org.orgId, id) : undefined;
      if (!existing || existing.isDeleted) throw new SaveFailure([{ statusCode: existing ? 'ENTITY_IS_DELETED' : 'INVALID_CROSS_REFERENCE_KEY', message: existing ? 'entity is deleted' : 'invalid cross reference id', fields: [] }]);
      const object = context.registry.get(existing.sobject);
      writableCheck(object, object.deletable);
      context.writer.delete(context.org, object, existing);
      return { id: existing.id, success: true, errors: [] };
    }));
  });

  const retrieve = (context: SalesforceContext, typeName: string, ids: string[], fieldNames: string[]) => {
    const object = context.registry.get(typeName);
    if (ids.length > 2000) throw new ApiError(400, 'EXCEEDED_ID_LIMIT', 'Cannot retrieve more than 2000 records in one call');
    if (fieldNames.length === 0) throw new ApiError(400, 'MALFORMED_QUERY', 'fields: at least one field is required');
    for (const name of fieldNames) if (!object.fieldsByLowerName.has(name.toLowerCase())) throw new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
    return json(200, ids.map((id) => {
      const record = context.writer.find(context.org, object, id);
      return record ? recordJson(object, record, context.version, fieldNames) : null;
    }));
  };
  router.add('GET', '/composite/sobjects/:type', (request, context) =>
    retrieve(context, request.params.type, (request.query.get('ids') ?? '').split(',').filter(Boolean), (request.query.get('fields') ?? '').split(',').filter(Boolean)));
  router.add('POST', '/composite/sobjects/:type', (request, context) => {
    const parsed = z.object({ ids: z.array(z.string()), fields: z.array(z.string()) }).safeParse(parseJson(request.rawBody));
    if (!parsed.success) throw new ApiError(400, 'JSON_PARSER_ERROR', 'expected {ids: string[], fields: string[]}');
    return retrieve(context, request.params.type, parsed.data.ids, parsed.data.fields);
  });

  router.add('PATCH', '/composite/sobjects/:type/:field', (request, context) => {
    const object = context.registry.get(request.params.type);
    const definition = object.fieldsByLowerName.get(request.params.field.toLowerCase());
    if (!definition || (!definition.externalId && definition.name !== 'Id')) throw new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${request.params.field}`);
    const body = parseRecords(request.rawBody);
    return json(200, saveAll(context, body.allOrNone, body.records.length, (index) => {
      const record = body.records[index];
      recordType(context, record, object);
      const key = Object.keys(record).find((name) => name.toLowerCase() === definition.name.toLowerCase());
      const value = key === undefined ? undefined : (record[key] as FieldValue);
      if (value === undefined || value === null || value === '') throw new SaveFailure([{ statusCode: 'MISSING_ARGUMENT', message: `${definition.name} not specified`, fields: [definition.name] }]);
      const matches = context.writer.findByExternalId(context.org, object, definition, String(value));
      if (matches.length > 1) throw new SaveFailure([{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${definition.name}: more than one record found for external id field: [${matches.map((match) => match.id).join(', ')}]`, fields: [definition.name] }]);
      if (matches.length === 1) {
        writableCheck(object, object.updateable);
        context.writer.update(context.org, object, matches[0], readInput(object, record, 'update', [definition.name]), context.now());
        return { id: matches[0].id, success: true, errors: [], created: false };
      }
      writableCheck(object, object.createable);
      const created = context.writer.create(context.org, object, readInput(object, record, 'create'), context.now());
      return { id: created.id, success: true, errors: [], created: true };
    }));
  });
}
