import type { CallObserver } from './crmPort';
import type { CrmConnection } from './crmConnector';
import type { SyncOutbox } from './outbox';
import type { SyncKind } from './syncRecords';

/** The personal-data kinds a contact has in our objects. */
const PERSONAL_KINDS: readonly SyncKind[] = ['touchpoint', 'credit', 'revenue'];

export interface ErasureReport {
  readonly contact: string;
  readonly at: string;
  /** Per CRM and kind: records deleted there. */
  readonly crm: Record<string, Partial<Record<SyncKind, number>>>;
  /** Rows removed from the local outbox, per kind. */
  readonly outbox: Record<string, number>;
  readonly errors: string[];
}

/**
 * GDPR erasure of one contact (Art. 17): deletes the contact's touchpoints and credits from every
 * connected CRM — found both by the keys the outbox holds and by searching the CRM, so records written
 * by an earlier install are found too — then removes every outbox row of the contact, and keeps a report
 * that names the contact only by a hash. The customer's own contact record is left to the customer's
 * CRM process (HubSpot's privacy deletion, Salesforce's data deletion).
 */
export async function eraseContact(
  contactKey: string,
  connections: ReadonlyArray<CrmConnection>,
  outbox: SyncOutbox,
  call: CallObserver,
): Promise<ErasureReport> {
  const report: ErasureReport = { contact: contactKey, at: new Date().toISOString(), crm: {}, outbox: {}, errors: [] };
  const localKeys = outbox.keysOfContact(contactKey);
  for (const connection of connections) {
    const adapter = connection.adapter;
    const counts: Partial<Record<SyncKind, number>> = {};
    for (const kind of PERSONAL_KINDS) {
      try {
        const keys = new Set(localKeys.filter((row) => row.crm === adapter.name && row.kind === kind).map((row) => row.key));
        for (const key of await adapter.findKeysOfContact(kind, contactKey, call)) keys.add(key);
        counts[kind] = keys.size > 0 ? (await adapter.deleteByKeys(kind, [...keys], call)).length : 0;
      } catch (error) {
        report.errors.push(`${adapter.name} ${kind}: ${(error as Error).message}`);
      }
    }
    report.crm[adapter.name] = counts;
  }
  // Keep the local rows while any CRM failed, so a rerun can still find what to delete.
  if (report.errors.length === 0) {
    Object.assign(report.outbox, outbox.eraseContact(contactKey));
    outbox.recordErasure(contactKey, { ...report, contact: undefined });
  }
  return report;
}
