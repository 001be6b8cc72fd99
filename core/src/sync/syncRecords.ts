import { z } from 'zod';

/**
 * What the sync engine writes to a CRM, one kind per product table. Each record has an external key
 * (the idempotency key: the CRM upserts by it, so a replay, a duplicate webhook or a rerun changes
 * nothing) and a payload validated with zod before it is queued and again before it is sent.
 * Times are epoch milliseconds, as in the CSV interchange; adapters convert to each CRM's format.
 */
const text = z.string().max(65535);
const optionalText = z.string().max(65535).default('');
const epochMs = z.number().int().min(0).max(8.64e15);
const money = z.number().finite().min(0);

export const SyncCampaignSchema = z.object({
  campaign_id: z.string().min(1),
  name: text,
  channel: optionalText,
  influencer_id: optionalText,
  utm_source: optionalText,
  utm_medium: optionalText,
  utm_campaign: optionalText,
  utm_content: optionalText,
  promo_codes: z.array(z.string()).default([]),
  landing_url: optionalText,
  branded_terms: z.array(z.string()).default([]),
  start_at: epochMs.nullable().default(null),
  end_at: epochMs.nullable().default(null),
  cost: money.default(0),
  currency: optionalText,
});

export const SyncCreatorSchema = z.object({ influencer_id: z.string().min(1), handle: optionalText, channel: optionalText });

export const SyncContactSchema = z.object({ contact_id: z.string().min(1), created_at: epochMs });

export const SyncDealSchema = z.object({
  deal_id: z.string().min(1),
  name: text,
  amount: money,
  currency: optionalText,
  stage: optionalText,
  created_at: epochMs,
  closed_at: epochMs.nullable(),
  is_won: z.boolean(),
  contact_ids: z.array(z.string().min(1)),
});

export const SyncTouchpointSchema = z.object({
  touchpoint_id: z.string().min(1),
  contact_id: z.string().min(1),
  occurred_at: epochMs,
  type: z.string().min(1),
  url: optionalText,
  referrer: optionalText,
  utm_source: optionalText,
  utm_medium: optionalText,
  utm_campaign: optionalText,
  utm_term: optionalText,
  utm_content: optionalText,
  promo_code: optionalText,
  search_query: optionalText,
  campaign_id: optionalText,
  influencer_id: optionalText,
  channel: optionalText,
});

export const SyncCreditSchema = z.object({
  model: z.string().min(1),
  deal_id: z.string().min(1),
  touchpoint_id: z.string().min(1),
  contact_id: z.string().min(1),
  campaign_id: optionalText,
  influencer_id: optionalText,
  channel: optionalText,
  share: z.number().finite().min(0).max(1),
  credit: z.number().finite().min(0),
  is_won: z.boolean(),
  closed_at: epochMs.nullable(),
});

/**
 * One campaign's influence on one opportunity through one contact under the model chosen for the CRM's
 * own influence reports (Salesforce CampaignInfluence: Influence is a percent, RevenueShare follows).
 */
export const SyncInfluenceSchema = z.object({
  model: z.string().min(1),
  deal_id: z.string().min(1),
  campaign_id: z.string().min(1),
  contact_id: z.string().min(1),
  influence: z.number().finite().min(0).max(100),
});

/**
 * One campaign under one model over one period: its contacts and deals (distinct, with credit > 0),
 * pipeline (credit on every deal), revenue (credit on won deals), cost, cost per opportunity
 * (cost / deals; null without deals) and ROI ((revenue − cost) / cost; null without cost).
 */
export const SyncOutcomeSchema = z.object({
  model: z.string().min(1),
  campaign_id: z.string().min(1),
  period_start: epochMs,
  period_end: epochMs,
  contacts: z.number().int().min(0),
  deals: z.number().int().min(0),
  pipeline: money,
  revenue: money,
  cost: money,
  cost_per_opportunity: money.nullable(),
  roi: z.number().finite().nullable(),
  /** The model whose figures also go on the campaign record itself (its "pipeline impact" fields). */
  primary: z.boolean(),
});

