import { backoffDelayMs, DEFAULT_RETRY_SETTINGS, type CallObserver } from '@pipeline-attribution/core/dist/sync';
import { rateBudgetFromHeaders, toCrmCallError } from './hubspotErrors';

interface HttpInfoLike<T> {
  httpStatusCode: number;
  headers: Record<string, string>;
  data: T;
}

/**
 * Runs one client call outside the engine's batch path (setup, reads, deletes): reports it to the
 * observer with its rate headers, and retries 429s (waiting as the policy says), 5xx and dropped
 * connections with jittered backoff, as the engine does for writes.
 */
export async function hubspotCall<T>(
  observer: CallObserver,
  run: () => Promise<HttpInfoLike<T>>,
  attempts = DEFAULT_RETRY_SETTINGS.maxAttempts,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await run();
      observer.onCall(rateBudgetFromHeaders(response.headers));
      return response.data;
    } catch (error) {
      const failure = toCrmCallError(error);
      observer.onCall(rateBudgetFromHeaders((error as { headers?: Record<string, string> }).headers));
      const retryable = failure.kind === 'rate-limit' || failure.kind === 'server' || failure.kind === 'network';
      if (!retryable || attempt + 1 >= attempts) throw failure;
      const wait =
        failure.details.retryAfterMs ??
        (failure.kind === 'rate-limit' ? 1000 + backoffDelayMs(attempt, DEFAULT_RETRY_SETTINGS) : backoffDelayMs(attempt, DEFAULT_RETRY_SETTINGS));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export const NO_OBSERVER: CallObserver = { onCall() {} };
