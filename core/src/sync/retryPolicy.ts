import { CrmCallError } from './crmPort';

/** Retry settings; the defaults follow HubSpot's guidance (back off on 429/5xx) and AWS's "full jitter". */
export interface RetrySettings {
  /** Attempts per batch before its records stay queued for the next run. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 15_000 };

/**
 * "Full jitter" exponential backoff (Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog
 * 2015): a uniform delay in [0, min(cap, base·2^attempt)), so retrying clients spread out instead of
 * hitting the API together.
 */
export function backoffDelayMs(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Classifies anything thrown by an adapter call. A CrmCallError says what it is; a bare network error
 * (fetch's TypeError "fetch failed" with ECONNRESET/socket hang up, from a dropped connection) is
 * a transient 'network' failure; anything else is a programming or data error: not retryable.
 */
export function classifyFailure(error: unknown): CrmCallError {
  if (error instanceof CrmCallError) return error;
  const text = `${(error as Error)?.message ?? ''} ${String((error as { code?: string })?.code ?? '')} ${String((error as { cause?: { code?: string } })?.cause?.code ?? '')}`;
  if (/fetch failed|socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR|other side closed|network/i.test(text)) {
    return new CrmCallError('network', (error as Error)?.message ?? 'network error');
  }
  return new CrmCallError('client', (error as Error)?.message ?? String(error));
}

export function isRetryable(failure: CrmCallError): boolean {
  return failure.kind === 'rate-limit' || failure.kind === 'server' || failure.kind === 'network';
}
