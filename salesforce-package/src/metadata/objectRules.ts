import { childText, type MetadataDocument, type MetadataIssue } from './metadataFile';

/**
 * Checks a `<CustomObject>` file of a custom object (`X__c`): label, pluralLabel, a nameField of type
 * Text or AutoNumber (AutoNumber needs a displayFormat with a {0…} counter), deploymentStatus and sharingModel.
 * Custom fields on standard objects (Campaign, Contact, …) come without an object file; that is allowed.
 */
export function checkCustomObject(document: MetadataDocument, objectName: string, issues: MetadataIssue[]): void {
  const root = document.root;
  const report = (message: string, tag?: string) => issues.push({ file: document.file, line: tag ? document.lineOf(tag) : undefined, message });
  if (document.rootName !== 'CustomObject') {
    report(`expected root element <CustomObject>, found <${document.rootName}>`);
    return;
  }
  if (!objectName.endsWith('__c') && !objectName.endsWith('__mdt')) return;
  for (const tag of ['label', 'pluralLabel']) if (!childText(root, tag)) report(`<${tag}> is required`, tag);
  if (objectName.endsWith('__mdt')) return;
  const nameField = root.nameField as Record<string, unknown> | undefined;
  if (!nameField || typeof nameField !== 'object') report('<nameField> is required');
  else {
    const type = childText(nameField, 'type');
    if (type !== 'Text' && type !== 'AutoNumber') report(`<nameField><type> must be Text or AutoNumber, found ${type ?? 'nothing'}`, 'nameField');
    if (!childText(nameField, 'label')) report('<nameField><label> is required', 'nameField');
    if (type === 'AutoNumber' && !/\{0+\}/.test(childText(nameField, 'displayFormat') ?? ''))
      report('an AutoNumber name field needs <displayFormat> with a {000} counter', 'nameField');
  }
  const deploymentStatus = childText(root, 'deploymentStatus');
  if (deploymentStatus !== 'Deployed' && deploymentStatus !== 'InDevelopment')
    report('<deploymentStatus> must be Deployed or InDevelopment', 'deploymentStatus');
  const sharingModel = childText(root, 'sharingModel');
  if (!sharingModel || !['Private', 'Read', 'ReadWrite', 'ControlledByParent', 'FullAccess'].includes(sharingModel))
    report('<sharingModel> must be Private, Read, ReadWrite or ControlledByParent', 'sharingModel');
}

/** Checks a `<CampaignInfluenceModel>`: name, isDefaultModel, and — our product rule — isModelLocked true, so credits change only through the API. */
export function checkCampaignInfluenceModel(document: MetadataDocument, issues: MetadataIssue[]): void {
  const root = document.root;
  const report = (message: string, tag?: string) => issues.push({ file: document.file, line: tag ? document.lineOf(tag) : undefined, message });
  if (document.rootName !== 'CampaignInfluenceModel') {
    report(`expected root element <CampaignInfluenceModel>, found <${document.rootName}>`);
    return;
  }
  if (!childText(root, 'name')) report('<name> is required');
  const isDefault = childText(root, 'isDefaultModel');
  if (isDefault !== 'true' && isDefault !== 'false') report('<isDefaultModel> is required (true or false)', 'isDefaultModel');
  if (childText(root, 'isModelLocked') !== 'true')
    report('<isModelLocked> must be true: our influence rows are written only through the API', 'isModelLocked');
  const preference = childText(root, 'recordPreference');
  if (preference !== undefined && preference !== 'AllRecords' && preference !== 'RecordsWithAttribution')
    report('<recordPreference> must be AllRecords or RecordsWithAttribution', 'recordPreference');
}
