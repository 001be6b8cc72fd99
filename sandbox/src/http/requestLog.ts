export type ServiceName = 'hubspot' | 'salesforce';

export interface RequestLogEntry {
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly at: number;
}

/** Bounded in-memory log of every request the sandbox answered (tests assert on it). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 100_000) {}

  record(entry: RequestLogEntry): void {
    if (this.entries.length >= this.capacity) this.entries = this.entries.slice(this.capacity / 2);
    this.entries.push(entry);
  }

  snapshot(): ReadonlyArray<RequestLogEntry> {
    return this.entries.slice();
  }

  clear(): void {
    this.entries = [];
  }
}
