import type { RateBudgetObservation } from './crmPort';

export interface Clock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

export interface RatePacerOptions {
  /** Requests allowed per window (HubSpot: 100, 110 or 190 per 10 s); omitted = no short window. */
  readonly maxRequests?: number;
  readonly intervalMs?: number;
  readonly maxConcurrency: number;
  /** Slots kept free in each window, for the requests of other clients of the same account and clock skew. */
  readonly safetyMargin?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
}

/**
 * Paces requests to a rolling-window rate limit (HubSpot's TEN_SECONDLY_ROLLING, contract §b.8) and
 * bounds concurrency by what is left of the budget: a request starts only when fewer than
 * `maxRequests − safetyMargin` were started in the last `intervalMs` and fewer than `maxConcurrency` are
 * in flight. The limit headers of each response refine the budget (another app may share the account),
 * and a 429 pauses every worker: for Retry-After when the API sends it, else until enough of the window
 * has passed, at least an exponentially growing, jittered wait while 429s keep coming.
 */
export class RatePacer {
  private readonly startedAt: number[] = [];
  private inFlight = 0;
  private pausedUntil = 0;
  private consecutiveRateLimits = 0;
  private readonly waiting: Array<() => void> = [];
  private maxRequests: number | undefined;
  private intervalMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  /** Requests started and 429s received, for the run status. */
  requestsStarted = 0;
  rateLimited = 0;
  pausedMs = 0;

  constructor(private readonly options: RatePacerOptions) {
    this.maxRequests = options.maxRequests;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.random = options.random ?? Math.random;
  }

  get budget(): { maxRequests?: number; intervalMs: number } {
    return { maxRequests: this.maxRequests, intervalMs: this.intervalMs };
  }

  /** Waits for a slot (window budget and concurrency), then takes it. Call release() when the request ends. */
  async acquire(): Promise<void> {
    for (;;) {
      const waitMs = this.windowWaitMs();
      if (waitMs > 0) {
        this.pausedMs += waitMs;
        await this.clock.sleep(waitMs);
        continue;
      }
      if (this.inFlight >= this.options.maxConcurrency) {
        await new Promise<void>((resolve) => this.waiting.push(resolve));
        continue;
      }
      this.inFlight++;
      this.requestsStarted++;
      if (this.maxRequests !== undefined) this.startedAt.push(this.clock.now());
      return;
    }
  }

  release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  /** Feeds the limit headers of a response. */
  observe(observation: RateBudgetObservation | undefined): void {
    if (!observation) return;
    if (observation.max !== undefined && observation.max > 0) this.maxRequests = observation.max;
    if (observation.intervalMs !== undefined && observation.intervalMs > 0) this.intervalMs = observation.intervalMs;
    // Requests still in flight were counted by the server or will be: compare what is left after them.
    if (observation.remaining !== undefined && this.maxRequests !== undefined && observation.remaining - this.inFlight <= this.margin()) {
      // The server counts requests we did not make (another integration): wait for our oldest to leave the window.
      const oldest = this.startedAt[0] ?? this.clock.now();
      this.pausedUntil = Math.max(this.pausedUntil, oldest + this.intervalMs);
    }
  }

  /** A request succeeded: the run of 429s is over. */
  onSuccess(): void {
    this.consecutiveRateLimits = 0;
  }

  /** A 429: pause everyone, honouring Retry-After, else the window and a growing jittered wait. */
  onRateLimited(retryAfterMs: number | undefined): void {
    this.rateLimited++;
    this.consecutiveRateLimits++;
    const now = this.clock.now();
    let waitMs: number;
    if (retryAfterMs !== undefined) waitMs = retryAfterMs;
    else {
      const ceiling = Math.min(this.intervalMs, 1000 * 2 ** (this.consecutiveRateLimits - 1));
      waitMs = ceiling / 2 + Math.floor((this.random() * ceiling) / 2);
    }
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
  }

  private margin(): number {
    return this.options.safetyMargin ?? (this.maxRequests !== undefined ? Math.max(1, Math.ceil(this.maxRequests * 0.01)) : 0);
  }

  private windowWaitMs(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.maxRequests === undefined) return 0;
    const windowStart = now - this.intervalMs;
    while (this.startedAt.length > 0 && this.startedAt[0] <= windowStart) this.startedAt.shift();
    const allowed = Math.max(1, this.maxRequests - this.margin());
    if (this.startedAt.length < allowed) return 0;
    return Math.max(1, this.startedAt[this.startedAt.length - allowed] + this.intervalMs - now + 1);
  }
}
