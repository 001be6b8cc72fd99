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

  constructor(private readonly connection: Connection) {}

  remember(sobject: string, key: string, id: string): void {
    this.table(sobject).set(key, id);
  }

  forget(sobject: string, key: string): void {
    this.table(sobject).delete(key);
  }

  async resolve(sobject: string, keyField: string, keys: Iterable<string>, call: CallObserver): Promise<Map<string, string | null>> {
    const table = this.table(sobject);
    const wanted = [...new Set([...keys].filter((key) => key !== ''))];
    const missing = wanted.filter((key) => !table.has(key));
    for (let start = 0; start < missing.length; start += KEYS_PER_QUERY) {
      const chunk = missing.slice(start, start + KEYS_PER_QUERY);
      for (const key of chunk) table.set(key, null);
      const soql = `SELECT Id, ${soqlIdentifier(keyField)} FROM ${soqlIdentifier(sobject)} WHERE ${soqlIdentifier(keyField)} IN ${soqlList(chunk)}`;
      let result;
      try {
        result = await this.connection.query<{ Id: string } & Record<string, unknown>>(soql);
      } catch (error) {
        for (const key of chunk) table.delete(key);
        call.onCall(budgetFromLimitInfo(this.connection.limitInfo));
        throw toSalesforceCallError(error);
      }
      call.onCall(budgetFromLimitInfo(this.connection.limitInfo));
      for (const record of result.records) table.set(String(record[keyField]), record.Id);
    }
    const found = new Map<string, string | null>();
    for (const key of wanted) found.set(key, table.get(key) ?? null);
    return found;
  }

  private table(sobject: string): Map<string, string | null> {
    let table = this.ids.get(sobject);
    if (!table) this.ids.set(sobject, (table = new Map()));
    return table;
  }
}
