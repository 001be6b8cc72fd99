import type { FieldDefinition, SObjectDefinition } from './metadata/describe';
import type { SchemaRegistry } from './metadata/schemaRegistry';
import { OPPORTUNITY_STAGES } from './metadata/standardObjects';
import { newSalesforceId, normaliseId } from './ids';
import { saveError, SaveFailure, type SaveError } from './errors';
import type { FieldValue, SalesforceRecord, SalesforceStore } from './sfStore';

export interface OrgIdentity {
  orgId: string;
  userId: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Value of an indexed (external id / unique) field as stored in the index. */
export function indexKey(definition: FieldDefinition, value: FieldValue): string {
  const text = String(value);
  return definition.caseSensitive ? text : text.toLowerCase();
}

function isIndexed(definition: FieldDefinition): boolean {
  return definition.externalId || definition.unique;
}

/** Coerces one JSON value to the field's type (Salesforce's REST deserialiser rules), or fails. */
function coerce(object: SObjectDefinition, definition: FieldDefinition, raw: unknown): FieldValue {
  if (raw === null || raw === undefined || raw === '') {
    if (definition.type === 'boolean') throw saveError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${definition.label}: value not of required type: ${String(raw)}`, [definition.name]);
    return null;
  }
  const parserError = (): SaveFailure =>
    saveError('JSON_PARSER_ERROR', `Cannot deserialize instance of ${definition.type} from ${typeof raw === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${String(raw)} or request may be missing a required field`, [definition.name]);
  switch (definition.type) {
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(number)) throw parserError();
      if (definition.type === 'int' && !Number.isInteger(number)) throw parserError();
      const integerDigits = Math.trunc(Math.abs(number)).toString().length;
      if (definition.precision > 0 && integerDigits > definition.precision - definition.scale) {
        throw saveError('NUMBER_OUTSIDE_VALID_RANGE', `${definition.label}: value outside of valid range on numeric field: ${number}`, [definition.name]);
      }
      return definition.scale > 0 || definition.type === 'int' ? Number(number.toFixed(definition.type === 'int' ? 0 : definition.scale)) : number;
    }
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw parserError();
    case 'date': {
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw parserError();
      return raw;
    }
    case 'datetime': {
      const millis = typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      if (!Number.isFinite(millis)) throw parserError();
      return new Date(millis).toISOString();
    }
    case 'reference':
    case 'id': {
      if (typeof raw !== 'string') throw parserError();
      const id = normaliseId(raw);
      if (!id) throw saveError('MALFORMED_ID', `${definition.label}: id value of incorrect type: ${raw}`, [definition.name]);
      return id;
    }
    default: {
      if (typeof raw === 'object') throw parserError();
      const text = String(raw);
      if (definition.length > 0 && text.length > definition.length) {
        throw saveError('STRING_TOO_LONG', `${definition.label}: data value too large: ${text.slice(0, 40)} (max length=${definition.length})`, [definition.name]);
      }
      if (definition.type === 'email' && !EMAIL.test(text)) throw saveError('INVALID_EMAIL_ADDRESS', `${definition.label}: invalid email address: ${text}`, [definition.name]);
      if (definition.type === 'picklist' && (definition.restrictedPicklist || (object.name === 'Opportunity' && definition.name === 'StageName'))) {
        if (!definition.picklistValues.some((value) => value.value === text)) {
          throw saveError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${definition.label}: bad value for restricted picklist field: ${text}`, [definition.name]);
        }
      }
      return text;
    }
  }
}

/** Reads the writable fields of a REST body (`attributes` ignored), case-insensitively. */
export function readInput(object: SObjectDefinition, input: Record<string, unknown>, mode: 'create' | 'update', ignore: string[] = []): Record<string, FieldValue> {
  const result: Record<string, FieldValue> = {};
  const errors: SaveError[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'attributes' || ignore.some((name) => name.toLowerCase() === key.toLowerCase())) continue;
    const definition = object.fieldsByLowerName.get(key.toLowerCase());
    if (!definition) {
      errors.push({ statusCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${object.name}`, fields: [] });
      continue;
    }
    if ((mode === 'create' && !definition.createable) || (mode === 'update' && !definition.updateable)) {
      errors.push({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: `Unable to create/update fields: ${definition.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, fields: [definition.name] });
      continue;
    }
    try {
      result[definition.name] = coerce(object, definition, raw);
    } catch (error) {
      if (error instanceof SaveFailure) errors.push(...error.errors);
      else throw error;
    }
  }
  if (errors.length > 0) throw new SaveFailure(errors);
  return result;
}

