import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../dataset/inputError';

const weight = z.number().finite().min(0).max(1000);
const multiplier = z.number().finite().positive().max(1000);

/**
 * RevOps attribution rules for the `custom` model. Example:
 * { "slots": { "firstTouch": 0.3, "leadCreation": 0.3, "dealCreation": 0.3 }, "middle": 0.1,
 *   "channelMultipliers": { "influencer": 1.5 }, "touchTypeMultipliers": { "meeting": 2 },
 *   "excludedTouchTypes": ["email_open"], "lookbackDays": 180 }
 */
export const CustomRulesSchema = z
  .object({
    name: z.string().max(80).optional(),
    slots: z
      .object({
        firstTouch: weight.optional(),
        lastTouch: weight.optional(),
        leadCreation: weight.optional(),
        dealCreation: weight.optional(),
        closedWon: weight.optional(),
      })
      .strict()
      .default({}),
    middle: weight.default(0),
    channelMultipliers: z.record(z.string().min(1), multiplier).default({}),
    touchTypeMultipliers: z.record(z.string().min(1), multiplier).default({}),
    excludedTouchTypes: z.array(z.string().min(1)).default([]),
    lookbackDays: z.number().int().positive().max(3650).optional(),
  })
  .strict()
  .refine(
    (rules) => rules.middle + Object.values(rules.slots).reduce<number>((sum, value) => sum + (value ?? 0), 0) > 0,
    { message: 'at least one slot or the middle weight must be greater than 0', path: ['slots'] },
  );

export type CustomRules = z.output<typeof CustomRulesSchema>;
export type CustomRulesInput = z.input<typeof CustomRulesSchema>;

/** Validates rules from any JSON value; errors name the field path. */
export function parseCustomRules(value: unknown, source = 'rules'): CustomRules {
  const result = CustomRulesSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
  throw new InputError(`${issue.message}${unknownKeys}`, { file: source, field });
}

/** Reads and validates a rules JSON file. */
export function readCustomRules(file: string): CustomRules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  return parseCustomRules(value, file);
}
