/** The describe types the sandbox models (Salesforce `DescribeFieldResult.type` values). */
export type FieldType = 'id' | 'string' | 'textarea' | 'double' | 'currency' | 'percent' | 'int' | 'date' | 'datetime' | 'boolean' | 'picklist' | 'multipicklist' | 'url' | 'email' | 'phone' | 'reference';

export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** A value must be given on create (nillable false, no default, not system-maintained). */
  required: boolean;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  calculated: boolean;
  autoNumber: boolean;
  defaultValue: unknown;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: Array<{ value: string; label: string; active: boolean; defaultValue: boolean }>;
  restrictedPicklist: boolean;
  custom: boolean;
  nameField: boolean;
  idLookup: boolean;
  /** For a reference field: the parent's child relationship name (`OpportunityContactRoles`, `Touchpoints__r`). */
  childRelationshipName?: string;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string;
  cascadeDelete: boolean;
}

export interface SObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: FieldDefinition[];
  /** Lower-case field name → field (SOQL and JSON keys are case-insensitive). */
  fieldsByLowerName: Map<string, FieldDefinition>;
  childRelationships: ChildRelationship[];
  /** Auto-number display format of a custom object's Name (e.g. `TP-{0000000}`). */
  autoNumberFormat?: string;
}

export function field(name: string, type: FieldType, options: Partial<FieldDefinition> = {}): FieldDefinition {
  const system = ['Id', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted', 'CreatedById', 'LastModifiedById'].includes(name);
  const base: FieldDefinition = {
    name,
    label: name.replace(/__c$/, '').replace(/_/g, ' '),
    type,
    length: type === 'string' || type === 'picklist' || type === 'email' || type === 'phone' ? 255 : type === 'textarea' ? 32_000 : type === 'url' ? 255 : type === 'id' || type === 'reference' ? 18 : 0,
    precision: type === 'double' || type === 'currency' || type === 'percent' ? 18 : 0,
    scale: type === 'currency' || type === 'percent' ? 2 : 0,
    nillable: !system && type !== 'boolean',
    createable: !system,
    updateable: !system,
    required: false,
    externalId: false,
    unique: false,
    caseSensitive: false,
    calculated: false,
    autoNumber: false,
    defaultValue: type === 'boolean' ? false : null,
    referenceTo: [],
    relationshipName: null,
    picklistValues: [],
    restrictedPicklist: false,
    custom: name.endsWith('__c'),
    nameField: false,
    idLookup: name === 'Id',
  };
  return { ...base, ...options };
}

export const picklist = (values: string[], defaultValue?: string) =>
  values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));

/** Builds the definition with its case-insensitive field index. */
export function defineObject(definition: Omit<SObjectDefinition, 'fieldsByLowerName' | 'childRelationships'> & { childRelationships?: ChildRelationship[] }): SObjectDefinition {
  return {
    ...definition,
    childRelationships: definition.childRelationships ?? [],
    fieldsByLowerName: new Map(definition.fields.map((entry) => [entry.name.toLowerCase(), entry])),
  };
}

/** The `describe` JSON of a field (the subset of DescribeFieldResult clients read). */
export function describeFieldJson(entry: FieldDefinition): Record<string, unknown> {
  return {
    name: entry.name, label: entry.label, type: entry.type, length: entry.length, precision: entry.precision, scale: entry.scale, digits: entry.type === 'int' ? 9 : 0,
    nillable: entry.nillable, createable: entry.createable, updateable: entry.updateable, externalId: entry.externalId, unique: entry.unique,
    caseSensitive: entry.caseSensitive, calculated: entry.calculated, autoNumber: entry.autoNumber, defaultedOnCreate: entry.defaultValue !== null || entry.autoNumber,
    defaultValue: entry.defaultValue, referenceTo: entry.referenceTo, relationshipName: entry.relationshipName, picklistValues: entry.picklistValues,
    restrictedPicklist: entry.restrictedPicklist, custom: entry.custom, nameField: entry.nameField, idLookup: entry.idLookup, filterable: true, sortable: entry.type !== 'textarea',
    groupable: true, soapType: soapType(entry.type), permissionable: entry.custom && entry.nillable,
  };
}

function soapType(type: FieldType): string {
  switch (type) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'int':
      return 'xsd:int';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    case 'boolean':
      return 'xsd:boolean';
    default:
      return 'xsd:string';
  }
}
