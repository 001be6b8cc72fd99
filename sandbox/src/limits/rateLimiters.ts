/**
 * HubSpot's burst limit: a rolling window per token (contract §b.8: 100/110/190 requests per 10 s).
 * Timestamps of the window's requests sit in a ring buffer, so a check is O(expired entries).
 */
export class RollingWindowLimiter {
  private readonly windows = new Map<string, { times: Float64Array; head: number; count: number }>();

  constructor(
    readonly maxRequests: number,
    readonly windowMs: number,
  ) {}

  /** Counts the request if allowed; returns the remaining budget (-1 when over the limit). */
  take(key: string, now: number): number {
    let window = this.windows.get(key);
    if (!window) {
      window = { times: new Float64Array(Math.max(1, this.maxRequests)), head: 0, count: 0 };
      this.windows.set(key, window);
    }
    while (window.count > 0) {
      const oldest = window.times[(window.head - window.count + window.times.length) % window.times.length];
      if (now - oldest < this.windowMs) break;
      window.count--;
    }
    if (window.count >= this.maxRequests) return -1;
    window.times[window.head] = now;
    window.head = (window.head + 1) % window.times.length;
    window.count++;
    return this.maxRequests - window.count;
  }

  reset(): void {
    this.windows.clear();
  }
}

/** A per-key counter that resets at each UTC midnight (daily API limits). */
export class DailyCounter {
  private day = '';
  private readonly counts = new Map<string, number>();

  increment(key: string, now: number): number {
    const day = new Date(now).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count;
  }

  reset(): void {
    this.counts.clear();
  }

  peek(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
