import { randomBytes } from 'node:crypto';
import { ApiError, json } from '../../http/reply';
import type { Router } from '../../http/router';
import type { SalesforceContext } from '../salesforceContext';
import { executeSoql } from '../soql/evaluateSoql';
import { parseSoql } from '../soql/parseSoql';

interface Cursor {
  records: Record<string, unknown>[];
  totalSize: number;
  createdAt: number;
  orgId: string;
}

/** Open query cursors (Salesforce keeps them ~15 minutes; at most 10 per user before the oldest is dropped). */
const CURSOR_LIFETIME_MS = 15 * 60_000;
const MAX_CURSORS = 1000;

/** REST `query`, `queryAll` and `queryMore` with `nextRecordsUrl` locators (contract §d.2, §j.3). */
export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  private page(context: SalesforceContext, cursorId: string, cursor: Cursor, offset: number): ReturnType<typeof json> {
    const end = Math.min(cursor.records.length, offset + context.queryPageSize);
    const body: Record<string, unknown> = { totalSize: cursor.totalSize, done: end >= cursor.records.length, records: cursor.records.slice(offset, end) };
    if (end < cursor.records.length) body.nextRecordsUrl = `/services/data/v${context.version}/query/${cursorId}-${end}`;
    else this.cursors.delete(cursorId);
    return json(200, body);
  }

  private prune(now: number): void {
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.createdAt > CURSOR_LIFETIME_MS || this.cursors.size > MAX_CURSORS) this.cursors.delete(id);
      else break;
    }
  }

  register(router: Router<SalesforceContext>): void {
    const run = (includeDeleted: boolean) => (request: { query: URLSearchParams }, context: SalesforceContext) => {
      const soql = request.query.get('q');
      if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'q: a SOQL query is required');
      const parsed = parseSoql(soql);
      const result = executeSoql(parsed, { orgId: context.org.orgId, store: context.store, registry: context.registry, version: context.version, includeDeleted, now: context.now() });
      if (parsed.count) return json(200, { totalSize: result.totalSize, done: true, records: [] });
      const cursorId = `01g${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
      const cursor = { records: result.records, totalSize: result.totalSize, createdAt: context.now(), orgId: context.org.orgId };
      this.prune(context.now());
      if (result.records.length > context.queryPageSize) this.cursors.set(cursorId, cursor);
      return this.page(context, cursorId, cursor, 0);
    };
    const more = (request: { params: Record<string, string> }, context: SalesforceContext) => {
      const match = /^(01g[A-Za-z0-9]+)-(\d+)$/.exec(request.params.locator);
      const cursor = match ? this.cursors.get(match[1]) : undefined;
      if (!match || !cursor || cursor.orgId !== context.org.orgId) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return this.page(context, match[1], cursor, Number(match[2]));
    };
    router.add('GET', '/query', run(false));
    router.add('GET', '/queryAll', run(true));
    router.add('GET', '/query/:locator', more);
    router.add('GET', '/queryAll/:locator', more);
  }
}
