import { CrmCallError, type RateBudgetObservation } from '@pipeline-attribution/core/dist/sync';

/** conn.limitInfo.apiUsage, parsed by jsforce from `Sforce-Limit-Info: api-usage=used/limit` (contract §d.3). */
export function budgetFromLimitInfo(limitInfo: { apiUsage?: { used: number; limit: number } } | undefined): RateBudgetObservation | undefined {
  const usage = limitInfo?.apiUsage;
  return usage ? { dailyUsed: usage.used, dailyLimit: usage.limit } : undefined;
}

/**
 * jsforce throws HttpApiError {errorCode, message} without the HTTP status: JSON bodies give the
 * Salesforce errorCode, others `ERROR_HTTP_<status>` (contract §d.3). Dropped connections surface as
 * fetch's TypeError. REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded." is the daily limit (stop);
 * other REQUEST_LIMIT_EXCEEDED (concurrency) and 429s are waits; 5xx, SERVER_UNAVAILABLE, UNABLE_TO_LOCK_ROW retry.
 */
export function toSalesforceCallError(error: unknown): CrmCallError {
  if (error instanceof CrmCallError) return error;
  const errorCode = String((error as { errorCode?: string })?.errorCode ?? (error as { name?: string })?.name ?? '');
  const message = (error as Error)?.message ?? String(error);
  const text = `Salesforce ${errorCode}: ${message}`;
  const statusMatch = /^ERROR_HTTP_(\d{3})$/.exec(errorCode);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    return /TotalRequests/i.test(message)
      ? new CrmCallError('daily-limit', text, { status: 403 })
      : new CrmCallError('rate-limit', text, { status: 403 });
  }
  if (status === 429 || status === 420) return new CrmCallError('rate-limit', text, { status });
  if (
    (status !== undefined && status >= 500) ||
    ['SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'UNABLE_TO_LOCK_ROW', 'REQUEST_RUNNING_TOO_LONG'].includes(errorCode)
  ) {
    return new CrmCallError('server', text, { status });
  }
  if (errorCode === 'INVALID_SESSION_ID') return new CrmCallError('auth', text, { status: 401 });
  if (error instanceof TypeError || /fetch failed|socket hang up|ECONNRESET|other side closed|terminated/i.test(message))
    return new CrmCallError('network', text);
  return new CrmCallError('client', text, { status });
}
