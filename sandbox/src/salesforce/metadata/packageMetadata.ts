import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { defineObject, field, picklist, type FieldDefinition, type FieldType, type SObjectDefinition } from './describe';

/** A metadata file that cannot be used, named with its path and what was wrong. */
export class MetadataError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'value' || name === 'referenceTo' });

const bool = z.union([z.literal('true'), z.literal('false')]).transform((text) => text === 'true');
const int = z.string().regex(/^\d+$/).transform(Number);
const customFieldSchema = z.object({
  fullName: z.string().optional(),
  label: z.string().optional(),
  type: z.string().optional(),
  length: int.optional(),
  precision: int.optional(),
  scale: int.optional(),
  required: bool.optional(),
  externalId: bool.optional(),
  unique: bool.optional(),
  caseSensitive: bool.optional(),
  defaultValue: z.string().optional(),
  referenceTo: z.array(z.string()).optional(),
  relationshipName: z.string().optional(),
  formula: z.string().optional(),
  valueSet: z.object({ restricted: bool.optional(), valueSetDefinition: z.object({ value: z.array(z.object({ fullName: z.string(), default: bool.optional(), label: z.string().optional() })) }).optional() }).optional(),
});
const customObjectSchema = z.object({
  label: z.string().min(1),
  pluralLabel: z.string().optional(),
  nameField: z.object({ label: z.string().optional(), type: z.enum(['Text', 'AutoNumber']), displayFormat: z.string().optional() }).optional(),
});

const TYPE_MAP: Record<string, FieldType> = {
  Text: 'string', Number: 'double', Currency: 'currency', Percent: 'percent', Date: 'date', DateTime: 'datetime', Checkbox: 'boolean',
  Picklist: 'picklist', MultiselectPicklist: 'multipicklist', LongTextArea: 'textarea', TextArea: 'textarea', Html: 'textarea', Url: 'url',
  Email: 'email', Phone: 'phone', Lookup: 'reference', MasterDetail: 'reference', AutoNumber: 'string',
};

function readXml(file: string, root: string): unknown {
  let parsed: Record<string, unknown>;
  try {
    parsed = xmlParser.parse(readFileSync(file, 'utf8'), true) as Record<string, unknown>;
  } catch (error) {
    throw new MetadataError(file, `not well-formed XML: ${(error as Error).message}`);
  }
  if (!(root in parsed)) throw new MetadataError(file, `expected a <${root}> root element`);
  return parsed[root] ?? {};
}

/** One `*.field-meta.xml` as a field definition (types, required, externalId, unique, length, referenceTo). */
export function parseCustomField(file: string, fileName: string): FieldDefinition {
  const parsed = customFieldSchema.safeParse(readXml(file, 'CustomField'));
  if (!parsed.success) throw new MetadataError(file, parsed.error.issues.map((issue) => `<${issue.path.join('.')}> ${issue.message}`).join('; '));
  const xml = parsed.data;
  const name = xml.fullName ?? fileName.replace(/\.field-meta\.xml$/, '');
  if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(name)) throw new MetadataError(file, `field name "${name}" must end in __c`);
  if (!xml.type && !xml.formula) throw new MetadataError(file, 'missing <type>');
  const type = TYPE_MAP[xml.type ?? 'Text'];
  if (!type) throw new MetadataError(file, `unsupported field type "${xml.type}" (supported: ${Object.keys(TYPE_MAP).join(', ')})`);
  const isReference = type === 'reference';
  if (isReference && (!xml.referenceTo || xml.referenceTo.length === 0)) throw new MetadataError(file, `${xml.type} field needs <referenceTo>`);
  const masterDetail = xml.type === 'MasterDetail';
  const calculated = xml.formula !== undefined || xml.type === 'AutoNumber';
  const required = (xml.required ?? false) || masterDetail;
  let defaultValue: unknown = type === 'boolean' ? xml.defaultValue === 'true' : null;
  if (type !== 'boolean' && xml.defaultValue !== undefined) defaultValue = xml.defaultValue.replace(/^"(.*)"$/, '$1');
  const values = xml.valueSet?.valueSetDefinition?.value ?? [];
  const defaultOption = values.find((value) => value.default)?.fullName;
  if (type === 'picklist' && defaultOption !== undefined) defaultValue = defaultOption;
  return field(name, type, {
    label: xml.label ?? name,
    length: type === 'string' || type === 'textarea' ? (xml.length ?? (type === 'string' ? 255 : 32_768)) : isReference ? 18 : type === 'url' ? 255 : type === 'picklist' ? 255 : 0,
    precision: xml.precision ?? (type === 'double' || type === 'currency' || type === 'percent' ? 18 : 0),
    scale: xml.scale ?? 0,
    nillable: !required && type !== 'boolean',
    required: required && !calculated,
    createable: !calculated,
    updateable: !calculated,
    calculated,
    autoNumber: xml.type === 'AutoNumber',
    externalId: xml.externalId ?? false,
    unique: xml.unique ?? false,
    caseSensitive: xml.caseSensitive ?? false,
    idLookup: (xml.externalId ?? false) || (xml.unique ?? false),
    defaultValue,
    referenceTo: xml.referenceTo ?? [],
    relationshipName: isReference ? name.replace(/__c$/, '__r') : null,
    childRelationshipName: isReference && xml.relationshipName ? `${xml.relationshipName}__r` : undefined,
    picklistValues: picklist(values.map((value) => value.fullName), defaultOption),
    restrictedPicklist: xml.valueSet?.restricted ?? false,
    custom: true,
  });
}

