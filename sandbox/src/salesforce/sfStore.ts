import type { SandboxDatabase } from '../store/database';
import { Counters } from '../store/database';

export type FieldValue = string | number | boolean | null;

export interface SalesforceRecord {
  id: string;
  sobject: string;
  fields: Record<string, FieldValue>;
  isDeleted: boolean;
  seq: number;
}

type Row = { id: string; sobject: string; fields: string; is_deleted: number; seq: number };

/** Records of every org, by id, by object (insertion order) and by indexed (external id / unique) values. */
export class SalesforceStore {
  readonly counters: Counters;
  private readonly statements;

  constructor(readonly database: SandboxDatabase) {
    this.counters = new Counters(database);
    this.statements = {
      get: database.prepare<[string, string], Row>('SELECT id, sobject, fields, is_deleted, seq FROM sf_records WHERE org_id = ? AND id = ?'),
      insert: database.prepare('INSERT INTO sf_records (org_id, id, sobject, fields, is_deleted, seq) VALUES (?, ?, ?, ?, 0, ?)'),
      update: database.prepare('UPDATE sf_records SET fields = ?, is_deleted = ? WHERE org_id = ? AND id = ?'),
      hardDelete: database.prepare('DELETE FROM sf_records WHERE org_id = ? AND id = ?'),
      iterate: database.prepare<[string, string], Row>('SELECT id, sobject, fields, is_deleted, seq FROM sf_records WHERE org_id = ? AND sobject = ? ORDER BY seq'),
      count: database.prepare<[string, string], { total: number }>('SELECT COUNT(*) AS total FROM sf_records WHERE org_id = ? AND sobject = ? AND is_deleted = 0'),
      findIndexed: database.prepare<[string, string, string, string], { id: string }>('SELECT id FROM sf_index_values WHERE org_id = ? AND sobject = ? AND field = ? AND value = ?'),
      setIndexed: database.prepare('INSERT OR IGNORE INTO sf_index_values (org_id, sobject, field, value, id) VALUES (?, ?, ?, ?, ?)'),
      deleteIndexed: database.prepare('DELETE FROM sf_index_values WHERE org_id = ? AND sobject = ? AND field = ? AND value = ? AND id = ?'),
      orgs: database.prepare<[], { org_id: string; config: string }>('SELECT org_id, config FROM sf_orgs ORDER BY rowid'),
      putOrg: database.prepare('INSERT OR REPLACE INTO sf_orgs (org_id, config) VALUES (?, ?)'),
    };
  }

  private toRecord(row: Row): SalesforceRecord {
    return { id: row.id, sobject: row.sobject, fields: JSON.parse(row.fields) as Record<string, FieldValue>, isDeleted: row.is_deleted === 1, seq: row.seq };
  }

  get(orgId: string, id: string): SalesforceRecord | undefined {
    const row = this.statements.get.get(orgId, id);
    return row ? this.toRecord(row) : undefined;
  }

  insert(orgId: string, record: SalesforceRecord): void {
    this.statements.insert.run(orgId, record.id, record.sobject, JSON.stringify(record.fields), record.seq);
  }

  update(orgId: string, record: SalesforceRecord): void {
    this.statements.update.run(JSON.stringify(record.fields), record.isDeleted ? 1 : 0, orgId, record.id);
  }

  hardDelete(orgId: string, id: string): void {
    this.statements.hardDelete.run(orgId, id);
  }

  *iterate(orgId: string, sobject: string): IterableIterator<SalesforceRecord> {
    for (const row of this.statements.iterate.iterate(orgId, sobject)) yield this.toRecord(row);
  }

  count(orgId: string, sobject: string): number {
    return this.statements.count.get(orgId, sobject)?.total ?? 0;
  }

  findIndexed(orgId: string, sobject: string, field: string, value: string): string[] {
    return this.statements.findIndexed.all(orgId, sobject, field, value).map((row) => row.id);
  }

  setIndexed(orgId: string, sobject: string, field: string, value: string, id: string): void {
    this.statements.setIndexed.run(orgId, sobject, field, value, id);
  }

  deleteIndexed(orgId: string, sobject: string, field: string, value: string, id: string): void {
    this.statements.deleteIndexed.run(orgId, sobject, field, value, id);
  }

  orgs(): Array<Record<string, unknown>> {
    return this.statements.orgs.all().map((row) => JSON.parse(row.config) as Record<string, unknown>);
  }

  putOrg(orgId: string, config: Record<string, unknown>): void {
    this.statements.putOrg.run(orgId, JSON.stringify(config));
  }
}