/** Writes records with Salesforce's checks (required, lookups, unique external ids) and system fields. */
export class RecordWriter {
  constructor(
    private readonly store: SalesforceStore,
    private readonly schemas: SchemaRegistry,
  ) {}

  private checkReferences(org: OrgIdentity, object: SObjectDefinition, fields: Record<string, FieldValue>): void {
    for (const [name, value] of Object.entries(fields)) {
      const definition = object.fieldsByLowerName.get(name.toLowerCase());
      if (!definition || definition.type !== 'reference' || value === null) continue;
      const target = this.store.get(org.orgId, String(value));
      if (!target || target.isDeleted) throw saveError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [definition.name]);
      if (!definition.referenceTo.some((type) => type.toLowerCase() === target.sobject.toLowerCase())) {
        throw saveError('FIELD_INTEGRITY_EXCEPTION', `${definition.label}: id value of incorrect type: ${String(value)}`, [definition.name]);
      }
    }
  }

  private checkRequired(object: SObjectDefinition, fields: Record<string, FieldValue>): void {
    const missing = object.fields.filter((definition) => definition.required && (fields[definition.name] === null || fields[definition.name] === undefined)).map((definition) => definition.name);
    if (object.name === 'CampaignMember' && !fields.ContactId && !fields.LeadId) missing.push('ContactId', 'LeadId');
    if (missing.length > 0) throw saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  }

  private checkUnique(org: OrgIdentity, object: SObjectDefinition, fields: Record<string, FieldValue>, selfId: string | undefined): void {
    for (const definition of object.fields) {
      if (!definition.unique) continue;
      const value = fields[definition.name];
      if (value === null || value === undefined) continue;
      const others = this.store.findIndexed(org.orgId, object.name, definition.name, indexKey(definition, value)).filter((id) => id !== selfId);
      if (others.length > 0) throw saveError('DUPLICATE_VALUE', `duplicate value found: ${definition.name} duplicates value on record with id: ${others[0]}`, []);
    }
  }

  private reindex(org: OrgIdentity, object: SObjectDefinition, before: Record<string, FieldValue>, after: Record<string, FieldValue>, id: string): void {
    for (const definition of object.fields) {
      if (!isIndexed(definition)) continue;
      const previous = before[definition.name];
      const next = after[definition.name];
      if (previous === next) continue;
      if (previous !== null && previous !== undefined) this.store.deleteIndexed(org.orgId, object.name, definition.name, indexKey(definition, previous), id);
      if (next !== null && next !== undefined) this.store.setIndexed(org.orgId, object.name, definition.name, indexKey(definition, next), id);
    }
  }

  /** Formula-like fields Salesforce maintains (names, stage flags, responses, revenue share). */
  private computeFields(org: OrgIdentity, object: SObjectDefinition, fields: Record<string, FieldValue>, changed: Record<string, FieldValue>): void {
    if (object.fieldsByLowerName.has('name') && object.fieldsByLowerName.get('name')?.calculated && !object.autoNumberFormat) {
      fields.Name = [fields.FirstName, fields.LastName].filter((part) => part !== null && part !== undefined && part !== '').join(' ');
    }
    if (object.name === 'Opportunity') {
      const stage = OPPORTUNITY_STAGES.find((candidate) => candidate.name === fields.StageName);
      fields.IsClosed = stage?.isClosed ?? false;
      fields.IsWon = stage?.isWon ?? false;
      if (stage && (changed.StageName !== undefined || fields.Probability === null || fields.Probability === undefined) && changed.Probability === undefined) fields.Probability = stage.probability;
      if (stage && changed.StageName !== undefined && changed.ForecastCategoryName === undefined) fields.ForecastCategoryName = stage.forecastCategory;
    }
    if (object.name === 'CampaignMember') {
      fields.HasResponded = fields.Status === 'Responded';
      if (fields.HasResponded && !fields.FirstRespondedDate) fields.FirstRespondedDate = new Date().toISOString().slice(0, 10);
      fields.LeadOrContactId = fields.ContactId ?? fields.LeadId ?? null;
    }
    if (object.name === 'CampaignInfluence') {
      const opportunity = fields.OpportunityId ? this.store.get(org.orgId, String(fields.OpportunityId)) : undefined;
      const amount = opportunity?.fields.Amount;
      fields.RevenueShare = typeof amount === 'number' && typeof fields.Influence === 'number' ? Number(((amount * fields.Influence) / 100).toFixed(2)) : null;
    }
  }

  create(org: OrgIdentity, object: SObjectDefinition, input: Record<string, FieldValue>, now = Date.now()): SalesforceRecord {
    const fields: Record<string, FieldValue> = {};
    for (const definition of object.fields) fields[definition.name] = definition.defaultValue as FieldValue;
    Object.assign(fields, input);
    const seq = this.store.counters.next(`sf:${org.orgId}:seq`, 1);
    const id = newSalesforceId(object.keyPrefix, seq);
    const timestamp = new Date(now).toISOString();
    Object.assign(fields, { Id: id, IsDeleted: false, CreatedDate: timestamp, LastModifiedDate: timestamp, SystemModstamp: timestamp, CreatedById: org.userId, LastModifiedById: org.userId });
    if (object.fieldsByLowerName.has('ownerid') && !fields.OwnerId) fields.OwnerId = org.userId;
    if (object.autoNumberFormat) {
      const number = this.store.counters.next(`sf:${org.orgId}:autonumber:${object.name}`, 0);
      fields.Name = object.autoNumberFormat.replace(/\{(0+)\}/, (_match, zeros: string) => String(number).padStart(zeros.length, '0'));
    }
    this.checkRequired(object, fields);
    this.checkReferences(org, object, input);
    this.checkUnique(org, object, fields, undefined);
    this.computeFields(org, object, fields, input);
    const record: SalesforceRecord = { id, sobject: object.name, fields, isDeleted: false, seq };
    this.store.insert(org.orgId, record);
    this.reindex(org, object, {}, fields, id);
    return record;
  }

  update(org: OrgIdentity, object: SObjectDefinition, existing: SalesforceRecord, input: Record<string, FieldValue>, now = Date.now()): SalesforceRecord {
    const fields = { ...existing.fields, ...input };
    const timestamp = new Date(Math.max(now, Date.parse(String(existing.fields.LastModifiedDate)) || 0)).toISOString();
    Object.assign(fields, { LastModifiedDate: timestamp, SystemModstamp: timestamp, LastModifiedById: org.userId });
    this.checkRequired(object, fields);
    this.checkReferences(org, object, input);
    this.checkUnique(org, object, fields, existing.id);
    this.computeFields(org, object, fields, input);
    const updated: SalesforceRecord = { ...existing, fields };
    this.store.update(org.orgId, updated);
    this.reindex(org, object, existing.fields, fields, existing.id);
    return updated;
  }

  /** Moves a record to the recycle bin (IsDeleted, still visible to queryAll). */
  delete(org: OrgIdentity, object: SObjectDefinition, existing: SalesforceRecord): void {
    const fields = { ...existing.fields, IsDeleted: true };
    this.store.update(org.orgId, { ...existing, fields, isDeleted: true });
    this.reindex(org, object, existing.fields, {}, existing.id);
  }

  /** The live record of an object by id, or undefined. */
  find(org: OrgIdentity, object: SObjectDefinition, id: string): SalesforceRecord | undefined {
    const normalised = normaliseId(id);
    if (!normalised) return undefined;
    const record = this.store.get(org.orgId, normalised);
    return record && !record.isDeleted && record.sobject === object.name ? record : undefined;
  }

  /** Records whose external-id field has this value (0, 1 or several). */
  findByExternalId(org: OrgIdentity, object: SObjectDefinition, definition: FieldDefinition, value: string): SalesforceRecord[] {
    if (definition.name === 'Id') {
      const record = this.find(org, object, value);
      return record ? [record] : [];
    }
    return this.store
      .findIndexed(org.orgId, object.name, definition.name, indexKey(definition, value))
      .map((id) => this.store.get(org.orgId, id))
      .filter((record): record is SalesforceRecord => !!record && !record.isDeleted);
  }

  get registry(): SchemaRegistry {
    return this.schemas;
  }
}
