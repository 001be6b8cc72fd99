import type { SyncKind, SyncPayload, SyncRecord } from './syncRecords';

/**
 * The port every CRM adapter implements (adapters live in hubspot-app/ and salesforce-package/; the
 * core never imports them). The engine owns pacing, retries, the outbox and dead letters; an adapter
 * only translates records to API calls through the real client and reports what each call did.
 */
export interface CrmAdapter {
  readonly name: 'hubspot' | 'salesforce';
  /** The kinds this CRM stores (HubSpot has no CampaignInfluence); others are never queued for it. */
  readonly kinds: readonly SyncKind[];
  /** Records per write call for a kind: HubSpot batch inputs ≤ 100; Salesforce collections ≤ 200. */
  batchCap(kind: SyncKind): number;
  /** The API's request budget, when it has a short window (HubSpot: 100/110/190 per 10 s). */
  readonly rateWindow?: { maxRequests: number; intervalMs: number };
  /** Concurrent requests the adapter allows at most (before the rate budget narrows it). */
  readonly maxConcurrency: number;
  /**
   * Writes one batch (≤ batchCap) by upsert on the external key. Resolves with one outcome per record
   * (the CRM's per-record result: written, or failed with its reason); throws CrmCallError when the
   * whole call failed (429, 5xx, dropped connection, expired token…) — the engine retries those.
   */
  writeBatch(kind: SyncKind, records: readonly SyncRecord[], call: CallObserver): Promise<RecordOutcome[]>;
  /** Every record of a kind the CRM holds that this app wrote (for reconciliation and tests). */
  readAll(kind: SyncKind, call: CallObserver): AsyncIterable<CrmRecord>;
  /** Deletes records by external key; resolves with the keys deleted. */
  deleteByKeys(kind: SyncKind, keys: readonly string[], call: CallObserver): Promise<string[]>;
  /** External keys of a contact's records of a kind (touchpoints, credits) in the CRM, for erasure. */
  findKeysOfContact(kind: SyncKind, contactKey: string, call: CallObserver): Promise<string[]>;
}

/** A record as read back from the CRM, normalised to the sync payload shape. */
export interface CrmRecord {
  readonly key: string;
  readonly crmId: string;
  readonly payload: Partial<SyncPayload<SyncKind>>;
}

export type RecordOutcome =
  | { readonly key: string; readonly status: 'written'; readonly crmId?: string; readonly created?: boolean }
  | { readonly key: string; readonly status: 'failed'; readonly reason: string };

/** What an adapter tells the engine about each HTTP call it made: counts calls and feeds the pacer. */
export interface CallObserver {
  /** Called once per HTTP request, with the rate headers of its response when there were any. */
  onCall(budget?: RateBudgetObservation): void;
}

/** Parsed rate-limit headers (HubSpot X-HubSpot-RateLimit-*, Salesforce Sforce-Limit-Info). */
export interface RateBudgetObservation {
  /** Requests allowed in the window. */
  readonly max?: number;
  /** Requests left in the window at the time of the response. */
  readonly remaining?: number;
  readonly intervalMs?: number;
  /** Daily usage (Salesforce api-usage=used/limit; HubSpot X-HubSpot-RateLimit-Daily[-Remaining]). */
  readonly dailyUsed?: number;
  readonly dailyLimit?: number;
}

export type CrmFailureKind = 'rate-limit' | 'daily-limit' | 'server' | 'network' | 'auth' | 'client';

/**
 * A whole call failed. `kind` decides the engine's reaction: rate-limit → wait (Retry-After or the
 * policy's window); server/network → back off with jitter and retry; daily-limit → stop the run and
 * keep the records queued; auth/client → not retryable (the batch's records go to dead letters).
 */
export class CrmCallError extends Error {
  constructor(
    readonly kind: CrmFailureKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; policyName?: string } = {},
  ) {
    super(message);
    this.name = 'CrmCallError';
  }
}
