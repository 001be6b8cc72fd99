import { ApiError } from '../../http/reply';
import { defineObject, type SObjectDefinition } from './describe';
import { readPackageMetadata } from './packageMetadata';
import { standardObjects } from './standardObjects';

/** Every sObject of an org: the standard ones plus the package's custom objects and fields. */
export class SchemaRegistry {
  private readonly byLowerName = new Map<string, SObjectDefinition>();
  private readonly byKeyPrefix = new Map<string, SObjectDefinition>();

  constructor(metadataDir: string) {
    const metadata = readPackageMetadata(metadataDir);
    const objects = standardObjects().map((object) => {
      const extra = metadata.extraFields.get(object.name);
      return extra ? defineObject({ ...object, fields: [...object.fields, ...extra] }) : object;
    });
    for (const object of [...objects, ...metadata.customObjects]) {
      this.byLowerName.set(object.name.toLowerCase(), object);
      this.byKeyPrefix.set(object.keyPrefix, object);
    }
    // Child relationships come from the lookups that point at each object.
    for (const child of this.byLowerName.values()) {
      for (const entry of child.fields) {
        if (entry.type !== 'reference' || !entry.childRelationshipName) continue;
        for (const parentName of entry.referenceTo) {
          const parent = this.byLowerName.get(parentName.toLowerCase());
          if (!parent) continue;
          parent.childRelationships.push({ childSObject: child.name, field: entry.name, relationshipName: entry.childRelationshipName, cascadeDelete: !entry.nillable });
        }
      }
    }
  }

  all(): SObjectDefinition[] {
    return [...this.byLowerName.values()];
  }

  find(name: string): SObjectDefinition | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** The object or Salesforce's 404 `NOT_FOUND` "The requested resource does not exist". */
  get(name: string): SObjectDefinition {
    const found = this.find(name);
    if (!found) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return found;
  }

  byId(id: string): SObjectDefinition | undefined {
    return this.byKeyPrefix.get(id.slice(0, 3));
  }
}
