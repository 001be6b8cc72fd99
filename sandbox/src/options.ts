import { resolve } from 'node:path';
import { z } from 'zod';
import type { FaultSpec } from './faults/faultSpec';

export interface SandboxOptions {
  /** SQLite file; default in-memory (nothing persists). */
  dbFile?: string;
  hubspotPort?: number;
  salesforcePort?: number;
  faults?: string | FaultSpec;
  seedDemo?: boolean;
  /** Folder with campaigns/contacts/touchpoints/deals CSVs for `seedDemo` (default `examples/demo`, else a built-in set). */
  demoDataDir?: string;
  /** Package metadata (custom objects/fields); default `<repo>/salesforce-package/force-app/main/default`. */
  salesforceMetadataDir?: string;
  /** HubSpot burst limit per token per window: 100, 110 or 190 (default 190); any positive integer is accepted for benchmarks. */
  hubspotRateLimitPer10s?: number;
  /** Length of HubSpot's rolling window (default 10,000 ms); tests shorten it. Headers and 429 bodies stay HubSpot's. */
  hubspotRateLimitWindowMs?: number;
  /** HubSpot search requests per second per portal (default 5). */
  hubspotSearchPerSecond?: number;
  /** HubSpot requests per portal per day; default none (OAuth apps have no daily limit). */
  hubspotDailyLimit?: number;
  /** HubSpot search filter caps (default the stricter 5 groups / 6 per group / 18 total, contract §b.4). */
  hubspotSearchFilterLimits?: { maxGroups: number; maxFiltersPerGroup: number; maxFiltersTotal: number };
  /** Salesforce API requests per org per 24 h (default 15,000 like a Developer Edition org). */
  salesforceDailyApiLimit?: number;
  /** SOQL page size before `nextRecordsUrl` (default 2000). */
  salesforceQueryPageSize?: number;
  /** Milliseconds a Bulk 2.0 job stays UploadComplete/InProgress before completing (default 50). */
  salesforceBulkProcessingMs?: number;
}

const portSchema = z.number().int().min(0).max(65_535);
export const sandboxOptionsSchema = z.object({
  dbFile: z.string().min(1).optional(),
  hubspotPort: portSchema.optional(),
  salesforcePort: portSchema.optional(),
  faults: z.union([z.string(), z.record(z.string(), z.number())]).optional(),
  seedDemo: z.boolean().optional(),
  demoDataDir: z.string().min(1).optional(),
  salesforceMetadataDir: z.string().optional(),
  hubspotRateLimitPer10s: z.number().int().positive().optional(),
  hubspotRateLimitWindowMs: z.number().int().positive().optional(),
  hubspotSearchPerSecond: z.number().int().positive().optional(),
  hubspotDailyLimit: z.number().int().positive().optional(),
  hubspotSearchFilterLimits: z.object({ maxGroups: z.number().int().positive(), maxFiltersPerGroup: z.number().int().positive(), maxFiltersTotal: z.number().int().positive() }).optional(),
  salesforceDailyApiLimit: z.number().int().positive().optional(),
  salesforceQueryPageSize: z.number().int().min(200).max(2000).optional(),
  salesforceBulkProcessingMs: z.number().int().min(0).optional(),
});

/** Default metadata folder: the repository's Salesforce package. */
export function defaultMetadataDir(): string {
  return resolve(__dirname, '..', '..', 'salesforce-package', 'force-app', 'main', 'default');
}

export function validateOptions(options: SandboxOptions): SandboxOptions {
  const parsed = sandboxOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`Invalid sandbox options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return options;
}
