import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkField, type FieldFacts } from './fieldRules';
import { readMetadataFile, type MetadataDocument, type MetadataIssue } from './metadataFile';
import { checkCampaignInfluenceModel, checkCustomObject } from './objectRules';
import { PACKAGE_REQUIREMENTS, STANDARD_OBJECTS } from './packageRequirements';
import { checkPermissionSet } from './permissionSetRules';

export type { MetadataIssue } from './metadataFile';

/** Source-format folders of a package directory and the root element each folder's files carry. */
const FOLDER_ROOTS: Record<string, string | undefined> = {
  objects: undefined, // CustomObject or CustomField by suffix
  permissionsets: 'PermissionSet',
  campaignInfluenceModels: 'CampaignInfluenceModel',
  classes: 'ApexClass',
  triggers: 'ApexTrigger',
  lwc: 'LightningComponentBundle',
  aura: undefined,
  staticresources: 'StaticResource',
  customMetadata: 'CustomMetadata',
  tabs: 'CustomTab',
  layouts: 'Layout',
  flexipages: 'FlexiPage',
  applications: 'CustomApplication',
  reports: undefined,
  reportTypes: 'ReportType',
  dashboards: undefined,
  labels: 'CustomLabels',
  customPermissions: 'CustomPermission',
  namedCredentials: 'NamedCredential',
  remoteSiteSettings: 'RemoteSiteSetting',
  cspTrustedSites: 'CspTrustedSite',
  messageChannels: 'LightningMessageChannel',
  permissionsetgroups: 'PermissionSetGroup',
  listViews: 'ListView',
};

function listFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory)) {
    if (entry === '__tests__' || entry.startsWith('.')) continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files.sort();
}

/**
 * The offline check of `force-app/main/default` (the Salesforce CLI's `project convert source` accepts
 * malformed files, contract §f.3): every `*-meta.xml` is well-formed with the metadata namespace and the
 * right root element for its folder; objects, fields, permission sets and the influence model have their
 * required elements; lookups point at existing objects with unique relationship names; and the package is
 * complete for the product (PACKAGE_REQUIREMENTS). Returns the issues, sorted by file and line; empty = pass.
 */
export function checkMetadata(defaultDirectory: string): MetadataIssue[] {
  const issues: MetadataIssue[] = [];
  const display = (path: string) => relative(process.cwd(), path) || path;
  const customObjects = new Set<string>();
  const fields = new Map<string, FieldFacts>();
  const permissionSets: Array<{ name: string; document: MetadataDocument }> = [];
  const influenceModels: MetadataDocument[] = [];
  let files: string[];
  try {
    files = listFiles(defaultDirectory);
  } catch (error) {
    return [{ file: display(defaultDirectory), message: `cannot read the metadata folder: ${(error as Error).message}` }];
  }
  for (const path of files) {
    const relativePath = relative(defaultDirectory, path).split(/[\\/]/);
    const folder = relativePath[0];
    const name = relativePath[relativePath.length - 1];
    if (!(folder in FOLDER_ROOTS)) {
      issues.push({ file: display(path), message: `unknown metadata folder ${folder}/ (expected one of ${Object.keys(FOLDER_ROOTS).join(', ')})` });
      continue;
    }
    if (!name.endsWith('-meta.xml')) continue; // code and resources (.cls, .js, .html) belong to their own checks
    const document = readMetadataFile(path, display(path), issues);
    if (!document) continue;
    if (folder === 'objects') {
      const objectName = relativePath[1];
      if (relativePath.length === 3 && name === `${objectName}.object-meta.xml`) {
        checkCustomObject(document, objectName, issues);
        if (objectName.endsWith('__c')) customObjects.add(objectName);
      } else if (relativePath.length === 4 && relativePath[2] === 'fields' && name.endsWith('.field-meta.xml')) {
        const facts = checkField(document, objectName, name.slice(0, -'.field-meta.xml'.length), issues);
        if (facts) fields.set(`${objectName}.${facts.fieldName}`, facts);
      } else if (
        !['listViews', 'validationRules', 'recordTypes', 'compactLayouts', 'webLinks', 'fieldSets', 'businessProcesses'].includes(
          relativePath[2] ?? '',
        )
      ) {
        issues.push({
          file: document.file,
          message: `unexpected file in objects/: expected <Object>/<Object>.object-meta.xml or <Object>/fields/<Field>.field-meta.xml`,
        });
      }
      continue;
    }
    const expectedRoot = FOLDER_ROOTS[folder];
    if (expectedRoot && document.rootName !== expectedRoot) {
      issues.push({ file: document.file, message: `files in ${folder}/ have root element <${expectedRoot}>, found <${document.rootName}>` });
      continue;
    }
    if (folder === 'permissionsets') permissionSets.push({ name: name.replace(/\.permissionset-meta\.xml$/, ''), document });
    if (folder === 'campaignInfluenceModels') {
      if (!name.endsWith('.campaignInfluenceModel-meta.xml'))
        issues.push({ file: document.file, message: 'expected the suffix .campaignInfluenceModel-meta.xml' });
      checkCampaignInfluenceModel(document, issues);
      influenceModels.push(document);
    }
  }
  checkReferences(fields, customObjects, issues);
  for (const { document } of permissionSets) checkPermissionSet(document, customObjects, fields, issues);
  checkCompleteness(
    defaultDirectory,
    fields,
    customObjects,
    permissionSets.map((set) => set.name),
    influenceModels,
    issues,
    display,
  );
  return issues.sort((left, right) => left.file.localeCompare(right.file) || (left.line ?? 0) - (right.line ?? 0));
}

