import { prepareModels } from '../attribution/runModels';
import { createDataset } from '../dataset/dataset';
import type { AttributionModel, ModelSettings } from '../models/model';
import { defaultResolver } from '../resolution';
import { creditSyncRecords } from './buildSyncRecords';
import type { CrmConnection, ReadScope } from './crmConnector';
import type { CallObserver } from './crmPort';
import type { SyncOutbox } from './outbox';
import { drainOutbox, type DrainOptions, type SyncRunSummary } from './syncEngine';
import type { SyncKind, SyncRecord } from './syncRecords';

export interface CreditSyncResult {
  readonly summary: SyncRunSummary;
  readonly deals: number;
  readonly contacts: number;
  readonly touchpoints: number;
  readonly readCalls: number;
}

/** What a credit sync writes (adapters store the subset they support). */
export const CREDIT_KINDS: readonly SyncKind[] = ['credit', 'revenue', 'influence', 'outcome'];

export function* filterKinds(records: Iterable<SyncRecord>, kinds: ReadonlySet<SyncKind>): Generator<SyncRecord> {
  for (const record of records) if (kinds.has(record.kind)) yield record;
}

/** Campaign outcomes cover the data set (so only a full sync computes them): from its first touch to the as-of time. */
export function outcomePeriod(dataset: { touchpointTable: { occurredAt: Float64Array } }, asOf: number): { start: number; end: number } {
  let start = asOf;
  for (const occurredAt of dataset.touchpointTable.occurredAt) if (occurredAt < start) start = occurredAt;
  return { start, end: asOf };
}

export function scopeLabel(scope: ReadScope): string {
  return scope.mode === 'full'
    ? 'sync full'
    : scope.mode === 'since'
      ? `sync since ${new Date(scope.since).toISOString()}`
      : `sync deal ${scope.dealId}`;
}

/**
 * One `sync`: read the CRM (all, since a time, or one deal), resolve touchpoints, compute credits under
 * the models, queue them (unchanged credits are skipped) and drain. Used by the CLI and by the webhook
 * handler (real time, one deal).
 */
export async function runCreditSync(
  connection: CrmConnection,
  outbox: SyncOutbox,
  scope: ReadScope,
  models: readonly AttributionModel[],
  settings: ModelSettings,
  drain: Partial<DrainOptions> = {},
  influenceModel?: string,
): Promise<CreditSyncResult> {
  let readCalls = 0;
  const reads: CallObserver = { onCall: () => void readCalls++ };
  const tables = await connection.readTables(scope, reads);
  const dataset = createDataset(tables, {});
  const resolutions = defaultResolver().resolve(dataset);
  const prepared = prepareModels(dataset, resolutions, models, settings);
  const supported = new Set(connection.adapter.kinds);
  const counts = outbox.enqueue(
    connection.adapter.name,
    filterKinds(
      creditSyncRecords(dataset, resolutions, prepared, influenceModel, scope.mode === 'full' ? outcomePeriod(dataset, settings.asOf) : undefined),
      supported,
    ),
  );
  const summary = await drainOutbox({
    ...drain,
    adapter: connection.adapter,
    outbox,
    mode: scopeLabel(scope),
    kinds: CREDIT_KINDS,
    skipped: counts.skipped,
  });
  if (scope.mode !== 'deal' && summary.status === 'completed') outbox.setCursor(connection.adapter.name, 'sync', Date.now());
  return { summary, deals: dataset.dealTable.count, contacts: dataset.contactTable.count, touchpoints: dataset.touchpointTable.count, readCalls };
}
