import { ApiError, json, noContent, type Reply } from '../../http/reply';
import type { Router } from '../../http/router';
import { parseJson, SaveFailure } from '../errors';
import { describeFieldJson, type SObjectDefinition } from '../metadata/describe';
import { readInput } from '../recordWriter';
import type { SalesforceContext } from '../salesforceContext';
import { recordJson } from '../serialize';

const notFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

function objectUrls(object: SObjectDefinition, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function objectSummary(object: SObjectDefinition, version: string): Record<string, unknown> {
  return {
    name: object.name, label: object.label, labelPlural: object.labelPlural, keyPrefix: object.keyPrefix, custom: object.custom,
    createable: object.createable, updateable: object.updateable, deletable: object.deletable, queryable: object.queryable,
    retrieveable: true, searchable: true, layoutable: true, urls: objectUrls(object, version),
  };
}

export function describeJson(object: SObjectDefinition, version: string): Record<string, unknown> {
  return {
    ...objectSummary(object, version),
    fields: object.fields.map(describeFieldJson),
    childRelationships: object.childRelationships.map((relationship) => ({ ...relationship, deprecatedAndHidden: false, restrictedDelete: false })),
    recordTypeInfos: [],
  };
}

function bodyObject(rawBody: string): Record<string, unknown> {
  const body = parseJson(rawBody);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

function writable(object: SObjectDefinition, action: 'create' | 'update' | 'delete'): void {
  const allowed = action === 'create' ? object.createable : action === 'update' ? object.updateable : object.deletable;
  if (!allowed) throw new ApiError(400, 'INVALID_TYPE', `Cannot ${action} records of ${object.name}: the object is read-only over the API`);
}

/** Runs a write and turns a SaveFailure into the REST error array. */
export function withSaveErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SaveFailure) throw error.toApiError();
    throw error;
  }
}

function upsertByExternalId(context: SalesforceContext, object: SObjectDefinition, fieldName: string, value: string, rawBody: string): Reply {
  const definition = object.fieldsByLowerName.get(fieldName.toLowerCase());
  if (!definition || (!definition.externalId && definition.name !== 'Id')) {
    throw new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`);
  }
  const body = bodyObject(rawBody);
  const matches = context.writer.findByExternalId(context.org, object, definition, value);
  if (matches.length > 1) {
    return json(300, matches.map((record) => `/services/data/v${context.version}/sobjects/${object.name}/${record.id}`));
  }
  if (matches.length === 1) {
    writable(object, 'update');
    const input = withSaveErrors(() => readInput(object, body, 'update', [definition.name]));
    withSaveErrors(() => context.store.database.transaction(() => context.writer.update(context.org, object, matches[0], input, context.now()))());
    return noContent();
  }
  if (definition.name === 'Id') throw notFound();
  writable(object, 'create');
  const input = withSaveErrors(() => readInput(object, { ...body, [definition.name]: value }, 'create'));
  const created = withSaveErrors(() => context.store.database.transaction(() => context.writer.create(context.org, object, input, context.now()))());
  return json(201, { id: created.id, success: true, errors: [], created: true });
}

/** sObject basic info, describe, describeGlobal, CRUD and upsert by external id (contract §d.2). */
export function registerSObjectRoutes(router: Router<SalesforceContext>): void {
  router.add('GET', '/sobjects', (_request, context) => json(200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects: context.registry.all().map((object) => objectSummary(object, context.version)) }));

  router.add('GET', '/sobjects/:type/describe', (request, context) => json(200, describeJson(context.registry.get(request.params.type), context.version)));

  router.add('GET', '/sobjects/:type', (request, context) => json(200, { objectDescribe: objectSummary(context.registry.get(request.params.type), context.version), recentItems: [] }));

  router.add('POST', '/sobjects/:type', (request, context) => {
    const object = context.registry.get(request.params.type);
    writable(object, 'create');
    const input = withSaveErrors(() => readInput(object, bodyObject(request.rawBody), 'create'));
    const record = withSaveErrors(() => context.store.database.transaction(() => context.writer.create(context.org, object, input, context.now()))());
    return json(201, { id: record.id, success: true, errors: [] });
  });

  router.add('GET', '/sobjects/:type/:id', (request, context) => {
    const object = context.registry.get(request.params.type);
    const record = context.writer.find(context.org, object, request.params.id);
    if (!record) throw notFound();
    const fields = request.query.get('fields')?.split(',').map((name) => name.trim()).filter(Boolean);
    for (const name of fields ?? []) if (!object.fieldsByLowerName.has(name.toLowerCase())) throw new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
    return json(200, recordJson(object, record, context.version, fields));
  });

  router.add('PATCH', '/sobjects/:type/:id', (request, context) => {
    const object = context.registry.get(request.params.type);
    writable(object, 'update');
    const record = context.writer.find(context.org, object, request.params.id);
    if (!record) throw notFound();
    const input = withSaveErrors(() => readInput(object, bodyObject(request.rawBody), 'update', ['Id']));
    withSaveErrors(() => context.store.database.transaction(() => context.writer.update(context.org, object, record, input, context.now()))());
    return noContent();
  });

  router.add('DELETE', '/sobjects/:type/:id', (request, context) => {
    const object = context.registry.get(request.params.type);
    writable(object, 'delete');
    const record = context.writer.find(context.org, object, request.params.id);
    if (!record) {
      const deleted = context.store.get(context.org.orgId, request.params.id);
      if (deleted?.isDeleted) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
      throw notFound();
    }
    context.store.database.transaction(() => context.writer.delete(context.org, object, record))();
    return noContent();
  });

  router.add('GET', '/sobjects/:type/:field/:value', (request, context) => {
    const object = context.registry.get(request.params.type);
    const definition = object.fieldsByLowerName.get(request.params.field.toLowerCase());
    if (!definition || (!definition.externalId && definition.name !== 'Id')) throw new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${request.params.field}`);
    const matches = context.writer.findByExternalId(context.org, object, definition, request.params.value);
    if (matches.length === 0) throw notFound();
    if (matches.length > 1) return json(300, matches.map((record) => `/services/data/v${context.version}/sobjects/${object.name}/${record.id}`));
    return json(200, recordJson(object, matches[0], context.version));
  });

  router.add('PATCH', '/sobjects/:type/:field/:value', (request, context) => {
    const object = context.registry.get(request.params.type);
    return upsertByExternalId(context, object, request.params.field, request.params.value, request.rawBody);
  });
}
