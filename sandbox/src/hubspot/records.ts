import { ApiError } from '../http/reply';
import { conflict, validationError } from './errors';
import type { HubSpotStore, PropertyDefinition, StoredRecord } from './hubspotStore';
import type { ResolvedObjectType } from './objectTypes';
import { DEFAULT_DEAL_PIPELINE } from './standardObjects';

export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

/** HubSpot reports invalid property values as one 400 listing each problem (message embeds the JSON list). */
export function propertyValidationError(problems: PropertyProblem[]): ApiError {
  const listed = problems.map((problem) => ({ isValid: false, message: problem.message, error: problem.error, name: problem.name }));
  return validationError(`Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: problems.map((problem) => ({ message: problem.message, code: problem.error, context: { propertyName: [problem.name] } })),
  });
}

const MAX_STRING_LENGTH = 65_536;

/** Normalises one property value to HubSpot's string form, or returns the problem. */
function normaliseValue(definition: PropertyDefinition, raw: unknown): { value: string | null } | PropertyProblem {
  if (raw === null || raw === undefined || raw === '') return { value: raw === '' ? '' : null };
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  if (text === undefined) return { name: definition.name, error: 'INVALID_PROPERTY_VALUE', message: `${JSON.stringify(raw)} is not a valid value for ${definition.name}` };
  switch (definition.type) {
    case 'number': {
      const number = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(number)) return { name: definition.name, error: 'INVALID_INTEGER', message: `${text} was not a valid number.` };
      return { value: text.trim() };
    }
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return { name: definition.name, error: 'INVALID_BOOLEAN', message: `${text} was not a valid boolean (true/false).` };
      return { value: lower };
    }
    case 'date':
    case 'datetime': {
      const millis = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(millis)) return { name: definition.name, error: 'INVALID_DATE', message: `${text} was not a valid date or datetime` };
      if (definition.type === 'date') {
        if (millis % 86_400_000 !== 0) return { name: definition.name, error: 'INVALID_DATE', message: `${text} is at ${new Date(millis).toISOString()}, which is not midnight UTC!` };
        return { value: new Date(millis).toISOString().slice(0, 10) };
      }
      return { value: new Date(millis).toISOString() };
    }
    case 'enumeration': {
      if (definition.options.length === 0) return { value: text };
      const allowed = new Set(definition.options.map((option) => option.value));
      const values = definition.fieldType === 'checkbox' ? text.split(';') : [text];
      const bad = values.find((value) => !allowed.has(value));
      if (bad !== undefined) {
        return { name: definition.name, error: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: [${[...allowed].join(', ')}]` };
      }
      return { value: text };
    }
    default:
      if (text.length > MAX_STRING_LENGTH) return { name: definition.name, error: 'INVALID_STRING_LENGTH', message: `${definition.name} is longer than ${MAX_STRING_LENGTH} characters` };
      return { value: text };
  }
}

/** Validates written properties against the portal's definitions; throws one 400 for all problems. */
export function validateProperties(store: HubSpotStore, portalId: number, type: ResolvedObjectType, input: Record<string, unknown>): Record<string, string | null> {
  const definitions = store.properties(portalId, type.objectTypeId);
  const problems: PropertyProblem[] = [];
  const result: Record<string, string | null> = {};
  for (const [name, raw] of Object.entries(input)) {
    const definition = definitions.get(name);
    if (!definition || definition.archived) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (definition.modificationMetadata.readOnlyValue) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `${name} is a read only property; its value cannot be set.` });
      continue;
    }
    const normalised = normaliseValue(definition, raw);
    if ('error' in normalised) problems.push(normalised);
    else result[name] = normalised.value;
  }
  if (problems.length > 0) throw propertyValidationError(problems);
  return result;
}

/** Properties HubSpot maintains itself (ids, dates, deal-stage flags). */
function applySystemProperties(type: ResolvedObjectType, record: StoredRecord): void {
  const properties = record.properties;
  properties.hs_object_id = String(record.id);
  properties[type.createdateProperty] ??= new Date(record.createdAt).toISOString();
  if (type.createdateProperty !== 'hs_createdate' && type.schema) properties.hs_createdate = properties[type.createdateProperty];
  properties[type.lastModifiedProperty] = new Date(record.updatedAt).toISOString();
  if (type.objectTypeId === '0-3') {
    properties.pipeline ??= DEFAULT_DEAL_PIPELINE.id;
    const stage = properties.dealstage;
    properties.hs_is_closed_won = String(stage === 'closedwon');
    properties.hs_is_closed = String(stage === 'closedwon' || stage === 'closedlost');
  }
}

function uniqueProperties(store: HubSpotStore, portalId: number, type: ResolvedObjectType): PropertyDefinition[] {
  return [...store.properties(portalId, type.objectTypeId).values()].filter((definition) => definition.hasUniqueValue && !definition.archived);
}

/** Fails with 409 if a unique-value property would duplicate another record's value. */
function checkUniqueValues(store: HubSpotStore, portalId: number, type: ResolvedObjectType, properties: Record<string, string | null>, selfId: number | undefined): void {
  for (const definition of uniqueProperties(store, portalId, type)) {
    const value = properties[definition.name];
    if (value === null || value === undefined || value === '') continue;
    const existing = store.findByUnique(portalId, type.objectTypeId, definition.name, uniqueKey(definition, value));
    if (existing !== undefined && existing !== selfId) {
      const message = type.objectTypeId === '0-1' && definition.name === 'email'
        ? `Contact already exists. Existing ID: ${existing}`
        : `A ${type.messageName} with ${definition.name} "${value}" already exists. Existing ID: ${existing}`;
      throw conflict(message, { context: { existingId: [String(existing)], propertyName: [definition.name] } });
    }
  }
}