export const SYNC_SCHEMAS = {
  campaign: SyncCampaignSchema,
  creator: SyncCreatorSchema,
  contact: SyncContactSchema,
  deal: SyncDealSchema,
  touchpoint: SyncTouchpointSchema,
  credit: SyncCreditSchema,
  /** Credits of won deals, kept again as revenue attribution (their own CRM object, for revenue reports). */
  revenue: SyncCreditSchema,
  influence: SyncInfluenceSchema,
  outcome: SyncOutcomeSchema,
} as const;

export type SyncKind = keyof typeof SYNC_SCHEMAS;
export type SyncPayload<Kind extends SyncKind> = z.output<(typeof SYNC_SCHEMAS)[Kind]>;

/** The order records are written in: a touchpoint's contact and a credit's deal exist before they are linked. */
export const SYNC_KIND_ORDER: readonly SyncKind[] = [
  'creator',
  'campaign',
  'contact',
  'deal',
  'touchpoint',
  'credit',
  'revenue',
  'influence',
  'outcome',
];

export function isSyncKind(value: string): value is SyncKind {
  return Object.prototype.hasOwnProperty.call(SYNC_SCHEMAS, value);
}

/** The external (idempotency) key of a record: stable across runs, unique within its kind. */
export function externalKeyOf<Kind extends SyncKind>(kind: Kind, payload: SyncPayload<Kind>): string {
  switch (kind) {
    case 'campaign':
      return (payload as SyncPayload<'campaign'>).campaign_id;
    case 'creator':
      return (payload as SyncPayload<'creator'>).influencer_id;
    case 'contact':
      return (payload as SyncPayload<'contact'>).contact_id;
    case 'deal':
      return (payload as SyncPayload<'deal'>).deal_id;
    case 'touchpoint': {
      // A touchpoint shared by several contacts (a meeting) is one CRM record per contact.
      const touchpoint = payload as SyncPayload<'touchpoint'>;
      return `${touchpoint.touchpoint_id}|${touchpoint.contact_id}`;
    }
    case 'credit':
    case 'revenue': {
      const credit = payload as SyncPayload<'credit'>;
      return `${credit.model}|${credit.deal_id}|${credit.touchpoint_id}|${credit.contact_id}`;
    }
    case 'outcome': {
      const outcome = payload as SyncPayload<'outcome'>;
      return `${outcome.model}|${outcome.campaign_id}|${outcome.period_start}|${outcome.period_end}`;
    }
    case 'influence': {
      const influence = payload as SyncPayload<'influence'>;
      return `${influence.model}|${influence.deal_id}|${influence.campaign_id}|${influence.contact_id}`;
    }
    default:
      throw new Error(`unknown sync kind ${String(kind)}`);
  }
}

/** The contact a record belongs to (for GDPR erasure), or null for records that are not personal data. */
export function contactKeyOf(kind: SyncKind, payload: SyncPayload<SyncKind>): string | null {
  if (kind === 'contact') return (payload as SyncPayload<'contact'>).contact_id;
  if (kind === 'touchpoint' || kind === 'credit' || kind === 'revenue' || kind === 'influence')
    return (payload as SyncPayload<'touchpoint'>).contact_id;
  return null;
}

/** A record ready for the outbox. */
export interface SyncRecord<Kind extends SyncKind = SyncKind> {
  readonly kind: Kind;
  readonly key: string;
  readonly payload: SyncPayload<Kind>;
}

/** Validates a payload; the error names the kind, the record key (when known) and each bad field. */
export function validateSyncPayload<Kind extends SyncKind>(kind: Kind, payload: unknown, where = ''): SyncPayload<Kind> {
  const result = SYNC_SCHEMAS[kind].safeParse(payload);
  if (result.success) return result.data as SyncPayload<Kind>;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
  throw new SyncValidationError(`invalid ${kind}${where ? ` ${where}` : ''}: ${problems}`);
}

export class SyncValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncValidationError';
  }
}

/** Validates and keys a payload. */
export function makeSyncRecord<Kind extends SyncKind>(kind: Kind, payload: unknown, where = ''): SyncRecord<Kind> {
  const valid = validateSyncPayload(kind, payload, where);
  return { kind, key: externalKeyOf(kind, valid), payload: valid };
}
