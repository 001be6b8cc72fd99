import { parseFaultSpec, type FaultSpec } from './faultSpec';

export type RequestFault = { kind: 'drop' } | { kind: 'status'; status: number } | { kind: 'expire' } | undefined;

/** Draws the faults for each request from the current spec with a seeded generator (mulberry32). */
export class FaultInjector {
  private spec: FaultSpec = {};
  private state = 1;

  constructor(spec?: string | FaultSpec) {
    this.set(spec);
  }

  set(spec: string | FaultSpec | undefined): void {
    this.spec = parseFaultSpec(spec);
    this.state = (this.spec.seed ?? 0x9e3779b9) >>> 0;
  }

  get current(): Readonly<FaultSpec> {
    return this.spec;
  }

  /** A uniform number in [0, 1). */
  random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  private hit(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }

  /** The fault (if any) for one request, decided before it is handled. */
  drawRequestFault(): RequestFault {
    if (this.hit(this.spec.drop)) return { kind: 'drop' };
    if (this.hit(this.spec.expire)) return { kind: 'expire' };
    if (this.hit(this.spec.http429)) return { kind: 'status', status: 429 };
    if (this.hit(this.spec.http500)) return { kind: 'status', status: 500 };
    if (this.hit(this.spec.http502)) return { kind: 'status', status: 502 };
    if (this.hit(this.spec.http503)) return { kind: 'status', status: 503 };
    return undefined;
  }

  /** Whether one record inside a batch should fail. */
  failRecord(): boolean {
    return this.hit(this.spec.partial);
  }

  latencyMs(): number {
    return this.spec.latencyMs ?? 0;
  }
}
