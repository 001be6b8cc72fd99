import type { FieldDefinition, SObjectDefinition } from './metadata/describe';
import type { FieldValue, SalesforceRecord } from './sfStore';

/** Salesforce writes datetimes as `2024-01-31T09:30:00.000+0000`. */
export function formatDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

export function formatValue(definition: FieldDefinition | undefined, value: FieldValue | undefined): FieldValue {
  if (value === undefined) return null;
  if (definition?.type === 'datetime' && typeof value === 'string') return formatDateTime(value);
  return value;
}

export function attributes(object: SObjectDefinition, id: string, version: string): { type: string; url: string } {
  return { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${id}` };
}

/** A record as the REST API returns it: `attributes` then the fields (all, or the given ones). */
export function recordJson(object: SObjectDefinition, record: SalesforceRecord, version: string, fieldNames?: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = { attributes: attributes(object, record.id, version) };
  const definitions = fieldNames ? fieldNames.map((name) => object.fieldsByLowerName.get(name.toLowerCase())).filter((entry): entry is FieldDefinition => !!entry) : object.fields;
  for (const definition of definitions) result[definition.name] = formatValue(definition, record.fields[definition.name]);
  return result;
}