/** Unique lookups of e-mail addresses are case-insensitive in HubSpot. */
export function uniqueKey(definition: Pick<PropertyDefinition, 'name'>, value: string): string {
  return definition.name === 'email' ? value.toLowerCase() : value;
}

function indexUniqueValues(store: HubSpotStore, portalId: number, type: ResolvedObjectType, before: Record<string, string | null>, after: Record<string, string | null>, id: number): void {
  for (const definition of uniqueProperties(store, portalId, type)) {
    const previous = before[definition.name];
    const next = after[definition.name];
    if (previous === next) continue;
    if (previous) store.deleteUnique(portalId, type.objectTypeId, definition.name, uniqueKey(definition, previous), id);
    if (next) store.setUnique(portalId, type.objectTypeId, definition.name, uniqueKey(definition, next), id);
  }
}

export function createRecord(store: HubSpotStore, portalId: number, type: ResolvedObjectType, properties: Record<string, string | null>, now: number): StoredRecord {
  const required = type.schema?.requiredProperties ?? [];
  const missing = required.filter((name) => properties[name] === undefined || properties[name] === null || properties[name] === '');
  if (missing.length > 0) {
    throw propertyValidationError(missing.map((name) => ({ name, error: 'REQUIRED_PROPERTY', message: `${name} is a required property` })));
  }
  checkUniqueValues(store, portalId, type, properties, undefined);
  const id = store.counters.next(`hs:${portalId}:records`, 1000);
  const record: StoredRecord = { id, properties: { ...properties }, createdAt: now, updatedAt: now, archived: false };
  const createdate = properties[type.createdateProperty];
  if (createdate) {
    const millis = Date.parse(createdate);
    if (Number.isFinite(millis)) record.createdAt = millis;
  }
  applySystemProperties(type, record);
  store.insertRecord(portalId, type.objectTypeId, record);
  indexUniqueValues(store, portalId, type, {}, record.properties, id);
  return record;
}

export function updateRecord(store: HubSpotStore, portalId: number, type: ResolvedObjectType, existing: StoredRecord, properties: Record<string, string | null>, now: number): StoredRecord {
  checkUniqueValues(store, portalId, type, properties, existing.id);
  const updated: StoredRecord = { ...existing, properties: { ...existing.properties, ...properties }, updatedAt: Math.max(now, existing.updatedAt) };
  applySystemProperties(type, updated);
  store.updateRecord(portalId, type.objectTypeId, updated);
  indexUniqueValues(store, portalId, type, existing.properties, updated.properties, existing.id);
  return updated;
}

export function archiveRecord(store: HubSpotStore, portalId: number, type: ResolvedObjectType, existing: StoredRecord, now: number): void {
  const archived: StoredRecord = { ...existing, archived: true, updatedAt: now };
  store.updateRecord(portalId, type.objectTypeId, archived);
  indexUniqueValues(store, portalId, type, existing.properties, {}, existing.id);
}

/** Looks a record up by id or by a unique-value property (`idProperty`). */
export function findRecord(store: HubSpotStore, portalId: number, type: ResolvedObjectType, id: string, idProperty: string | undefined | null): StoredRecord | undefined {
  if (!idProperty || idProperty === 'hs_object_id') {
    if (!/^\d+$/.test(id)) return undefined;
    return store.getRecord(portalId, type.objectTypeId, Number(id));
  }
  const definition = store.properties(portalId, type.objectTypeId).get(idProperty);
  if (!definition || !definition.hasUniqueValue) throw validationError(`Property ${idProperty} is not a unique identifier property for ${type.messageName}; use a property with hasUniqueValue = true.`);
  const found = store.findByUnique(portalId, type.objectTypeId, idProperty, uniqueKey(definition, id));
  return found === undefined ? undefined : store.getRecord(portalId, type.objectTypeId, found);
}

export interface SerializeOptions {
  properties?: string[];
  propertiesWithHistory?: string[];
}

/** A stored record as HubSpot's `SimplePublicObject` (all values strings, dates ISO). */
export function serializeRecord(type: ResolvedObjectType, record: StoredRecord, options: SerializeOptions = {}): Record<string, unknown> {
  const names = options.properties && options.properties.length > 0
    ? [...new Set([...options.properties, 'hs_object_id', type.createdateProperty, type.lastModifiedProperty])]
    : type.defaultProperties;
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = record.properties[name] ?? null;
  const result: Record<string, unknown> = {
    id: String(record.id),
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
  };
  if (record.archived) result.archivedAt = new Date(record.updatedAt).toISOString();
  if (options.propertiesWithHistory && options.propertiesWithHistory.length > 0) {
    const history: Record<string, unknown[]> = {};
    for (const name of options.propertiesWithHistory) {
      const value = record.properties[name];
      history[name] = value === null || value === undefined ? [] : [{ value, timestamp: new Date(record.updatedAt).toISOString(), sourceType: 'API' }];
    }
    result.propertiesWithHistory = history;
  }
  return result;
}

/** `properties=a,b&properties=c` → ['a','b','c']. */
export function listParameter(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}
