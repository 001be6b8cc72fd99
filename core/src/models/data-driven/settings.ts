import type { z as Zod } from 'zod';
import { InputError } from '../../dataset/inputError';
import type { ModelSettings } from '../model';

/**
 * The data-driven models' knobs (carried in ModelSettings.dataDriven):
 * - order: Markov chain order k (1..4); a state of the chain is the last k touches.
 * - keepRepeats: keep consecutive repeats of a state (A > A > B) instead of collapsing them.
 * - outcome: `pipeline` (every deal converts) or `revenue` (won deals convert, lost deals do not,
 *   open deals are left out because their outcome is unknown).
 * - bootstrapSamples / seed: the incremental model's bootstrap (0 = no intervals); seed for every
 *   random draw, so results repeat.
 * - shapleyPermutations: permutations of the sampled Shapley estimate (above 20 states).
 */
function settingsSchema(z: typeof Zod) {
  return z.object({
    order: z.number().int().min(1).max(4).default(1),
    keepRepeats: z.boolean().default(false),
    outcome: z.enum(['pipeline', 'revenue']).default('pipeline'),
    bootstrapSamples: z.number().int().min(0).max(10000).default(100),
    seed: z.number().int().min(0).default(1),
    shapleyPermutations: z.number().int().min(10).max(10_000_000).default(2000),
  });
}

export type DataDrivenSettings = Zod.infer<ReturnType<typeof settingsSchema>>;

let schema: ReturnType<typeof settingsSchema> | undefined;

/**
 * The schema, built on first use: zod (95 modules, about 50 ms to load) is then loaded only by
 * commands that validate something with it, not by `attribution paths --input FILE`.
 */
export function dataDrivenSettingsSchema(): ReturnType<typeof settingsSchema> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (schema ??= settingsSchema((require('zod') as typeof import('zod')).z));
}

const DEFAULTS: DataDrivenSettings = { order: 1, keepRepeats: false, outcome: 'pipeline', bootstrapSamples: 100, seed: 1, shapleyPermutations: 2000 };
const integerIn =
  (min: number, max: number) =>
  (value: unknown): boolean =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
/** The schema's rules, per knob (a property test holds the two to the same verdicts). */
const VALID: Record<keyof DataDrivenSettings, (value: unknown) => boolean> = {
  order: integerIn(1, 4),
  keepRepeats: (value) => typeof value === 'boolean',
  outcome: (value) => value === 'pipeline' || value === 'revenue',
  bootstrapSamples: integerIn(0, 10000),
  seed: integerIn(0, Number.MAX_SAFE_INTEGER),
  shapleyPermutations: integerIn(10, 10_000_000),
};

/**
 * The settings when every given knob is valid, without loading zod (the CLI has already checked its
 * options; `attribution paths` then starts 50 ms sooner); undefined otherwise, and the schema says
 * what is wrong. Unknown keys are ignored, as the schema ignores them.
 */
export function validSettingsWithoutZod(given: Record<string, unknown>): DataDrivenSettings | undefined {
  const settings: Record<string, unknown> = { ...DEFAULTS };
  for (const key of Object.keys(VALID) as Array<keyof DataDrivenSettings>) {
    const value = given[key];
    if (value === undefined) continue;
    if (!VALID[key](value)) return undefined;
    settings[key] = value;
  }
  return settings as DataDrivenSettings;
}

export function dataDrivenSettings(settings: Pick<ModelSettings, 'dataDriven'> | undefined): DataDrivenSettings {
  const given = (settings?.dataDriven ?? {}) as Record<string, unknown>;
  const valid = typeof given === 'object' && given !== null ? validSettingsWithoutZod(given) : undefined;
  if (valid) return valid;
  const parsed = dataDrivenSettingsSchema().safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue.message, { field: `dataDriven.${issue.path.join('.')}` });
  }
  return parsed.data;
}