function checkReferences(fields: ReadonlyMap<string, FieldFacts>, customObjects: ReadonlySet<string>, issues: MetadataIssue[]): void {
  const relationshipOwners = new Map<string, string>();
  for (const facts of fields.values()) {
    if (facts.objectName.endsWith('__c') && !customObjects.has(facts.objectName)) {
      issues.push({ file: facts.document.file, message: `field of ${facts.objectName}, which has no ${facts.objectName}.object-meta.xml` });
    }
    if (!facts.referenceTo) continue;
    if (!STANDARD_OBJECTS.has(facts.referenceTo) && !customObjects.has(facts.referenceTo)) {
      issues.push({
        file: facts.document.file,
        line: facts.document.lineOf('referenceTo'),
        message: `referenceTo ${facts.referenceTo} is neither a standard object nor a custom object of this package`,
      });
    }
    // The child relationship name must be unique on the parent object (it names the related list and the SOQL subquery).
    const key = `${facts.referenceTo}.${facts.relationshipName}`;
    const owner = relationshipOwners.get(key);
    if (owner)
      issues.push({
        file: facts.document.file,
        line: facts.document.lineOf('relationshipName'),
        message: `relationshipName ${facts.relationshipName} on ${facts.referenceTo} is already used by ${owner}`,
      });
    else relationshipOwners.set(key, `${facts.objectName}.${facts.fieldName}`);
  }
}

function checkCompleteness(
  defaultDirectory: string,
  fields: ReadonlyMap<string, FieldFacts>,
  customObjects: ReadonlySet<string>,
  permissionSetNames: readonly string[],
  influenceModels: readonly MetadataDocument[],
  issues: MetadataIssue[],
  display: (path: string) => string,
): void {
  const objectsFolder = display(join(defaultDirectory, 'objects'));
  const missing = (message: string) => issues.push({ file: objectsFolder, message });
  const keyOf = (objectName: string) => [...fields.values()].find((facts) => facts.objectName === objectName && facts.externalId && facts.unique);
  for (const objectName of PACKAGE_REQUIREMENTS.externalKeyObjects) {
    if (!customObjects.has(objectName)) missing(`the package needs the custom object ${objectName}`);
    else if (!keyOf(objectName)) missing(`${objectName} needs an External ID field that is also unique (idempotent upserts)`);
  }
  for (const objectName of customObjects)
    if (!keyOf(objectName)) missing(`${objectName} needs an External ID field that is also unique (idempotent upserts)`);
  for (const [objectName, fieldName] of Object.entries(PACKAGE_REQUIREMENTS.standardObjectKeys)) {
    const facts = fields.get(`${objectName}.${fieldName}`);
    if (!facts || !facts.externalId || !facts.unique) missing(`${objectName}.${fieldName} must exist as an External ID, unique field`);
  }
  for (const [objectName, target] of PACKAGE_REQUIREMENTS.lookups) {
    if (![...fields.values()].some((facts) => facts.objectName === objectName && facts.referenceTo === target))
      missing(`${objectName} needs a lookup to ${target}`);
  }
  for (const fieldName of PACKAGE_REQUIREMENTS.campaignFields)
    if (!fields.has(`Campaign.${fieldName}`)) missing(`Campaign needs the field ${fieldName}`);
  for (const name of PACKAGE_REQUIREMENTS.permissionSets) {
    if (!permissionSetNames.includes(name))
      issues.push({ file: display(join(defaultDirectory, 'permissionsets')), message: `the permission set ${name} is missing` });
  }
  if (influenceModels.length === 0)
    issues.push({ file: display(join(defaultDirectory, 'campaignInfluenceModels')), message: 'a locked custom CampaignInfluenceModel is missing' });
}

/** Formats issues as `file:line: message` lines. */
export function formatMetadataIssues(issues: readonly MetadataIssue[]): string {
  return issues.map((issue) => `${issue.file}${issue.line ? `:${issue.line}` : ''}: ${issue.message}`).join('\n');
}
