import Database from 'better-sqlite3';

export type SandboxDatabase = Database.Database;

/**
 * One SQLite file per sandbox (or `:memory:`), in WAL mode. Records keep their fields as JSON text;
 * every lookup a request makes goes through a primary key or an index (ids, unique/external-id
 * values, associations), so single-record calls stay O(log n) at millions of rows.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY, service TEXT NOT NULL, account_id TEXT NOT NULL, kind TEXT NOT NULL,
  expires_at INTEGER NOT NULL, scopes TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS hs_portals (portal_id INTEGER PRIMARY KEY, config TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hs_records (
  portal_id INTEGER NOT NULL, object_type_id TEXT NOT NULL, id INTEGER NOT NULL,
  properties TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (portal_id, object_type_id, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hs_unique_values (
  portal_id INTEGER NOT NULL, object_type_id TEXT NOT NULL, property TEXT NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL,
  PRIMARY KEY (portal_id, object_type_id, property, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hs_associations (
  portal_id INTEGER NOT NULL, from_type TEXT NOT NULL, from_id INTEGER NOT NULL, to_type TEXT NOT NULL, to_id INTEGER NOT NULL,
  category TEXT NOT NULL, type_id INTEGER NOT NULL,
  PRIMARY KEY (portal_id, from_type, from_id, to_type, to_id, category, type_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hs_schemas (portal_id INTEGER NOT NULL, object_type_id TEXT NOT NULL, definition TEXT NOT NULL,
  PRIMARY KEY (portal_id, object_type_id));
CREATE TABLE IF NOT EXISTS hs_properties (portal_id INTEGER NOT NULL, object_type_id TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
  PRIMARY KEY (portal_id, object_type_id, name));
CREATE TABLE IF NOT EXISTS hs_property_groups (portal_id INTEGER NOT NULL, object_type_id TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
  PRIMARY KEY (portal_id, object_type_id, name));
CREATE TABLE IF NOT EXISTS hs_association_labels (portal_id INTEGER NOT NULL, from_type TEXT NOT NULL, to_type TEXT NOT NULL, type_id INTEGER NOT NULL,
  category TEXT NOT NULL, label TEXT, name TEXT NOT NULL, inverse_type_id INTEGER NOT NULL, PRIMARY KEY (portal_id, from_type, type_id));
CREATE TABLE IF NOT EXISTS sf_orgs (org_id TEXT PRIMARY KEY, config TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sf_records (
  org_id TEXT NOT NULL, id TEXT NOT NULL, sobject TEXT NOT NULL, fields TEXT NOT NULL, is_deleted INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL, PRIMARY KEY (org_id, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sf_records_by_object ON sf_records (org_id, sobject, seq);
CREATE TABLE IF NOT EXISTS sf_index_values (
  org_id TEXT NOT NULL, sobject TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (org_id, sobject, field, value, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

export function openDatabase(file: string | undefined): SandboxDatabase {
  const database = new Database(file ?? ':memory:');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = OFF');
  // Keep the id and unique-value indexes of a million-record database in memory (at most 256 MB).
  database.pragma('cache_size = -262144');
  database.pragma('mmap_size = 268435456');
  database.exec(SCHEMA);
  return database;
}

/**
 * Monotonic counters (record ids) that survive restarts; cached in memory and written through in
 * the caller's transaction, so a committed record's id is always at or below the stored value.
 */
export class Counters {
  private readonly cache = new Map<string, number>();
  private readonly read;
  private readonly write;

  constructor(database: SandboxDatabase) {
    this.read = database.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?');
    this.write = database.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)');
  }

  next(name: string, start = 1): number {
    let value = this.cache.get(name);
    if (value === undefined) value = this.read.get(name)?.value ?? start - 1;
    value += 1;
    this.cache.set(name, value);
    this.write.run(name, value);
    return value;
  }
}

export function readMeta(database: SandboxDatabase, key: string): string | undefined {
  return database.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
}

export function writeMeta(database: SandboxDatabase, key: string, value: string): void {
  database.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
