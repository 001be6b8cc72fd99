import { CrmCallError, type RateBudgetObservation } from '@pipeline-attribution/core/dist/sync';

type Headers = Record<string, string | undefined>;

function header(headers: Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function numberHeader(headers: Headers | undefined, name: string): number | undefined {
  const raw = header(headers, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** X-HubSpot-RateLimit-* headers (contract §b.8); search responses carry none. */
export function rateBudgetFromHeaders(headers: Headers | undefined): RateBudgetObservation | undefined {
  const max = numberHeader(headers, 'x-hubspot-ratelimit-max');
  const remaining = numberHeader(headers, 'x-hubspot-ratelimit-remaining');
  const intervalMs = numberHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  const dailyLimit = numberHeader(headers, 'x-hubspot-ratelimit-daily');
  const dailyRemaining = numberHeader(headers, 'x-hubspot-ratelimit-daily-remaining');
  if (max === undefined && remaining === undefined && dailyLimit === undefined) return undefined;
  return {
    max,
    remaining,
    intervalMs,
    dailyLimit,
    dailyUsed: dailyLimit !== undefined && dailyRemaining !== undefined ? dailyLimit - dailyRemaining : undefined,
  };
}

/** Retry-After in seconds (RFC 9110 §10.2.3; an HTTP date also allowed). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const raw = header(headers, 'retry-after');
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * Turns what the client threw into the engine's failure kinds. The client throws ApiException
 * {code, body, headers} for any non-listed status (contract §b.1), and fetch's TypeError on a dropped
 * connection. 429 bodies say their policy: TEN_SECONDLY_ROLLING and SECONDLY are waits; DAILY stops the run.
 */
export function toCrmCallError(error: unknown): CrmCallError {
  const apiError = error as { code?: number; body?: unknown; headers?: Headers; message?: string };
  const status = typeof apiError?.code === 'number' ? apiError.code : undefined;
  if (status === undefined) {
    const message = (error as Error)?.message ?? String(error);
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    if (error instanceof TypeError || /fetch failed|socket|ECONNRESET|other side closed/i.test(message)) {
      return new CrmCallError('network', `${message}${cause?.code ? ` (${cause.code})` : ''}`);
    }
    return new CrmCallError('client', message);
  }
  const body = (typeof apiError.body === 'object' && apiError.body !== null ? apiError.body : {}) as {
    message?: string;
    policyName?: string;
    category?: string;
  };
  const message = `HubSpot ${status}${body.category ? ` ${body.category}` : ''}: ${body.message ?? apiError.message ?? 'error'}`;
  if (status === 429) {
    if (body.policyName === 'DAILY') return new CrmCallError('daily-limit', message, { status, policyName: body.policyName });
    const secondly = body.policyName === 'SECONDLY' || body.message === 'You have reached your secondly limit.';
    return new CrmCallError('rate-limit', message, {
      status,
      policyName: body.policyName,
      retryAfterMs: retryAfterMs(apiError.headers) ?? (secondly ? 1000 : undefined),
    });
  }
  if (status === 401) return new CrmCallError('auth', message, { status });
  // 423 Locked: "wait at least 2 seconds" (error-handling doc, contract §b.7); 5xx: transient.
  if (status >= 500 || status === 423) return new CrmCallError('server', message, { status, retryAfterMs: status === 423 ? 2000 : undefined });
  return new CrmCallError('client', message, { status });
}
