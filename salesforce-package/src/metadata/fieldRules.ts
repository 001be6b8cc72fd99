import { childText, type MetadataDocument, type MetadataIssue } from './metadataFile';

/** A custom field as the rest of the checker needs it. */
export interface FieldFacts {
  readonly objectName: string;
  readonly fieldName: string;
  readonly type: string;
  readonly required: boolean;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly referenceTo?: string;
  readonly relationshipName?: string;
  readonly document: MetadataDocument;
}

// Field types accepted by the Metadata API's CustomField.type (FieldType enum) that this package may use.
const FIELD_TYPES = new Set([
  'AutoNumber',
  'Checkbox',
  'Currency',
  'Date',
  'DateTime',
  'Email',
  'Formula',
  'Html',
  'Lookup',
  'LongTextArea',
  'MasterDetail',
  'MultiselectPicklist',
  'Number',
  'Percent',
  'Phone',
  'Picklist',
  'Summary',
  'Text',
  'TextArea',
  'Time',
  'Url',
]);
const NUMERIC_TYPES = new Set(['Number', 'Currency', 'Percent']);
const EXTERNAL_ID_TYPES = new Set(['Text', 'Number', 'Email', 'AutoNumber']);
const BOOLEAN_ELEMENTS = ['required', 'externalId', 'unique', 'caseSensitive', 'trackTrending', 'trackHistory'];
// Salesforce API names: a letter first, letters/digits/underscores, no double or trailing underscore (before the suffix).
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/**
 * Checks one `<CustomField>` file against the Metadata API's rules for its type:
 * name matches the file, a label, a known type, Text length 1-255, LongTextArea 256-131072 with visibleLines,
 * numeric precision 1-18 and 0 ≤ scale ≤ precision, lookups with referenceTo, relationshipName and deleteConstraint
 * (SetNull only on optional fields), External ID and unique only on the types that allow them.
 */
export function checkField(document: MetadataDocument, objectName: string, fileFieldName: string, issues: MetadataIssue[]): FieldFacts | undefined {
  const root = document.root;
  const at = (tag: string) => document.lineOf(tag);
  const report = (message: string, tag?: string) => issues.push({ file: document.file, line: tag ? at(tag) : undefined, message });
  if (document.rootName !== 'CustomField') {
    report(`expected root element <CustomField>, found <${document.rootName}>`);
    return undefined;
  }
  const fullName = childText(root, 'fullName');
  if (fullName !== fileFieldName) report(`<fullName> must be ${fileFieldName} (the file name), found ${fullName ?? 'nothing'}`, 'fullName');
  if (!fileFieldName.endsWith('__c') || !API_NAME.test(fileFieldName.slice(0, -3)))
    report(`field name ${fileFieldName} is not a valid custom field API name (Letters_Digits__c)`);
  if (!childText(root, 'label')) report('<label> is required', 'label');
  for (const element of BOOLEAN_ELEMENTS) {
    const value = childText(root, element);
    if (value !== undefined && value !== 'true' && value !== 'false') report(`<${element}> must be true or false, found ${value}`, element);
  }
  const type = childText(root, 'type') ?? '';
  if (!FIELD_TYPES.has(type)) report(`<type> must be one of ${[...FIELD_TYPES].join(', ')}, found ${type || 'nothing'}`, 'type');
  const number = (tag: string) => {
    const raw = childText(root, tag);
    return raw === undefined || !/^\d+$/.test(raw) ? undefined : Number(raw);
  };
  const required = childText(root, 'required') === 'true';
  const externalId = childText(root, 'externalId') === 'true';
  const unique = childText(root, 'unique') === 'true';
  if (type === 'Text') {
    const length = number('length');
    if (length === undefined || length < 1 || length > 255) report('a Text field needs <length> between 1 and 255', 'length');
  }
  if (type === 'LongTextArea' || type === 'Html') {
    const length = number('length');
    if (length === undefined || length < 256 || length > 131072) report(`a ${type} field needs <length> between 256 and 131072`, 'length');
    if (number('visibleLines') === undefined) report(`a ${type} field needs <visibleLines>`, 'visibleLines');
  }
  if (NUMERIC_TYPES.has(type)) {
    const precision = number('precision');
    const scale = number('scale');
    if (precision === undefined || precision < 1 || precision > 18) report(`a ${type} field needs <precision> between 1 and 18`, 'precision');
    if (scale === undefined || (precision !== undefined && scale > precision))
      report(`a ${type} field needs <scale> between 0 and its precision`, 'scale');
  }
  let referenceTo: string | undefined;
  let relationshipName: string | undefined;
  if (type === 'Lookup' || type === 'MasterDetail') {
    referenceTo = childText(root, 'referenceTo');
    relationshipName = childText(root, 'relationshipName');
    if (!referenceTo) report(`a ${type} field needs <referenceTo>`, 'type');
    if (!relationshipName || !API_NAME.test(relationshipName)) report(`a ${type} field needs a valid <relationshipName>`, 'relationshipName');
    if (!childText(root, 'relationshipLabel')) report(`a ${type} field needs <relationshipLabel>`, 'type');
    if (type === 'Lookup') {
      const constraint = childText(root, 'deleteConstraint');
      if (!constraint || !['SetNull', 'Restrict', 'Cascade'].includes(constraint))
        report('a Lookup needs <deleteConstraint> SetNull, Restrict or Cascade', 'deleteConstraint');
      if (constraint === 'SetNull' && required) report('deleteConstraint SetNull is not allowed on a required lookup', 'deleteConstraint');
    }
  }
  if ((externalId || unique) && !EXTERNAL_ID_TYPES.has(type))
    report(`<externalId>/<unique> are only allowed on Text, Number, Email or AutoNumber fields, not ${type}`, 'externalId');
  if (unique && type === 'Text' && childText(root, 'caseSensitive') === undefined) report('a unique Text field must say <caseSensitive>', 'unique');
  return { objectName, fieldName: fileFieldName, type, required, externalId, unique, referenceTo, relationshipName, document };
}
