import { randomBytes } from 'node:crypto';
import type { ServiceName } from '../http/requestLog';
import type { SandboxDatabase } from './database';

export interface TokenRecord {
  token: string;
  service: ServiceName;
  accountId: string;
  kind: 'access' | 'refresh' | 'code';
  expiresAt: number;
  scopes: string[];
}

/** Access tokens, refresh tokens and authorization codes of both services (persisted, cached). */
export class TokenStore {
  private readonly cache = new Map<string, TokenRecord | null>();
  private readonly select;
  private readonly insert;
  private readonly updateExpiry;
  private readonly remove;

  constructor(private readonly database: SandboxDatabase) {
    this.select = database.prepare<[string], { token: string; service: string; account_id: string; kind: string; expires_at: number; scopes: string }>(
      'SELECT * FROM tokens WHERE token = ?',
    );
    this.insert = database.prepare('INSERT OR REPLACE INTO tokens (token, service, account_id, kind, expires_at, scopes) VALUES (?, ?, ?, ?, ?, ?)');
    this.updateExpiry = database.prepare('UPDATE tokens SET expires_at = ? WHERE token = ?');
    this.remove = database.prepare('DELETE FROM tokens WHERE token = ?');
  }

  static newToken(prefix: string): string {
    return `${prefix}${randomBytes(24).toString('base64url')}`;
  }

  issue(record: TokenRecord): TokenRecord {
    this.insert.run(record.token, record.service, record.accountId, record.kind, record.expiresAt, record.scopes.join(' '));
    this.cache.set(record.token, record);
    return record;
  }

  find(token: string): TokenRecord | undefined {
    let record = this.cache.get(token);
    if (record === undefined) {
      const row = this.select.get(token);
      record = row
        ? { token: row.token, service: row.service as ServiceName, accountId: row.account_id, kind: row.kind as TokenRecord['kind'], expiresAt: row.expires_at, scopes: row.scopes ? row.scopes.split(' ') : [] }
        : null;
      this.cache.set(token, record);
    }
    return record ?? undefined;
  }

  expire(token: string): void {
    const record = this.find(token);
    if (!record) return;
    // A moment in the past, so "expired N second(s) ago" messages stay truthful.
    record.expiresAt = Math.min(record.expiresAt, Date.now() - 1000);
    this.updateExpiry.run(record.expiresAt, token);
  }

  /** Expires every access token of a service (refresh tokens keep working). */
  expireAll(service?: ServiceName): void {
    const rows = this.database
      .prepare<[], { token: string; service: string }>("SELECT token, service FROM tokens WHERE kind = 'access'")
      .all()
      .filter((row) => !service || row.service === service);
    for (const row of rows) this.expire(row.token);
  }

  revoke(token: string): void {
    this.remove.run(token);
    this.cache.set(token, null);
  }
}
