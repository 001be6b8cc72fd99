import type { SandboxDatabase } from '../store/database';
import { Counters } from '../store/database';
import { STANDARD_ASSOCIATION_TYPES, STANDARD_OBJECT_TYPES, STANDARD_PROPERTIES, STANDARD_PROPERTY_GROUPS, type PropertySeed } from './standardObjects';

export interface PropertyDefinition {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean; description?: string }>;
  hasUniqueValue: boolean;
  hidden: boolean;
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  formField: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
}

export interface StoredRecord {
  id: number;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface AssociationDefinition {
  fromType: string;
  toType: string;
  typeId: number;
  inverseTypeId: number;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  label: string | null;
  name: string;
}

export interface CustomSchema {
  id: string;
  objectTypeId: string;
  name: string;
  fullyQualifiedName: string;
  labels: { singular: string; plural: string };
  requiredProperties: string[];
  searchableProperties: string[];
  primaryDisplayProperty?: string;
  secondaryDisplayProperties: string[];
  description?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

type RecordRow = { id: number; properties: string; created_at: number; updated_at: number; archived: number };

export function definitionFromSeed(seed: PropertySeed, displayOrder: number, now = new Date(0).toISOString()): PropertyDefinition {
  return {
    name: seed.name,
    label: seed.label,
    type: seed.type,
    fieldType: seed.fieldType,
    groupName: seed.groupName,
    description: '',
    options: seed.options ?? [],
    hasUniqueValue: seed.hasUniqueValue ?? false,
    hidden: false,
    displayOrder,
    calculated: false,
    externalOptions: false,
    formField: true,
    archived: false,
    createdAt: now,
    updatedAt: now,
    modificationMetadata: { archivable: !seed.readOnly, readOnlyDefinition: true, readOnlyValue: seed.readOnly ?? false },
  };
}

/** Data access for every HubSpot portal in the sandbox database (prepared statements, small caches). */
export class HubSpotStore {
  readonly counters: Counters;
  private readonly propertyCache = new Map<string, Map<string, PropertyDefinition>>();
  private readonly schemaCache = new Map<number, CustomSchema[]>();
  private readonly associationCache = new Map<number, AssociationDefinition[]>();
  private readonly statements;

