import { childList, childText, type MetadataDocument, type MetadataIssue } from './metadataFile';
import type { FieldFacts } from './fieldRules';

/**
 * Checks a `<PermissionSet>` against the package: a label; every object and field it names exists; required
 * fields are not listed (the Metadata API rejects FLS on required fields); edit implies read and modifyAll
 * implies viewAll implies read (the UI enforces these dependencies); and completeness — every custom object
 * and every optional custom field of the package appears, so no field is invisible to the people it is for.
 */
export function checkPermissionSet(
  document: MetadataDocument,
  customObjects: ReadonlySet<string>,
  fields: ReadonlyMap<string, FieldFacts>,
  issues: MetadataIssue[],
): void {
  const root = document.root;
  const report = (message: string, line?: number) => issues.push({ file: document.file, line, message });
  if (document.rootName !== 'PermissionSet') {
    report(`expected root element <PermissionSet>, found <${document.rootName}>`);
    return;
  }
  if (!childText(root, 'label')) report('<label> is required', document.lineOf('label'));
  const listedFields = new Set<string>();
  for (const permission of childList(root, 'fieldPermissions')) {
    const field = childText(permission, 'field') ?? '';
    const line = document.lineOf('field', field);
    const facts = fields.get(field);
    if (!facts) report(`fieldPermissions names ${field || 'no field'}, which is not a field of this package`, line);
    else if (facts.required) report(`fieldPermissions must not list the required field ${field}`, line);
    if (listedFields.has(field)) report(`fieldPermissions lists ${field} twice`, line);
    listedFields.add(field);
    const editable = childText(permission, 'editable');
    const readable = childText(permission, 'readable');
    if (editable !== 'true' && editable !== 'false') report(`fieldPermissions ${field}: <editable> must be true or false`, line);
    if (readable !== 'true' && readable !== 'false') report(`fieldPermissions ${field}: <readable> must be true or false`, line);
    if (editable === 'true' && readable !== 'true') report(`fieldPermissions ${field}: editable needs readable`, line);
  }
  const listedObjects = new Set<string>();
  for (const permission of childList(root, 'objectPermissions')) {
    const objectName = childText(permission, 'object') ?? '';
    const line = document.lineOf('object', objectName);
    if (!customObjects.has(objectName))
      report(`objectPermissions names ${objectName || 'no object'}, which is not a custom object of this package`, line);
    listedObjects.add(objectName);
    const flag = (tag: string) => childText(permission, tag) === 'true';
    if ((flag('allowCreate') || flag('allowEdit') || flag('allowDelete') || flag('viewAllRecords')) && !flag('allowRead'))
      report(`objectPermissions ${objectName}: create, edit, delete and view all need allowRead`, line);
    if ((flag('allowDelete') || flag('modifyAllRecords')) && !flag('allowEdit'))
      report(`objectPermissions ${objectName}: delete and modify all need allowEdit`, line);
    if (flag('modifyAllRecords') && !flag('viewAllRecords')) report(`objectPermissions ${objectName}: modifyAllRecords needs viewAllRecords`, line);
  }
  for (const objectName of customObjects) if (!listedObjects.has(objectName)) report(`objectPermissions is missing the package object ${objectName}`);
  for (const [qualifiedName, facts] of fields) {
    if (!facts.required && !listedFields.has(qualifiedName)) report(`fieldPermissions is missing the package field ${qualifiedName}`);
  }
}
