import { z } from 'zod';

/**
 * Which failures to inject and how often (each rate is a probability per request, 0..1).
 * `partial` fails individual records inside batch/collection calls; `drop` destroys the socket
 * without answering; `expire` expires the caller's token before answering.
 */
export interface FaultSpec {
  latencyMs?: number;
  http429?: number;
  http500?: number;
  http502?: number;
  http503?: number;
  drop?: number;
  partial?: number;
  expire?: number;
  /** Requests per day per account before 403 REQUEST_LIMIT_EXCEEDED (Salesforce) / a DAILY 429 (HubSpot). */
  dailyLimit?: number;
  /** Seed of the random draws, so a test's fault sequence repeats. */
  seed?: number;
}

const rate = z.number().min(0).max(1);
export const faultSpecSchema = z
  .object({
    latencyMs: z.number().min(0).max(60_000).optional(),
    http429: rate.optional(),
    http500: rate.optional(),
    http502: rate.optional(),
    http503: rate.optional(),
    drop: rate.optional(),
    partial: rate.optional(),
    expire: rate.optional(),
    dailyLimit: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const KIND_TO_FIELD: Record<string, keyof FaultSpec> = {
  '429': 'http429',
  '500': 'http500',
  '502': 'http502',
  '503': 'http503',
  drop: 'drop',
  partial: 'partial',
  expire: 'expire',
  'latency-ms': 'latencyMs',
  latency: 'latencyMs',
  'daily-limit': 'dailyLimit',
  seed: 'seed',
};

/** Parses `429:0.1,500:0.02,drop:0.01,partial:0.01,latency-ms:20` (empty string = no faults). */
export function parseFaultSpec(spec: string | FaultSpec | undefined): FaultSpec {
  if (spec === undefined) return {};
  if (typeof spec !== 'string') {
    const parsed = faultSpecSchema.safeParse(spec);
    if (!parsed.success) throw new Error(`Invalid fault spec: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    return parsed.data;
  }
  const result: Record<string, number> = {};
  for (const part of spec.split(',').map((text) => text.trim()).filter(Boolean)) {
    const [kind, value, extra] = part.split(':');
    const field = KIND_TO_FIELD[kind?.trim() ?? ''];
    if (!field || value === undefined || extra !== undefined) {
      throw new Error(`Invalid fault spec entry "${part}": expected kind:value with kind one of ${Object.keys(KIND_TO_FIELD).join(', ')}`);
    }
    const number = Number(value);
    if (!Number.isFinite(number)) throw new Error(`Invalid fault spec entry "${part}": "${value}" is not a number`);
    result[field] = number;
  }
  return parseFaultSpec(result as FaultSpec);
}