export interface PackageMetadata {
  /** New custom objects (`<Name>__c`). */
  customObjects: SObjectDefinition[];
  /** Custom fields added to existing (standard) objects, by object name. */
  extraFields: Map<string, FieldDefinition[]>;
}

function listFieldFiles(directory: string): string[] {
  const fieldsDirectory = join(directory, 'fields');
  if (!existsSync(fieldsDirectory)) return [];
  return readdirSync(fieldsDirectory).filter((name) => name.endsWith('.field-meta.xml')).sort();
}

/**
 * Reads `objects/<Object>/<Object>.object-meta.xml` and `objects/<Object>/fields/*.field-meta.xml`
 * under a source-format package directory. Custom metadata types (`__mdt`) and platform events
 * (`__e`) are not records the REST API writes, so they are skipped.
 */
export function readPackageMetadata(metadataDir: string): PackageMetadata {
  const result: PackageMetadata = { customObjects: [], extraFields: new Map() };
  const objectsDirectory = join(metadataDir, 'objects');
  if (!existsSync(objectsDirectory)) return result;
  const objectNames = readdirSync(objectsDirectory, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  let prefixSequence = 0;
  for (const objectName of objectNames) {
    if (objectName.endsWith('__mdt') || objectName.endsWith('__e')) continue;
    const directory = join(objectsDirectory, objectName);
    const fields = listFieldFiles(directory).map((fileName) => parseCustomField(join(directory, 'fields', fileName), fileName));
    if (!objectName.endsWith('__c')) {
      if (fields.length > 0) result.extraFields.set(objectName, fields);
      continue;
    }
    const objectFile = join(directory, `${objectName}.object-meta.xml`);
    if (!existsSync(objectFile)) throw new MetadataError(objectFile, 'custom object folder without its .object-meta.xml');
    const parsed = customObjectSchema.safeParse(readXml(objectFile, 'CustomObject'));
    if (!parsed.success) throw new MetadataError(objectFile, parsed.error.issues.map((issue) => `<${issue.path.join('.')}> ${issue.message}`).join('; '));
    const xml = parsed.data;
    const autoNumber = xml.nameField?.type === 'AutoNumber';
    const nameField = field('Name', 'string', {
      label: xml.nameField?.label ?? `${xml.label} Name`, length: 80, nameField: true, custom: false,
      createable: !autoNumber, updateable: !autoNumber, autoNumber, calculated: autoNumber, nillable: autoNumber, required: false,
    });
    const system = ['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'];
    const systemFields = system.map((name) =>
      field(name, name === 'Id' ? 'id' : name.endsWith('ById') ? 'reference' : name === 'IsDeleted' ? 'boolean' : 'datetime', {
        createable: false, updateable: false, nillable: false, custom: false,
        referenceTo: name.endsWith('ById') ? ['User'] : [], relationshipName: name.endsWith('ById') ? name.replace(/Id$/, '') : null,
      }),
    );
    const hasMasterDetail = fields.some((candidate) => candidate.type === 'reference' && !candidate.nillable && candidate.required);
    const ownerField = field('OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner', nillable: false, custom: false });
    prefixSequence++;
    result.customObjects.push(
      defineObject({
        name: objectName, label: xml.label, labelPlural: xml.pluralLabel ?? `${xml.label}s`, keyPrefix: `a${prefixSequence.toString(36).padStart(2, '0').toUpperCase()}`,
        custom: true, createable: true, updateable: true, deletable: true, queryable: true,
        fields: [...systemFields, ...(hasMasterDetail ? [] : [ownerField]), nameField, ...fields],
        autoNumberFormat: autoNumber ? (xml.nameField?.displayFormat ?? `${objectName.slice(0, 3).toUpperCase()}-{0000000}`) : undefined,
      }),
    );
  }
  return result;
}
