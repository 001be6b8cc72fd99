import type { Connection } from 'jsforce';
import type { CallObserver } from '@pipeline-attribution/core/dist/sync';
import { budgetFromLimitInfo, toSalesforceCallError } from './salesforceErrors';
import { soqlIdentifier, soqlList } from './soql';

/** Keys per IN list: keeps each query far below SOQL's 100,000-character limit. */
const KEYS_PER_QUERY = 200;

/**
 * Salesforce lookups take record Ids, while our records name each other by external key. This maps
 * (object, key field, key) → Id, from upsert results and, for keys not seen yet, from one SOQL query per
 * 200 keys (escaped IN lists). Absent keys are remembered as null so they are not queried again.
 */
export class SalesforceIdResolver {
  private readonly ids = new Map<string, Map<string, string | null>>();
  private readonly pending = new Map<string, Map<string, Promise<void>>>();

  constructor(private readonly connection: Connection) {}

  remember(sobject: string, key: string, id: string): void {
    this.table(sobject).set(key, id);
  }

  forget(sobject: string, key: string): void {
    this.table(sobject).delete(key);
  }

  async resolve(sobject: string, keyField: string, keys: Iterable<string>, call: CallObserver): Promise<Map<string, string | null>> {
    const table = this.table(sobject);
    const pending = this.pendingOf(sobject);
    const wanted = [...new Set([...keys].filter((key) => key !== ''))];
    const missing = wanted.filter((key) => !table.has(key) && !pending.has(key));
    for (let start = 0; start < missing.length; start += KEYS_PER_QUERY) {
      const chunk = missing.slice(start, start + KEYS_PER_QUERY);
      // Concurrent batches asking for the same keys wait for this one query instead of reading a half-filled cache.
      const lookup = this.lookUp(sobject, keyField, chunk, call).finally(() => {
        for (const key of chunk) if (pending.get(key) === lookup) pending.delete(key);
      });
      for (const key of chunk) pending.set(key, lookup);
    }
    await Promise.all(new Set(wanted.map((key) => pending.get(key)).filter((lookup): lookup is Promise<void> => lookup !== undefined)));
    const found = new Map<string, string | null>();
    for (const key of wanted) found.set(key, table.get(key) ?? null);
    return found;
  }

  private async lookUp(sobject: string, keyField: string, chunk: string[], call: CallObserver): Promise<void> {
    const soql = `SELECT Id, ${soqlIdentifier(keyField)} FROM ${soqlIdentifier(sobject)} WHERE ${soqlIdentifier(keyField)} IN ${soqlList(chunk)}`;
    let result;
    try {
      result = await this.connection.query<{ Id: string } & Record<string, unknown>>(soql);
    } catch (error) {
      call.onCall(budgetFromLimitInfo(this.connection.limitInfo));
      throw toSalesforceCallError(error);
    }
    call.onCall(budgetFromLimitInfo(this.connection.limitInfo));
    const table = this.table(sobject);
    for (const key of chunk) if (!table.has(key)) table.set(key, null);
    for (const record of result.records) table.set(String(record[keyField]), record.Id);
  }

  private pendingOf(sobject: string): Map<string, Promise<void>> {
    let pending = this.pending.get(sobject);
    if (!pending) this.pending.set(sobject, (pending = new Map()));
    return pending;
  }

  private table(sobject: string): Map<string, string | null> {
    let table = this.ids.get(sobject);
    if (!table) this.ids.set(sobject, (table = new Map()));
    return table;
  }
}