  constructor(readonly database: SandboxDatabase) {
    this.counters = new Counters(database);
    this.statements = {
      getRecord: database.prepare<[number, string, number], RecordRow>('SELECT id, properties, created_at, updated_at, archived FROM hs_records WHERE portal_id = ? AND object_type_id = ? AND id = ?'),
      insertRecord: database.prepare('INSERT INTO hs_records (portal_id, object_type_id, id, properties, created_at, updated_at, archived) VALUES (?, ?, ?, ?, ?, ?, 0)'),
      deleteRecord: database.prepare('DELETE FROM hs_records WHERE portal_id = ? AND object_type_id = ? AND id = ?'),
      deleteAssociationsFrom: database.prepare('DELETE FROM hs_associations WHERE portal_id = ? AND from_type = ? AND from_id = ?'),
      deleteAssociationsTo: database.prepare('DELETE FROM hs_associations WHERE portal_id = ? AND to_type = ? AND to_id = ?'),
      updateRecord: database.prepare('UPDATE hs_records SET properties = ?, updated_at = ?, archived = ? WHERE portal_id = ? AND object_type_id = ? AND id = ?'),
      listRecords: database.prepare<[number, string, number, number, number], RecordRow>(
        'SELECT id, properties, created_at, updated_at, archived FROM hs_records WHERE portal_id = ? AND object_type_id = ? AND archived = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      allRecords: database.prepare<[number, string], RecordRow>('SELECT id, properties, created_at, updated_at, archived FROM hs_records WHERE portal_id = ? AND object_type_id = ? AND archived = 0 ORDER BY id'),
      findUnique: database.prepare<[number, string, string, string], { id: number }>('SELECT id FROM hs_unique_values WHERE portal_id = ? AND object_type_id = ? AND property = ? AND value = ?'),
      setUnique: database.prepare('INSERT OR REPLACE INTO hs_unique_values (portal_id, object_type_id, property, value, id) VALUES (?, ?, ?, ?, ?)'),
      deleteUnique: database.prepare('DELETE FROM hs_unique_values WHERE portal_id = ? AND object_type_id = ? AND property = ? AND value = ? AND id = ?'),
      properties: database.prepare<[number, string], { definition: string }>('SELECT definition FROM hs_properties WHERE portal_id = ? AND object_type_id = ?'),
      putProperty: database.prepare('INSERT OR REPLACE INTO hs_properties (portal_id, object_type_id, name, definition) VALUES (?, ?, ?, ?)'),
      deleteProperty: database.prepare('DELETE FROM hs_properties WHERE portal_id = ? AND object_type_id = ? AND name = ?'),
      groups: database.prepare<[number, string], { definition: string }>('SELECT definition FROM hs_property_groups WHERE portal_id = ? AND object_type_id = ?'),
      putGroup: database.prepare('INSERT OR REPLACE INTO hs_property_groups (portal_id, object_type_id, name, definition) VALUES (?, ?, ?, ?)'),
      deleteGroup: database.prepare('DELETE FROM hs_property_groups WHERE portal_id = ? AND object_type_id = ? AND name = ?'),
      schemas: database.prepare<[number], { definition: string }>('SELECT definition FROM hs_schemas WHERE portal_id = ?'),
      putSchema: database.prepare('INSERT OR REPLACE INTO hs_schemas (portal_id, object_type_id, definition) VALUES (?, ?, ?)'),
      associationDefinitions: database.prepare<[number], { from_type: string; to_type: string; type_id: number; inverse_type_id: number; category: string; label: string | null; name: string }>(
        'SELECT * FROM hs_association_labels WHERE portal_id = ?',
      ),
      putAssociationDefinition: database.prepare(
        'INSERT OR REPLACE INTO hs_association_labels (portal_id, from_type, to_type, type_id, category, label, name, inverse_type_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      deleteAssociationDefinition: database.prepare('DELETE FROM hs_association_labels WHERE portal_id = ? AND from_type = ? AND type_id = ?'),
      insertAssociation: database.prepare('INSERT OR IGNORE INTO hs_associations (portal_id, from_type, from_id, to_type, to_id, category, type_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      deleteAssociation: database.prepare('DELETE FROM hs_associations WHERE portal_id = ? AND from_type = ? AND from_id = ? AND to_type = ? AND to_id = ? AND category = ? AND type_id = ?'),
      deleteAssociationPair: database.prepare('DELETE FROM hs_associations WHERE portal_id = ? AND from_type = ? AND from_id = ? AND to_type = ? AND to_id = ?'),
      associationsOf: database.prepare<[number, string, number, string, number, number], { to_id: number; category: string; type_id: number }>(
        'SELECT to_id, category, type_id FROM hs_associations WHERE portal_id = ? AND from_type = ? AND from_id = ? AND to_type = ? AND to_id > ? ORDER BY to_id LIMIT ?',
      ),
      portals: database.prepare<[], { portal_id: number; config: string }>('SELECT portal_id, config FROM hs_portals ORDER BY portal_id'),
      putPortal: database.prepare('INSERT OR REPLACE INTO hs_portals (portal_id, config) VALUES (?, ?)'),
    };
  }

  // ---- portals
  portals(): Array<{ portalId: number; config: Record<string, unknown> }> {
    return this.statements.portals.all().map((row) => ({ portalId: row.portal_id, config: JSON.parse(row.config) as Record<string, unknown> }));
  }

  /** Creates a portal with the standard objects' properties, groups and association types. */
  createPortal(portalId: number, config: Record<string, unknown>): void {
    this.database.transaction(() => {
      this.statements.putPortal.run(portalId, JSON.stringify(config));
      for (const type of STANDARD_OBJECT_TYPES) {
        STANDARD_PROPERTIES[type.objectTypeId].forEach((seed, order) => this.putProperty(portalId, type.objectTypeId, definitionFromSeed(seed, order)));
        for (const group of STANDARD_PROPERTY_GROUPS[type.objectTypeId]) this.putGroup(portalId, type.objectTypeId, { ...group, displayOrder: -1, archived: false });
      }
      for (const association of STANDARD_ASSOCIATION_TYPES) {
        this.putAssociationDefinition(portalId, {
          fromType: association.from, toType: association.to, typeId: association.typeId, inverseTypeId: association.inverseTypeId,
          category: 'HUBSPOT_DEFINED', label: association.label, name: association.name,
        });
      }
    })();
  }

  // ---- records
  private toRecord(row: RecordRow): StoredRecord {
    return { id: row.id, properties: JSON.parse(row.properties) as Record<string, string | null>, createdAt: row.created_at, updatedAt: row.updated_at, archived: row.archived === 1 };
  }

  getRecord(portalId: number, objectTypeId: string, id: number): StoredRecord | undefined {
    const row = this.statements.getRecord.get(portalId, objectTypeId, id);
    return row ? this.toRecord(row) : undefined;
  }

  insertRecord(portalId: number, objectTypeId: string, record: StoredRecord): void {
    this.statements.insertRecord.run(portalId, objectTypeId, record.id, JSON.stringify(record.properties), record.createdAt, record.updatedAt);
  }

  updateRecord(portalId: number, objectTypeId: string, record: StoredRecord): void {
    this.statements.updateRecord.run(JSON.stringify(record.properties), record.updatedAt, record.archived ? 1 : 0, portalId, objectTypeId, record.id);
  }

  /** Removes a record for good, with its associations (GDPR delete); unique values are the caller's. */
  purgeRecord(portalId: number, objectTypeId: string, id: number): void {
    this.statements.deleteRecord.run(portalId, objectTypeId, id);
    this.statements.deleteAssociationsFrom.run(portalId, objectTypeId, id);
    this.statements.deleteAssociationsTo.run(portalId, objectTypeId, id);
  }

  listRecords(portalId: number, objectTypeId: string, archived: boolean, afterId: number, limit: number): StoredRecord[] {
    return this.statements.listRecords.all(portalId, objectTypeId, archived ? 1 : 0, afterId, limit).map((row) => this.toRecord(row));
  }

  *iterateRecords(portalId: number, objectTypeId: string): IterableIterator<StoredRecord> {
    for (const row of this.statements.allRecords.iterate(portalId, objectTypeId)) yield this.toRecord(row);
  }

  findByUnique(portalId: number, objectTypeId: string, property: string, value: string): number | undefined {
    return this.statements.findUnique.get(portalId, objectTypeId, property, value)?.id;
  }

  setUnique(portalId: number, objectTypeId: string, property: string, value: string, id: number): void {
    this.statements.setUnique.run(portalId, objectTypeId, property, value, id);
  }

  deleteUnique(portalId: number, objectTypeId: string, property: string, value: string, id: number): void {
    this.statements.deleteUnique.run(portalId, objectTypeId, property, value, id);
  }

  // ---- properties and groups
  properties(portalId: number, objectTypeId: string): Map<string, PropertyDefinition> {
    const key = `${portalId}/${objectTypeId}`;
    let cached = this.propertyCache.get(key);
    if (!cached) {
      cached = new Map();
      for (const row of this.statements.properties.all(portalId, objectTypeId)) {
        const definition = JSON.parse(row.definition) as PropertyDefinition;
        cached.set(definition.name, definition);
      }
      this.propertyCache.set(key, cached);
    }
    return cached;
  }

  putProperty(portalId: number, objectTypeId: string, definition: PropertyDefinition): void {
    this.statements.putProperty.run(portalId, objectTypeId, definition.name, JSON.stringify(definition));
    this.propertyCache.delete(`${portalId}/${objectTypeId}`);
  }

  deleteProperty(portalId: number, objectTypeId: string, name: string): void {
    this.statements.deleteProperty.run(portalId, objectTypeId, name);
    this.propertyCache.delete(`${portalId}/${objectTypeId}`);
  }

  groups(portalId: number, objectTypeId: string): Array<{ name: string; label: string; displayOrder: number; archived: boolean }> {
    return this.statements.groups.all(portalId, objectTypeId).map((row) => JSON.parse(row.definition) as { name: string; label: string; displayOrder: number; archived: boolean });
  }

  putGroup(portalId: number, objectTypeId: string, group: { name: string; label: string; displayOrder: number; archived: boolean }): void {
    this.statements.putGroup.run(portalId, objectTypeId, group.name, JSON.stringify(group));
  }

  deleteGroup(portalId: number, objectTypeId: string, name: string): void {
    this.statements.deleteGroup.run(portalId, objectTypeId, name);
  }

  // ---- custom object schemas
  schemas(portalId: number): CustomSchema[] {
    let cached = this.schemaCache.get(portalId);
    if (!cached) {
      cached = this.statements.schemas.all(portalId).map((row) => JSON.parse(row.definition) as CustomSchema);
      this.schemaCache.set(portalId, cached);
    }
    return cached;
  }

  putSchema(portalId: number, schema: CustomSchema): void {
    this.statements.putSchema.run(portalId, schema.objectTypeId, JSON.stringify(schema));
    this.schemaCache.delete(portalId);
  }

  // ---- association definitions and associations
  associationDefinitions(portalId: number): AssociationDefinition[] {
    let cached = this.associationCache.get(portalId);
    if (!cached) {
      cached = this.statements.associationDefinitions.all(portalId).map((row) => ({
        fromType: row.from_type, toType: row.to_type, typeId: row.type_id, inverseTypeId: row.inverse_type_id,
        category: row.category as AssociationDefinition['category'], label: row.label, name: row.name,
      }));
      this.associationCache.set(portalId, cached);
    }
    return cached;
  }

  putAssociationDefinition(portalId: number, definition: AssociationDefinition): void {
    this.statements.putAssociationDefinition.run(portalId, definition.fromType, definition.toType, definition.typeId, definition.category, definition.label, definition.name, definition.inverseTypeId);
    this.associationCache.delete(portalId);
  }

  deleteAssociationDefinition(portalId: number, fromType: string, typeId: number): void {
    this.statements.deleteAssociationDefinition.run(portalId, fromType, typeId);
    this.associationCache.delete(portalId);
  }

  /** Stores an association in both directions (the inverse type id for the reverse row). */
  associate(portalId: number, fromType: string, fromId: number, toType: string, toId: number, definition: AssociationDefinition): void {
    this.statements.insertAssociation.run(portalId, fromType, fromId, toType, toId, definition.category, definition.typeId);
    this.statements.insertAssociation.run(portalId, toType, toId, fromType, fromId, definition.category, definition.inverseTypeId);
  }

  dissociate(portalId: number, fromType: string, fromId: number, toType: string, toId: number, definition?: AssociationDefinition): void {
    if (definition) {
      this.statements.deleteAssociation.run(portalId, fromType, fromId, toType, toId, definition.category, definition.typeId);
      this.statements.deleteAssociation.run(portalId, toType, toId, fromType, fromId, definition.category, definition.inverseTypeId);
    } else {
      this.statements.deleteAssociationPair.run(portalId, fromType, fromId, toType, toId);
      this.statements.deleteAssociationPair.run(portalId, toType, toId, fromType, fromId);
    }
  }

  /** Every association of a record, to any type (for merges). */
  allAssociationsOf(portalId: number, fromType: string, fromId: number): Array<{ toType: string; toId: number; category: string; typeId: number }> {
    return this.database
      .prepare<[number, string, number], { to_type: string; to_id: number; category: string; type_id: number }>('SELECT to_type, to_id, category, type_id FROM hs_associations WHERE portal_id = ? AND from_type = ? AND from_id = ?')
      .all(portalId, fromType, fromId)
      .map((row) => ({ toType: row.to_type, toId: row.to_id, category: row.category, typeId: row.type_id }));
  }

  associationsOf(portalId: number, fromType: string, fromId: number, toType: string, afterToId: number, limit: number): Array<{ toId: number; category: string; typeId: number }> {
    return this.statements.associationsOf.all(portalId, fromType, fromId, toType, afterToId, limit).map((row) => ({ toId: row.to_id, category: row.category, typeId: row.type_id }));
  }
}
