import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../dataset/inputError';
import type { ChannelRule } from './channelRules';

const patternList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** A ChannelRule (channelRules.ts) as read from a rules file: unknown fields are errors. */
export const ChannelRuleSchema = z
  .object({
    channel: z.string().min(1).max(60),
    subChannel: z.string().min(1).max(60).optional(),
    when: z
      .object({
        touchType: patternList.optional(),
        source: patternList.optional(),
        medium: patternList.optional(),
        referrerDomain: patternList.optional(),
        landingPage: patternList.optional(),
        clickPlatform: patternList.optional(),
        campaignChannel: patternList.optional(),
        paidClick: z.boolean().optional(),
        searchEngine: z.boolean().optional(),
        brandedSearch: z.boolean().optional(),
        linkInBio: z.boolean().optional(),
        tracked: z.boolean().optional(),
        hasUrl: z.boolean().optional(),
        creator: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

// `satisfies`: the schema's output is the rule type the classifier compiles (checked by the compiler).
export const ChannelRulesSchema = z.object({ rules: z.array(ChannelRuleSchema).min(1) }).strict() satisfies z.ZodType<{ rules: ChannelRule[] }>;

/** Reads channel rules JSON (`{ "rules": [...] }`); errors name the file and the field path. */
export function readChannelRules(file: string): ChannelRule[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read channel rules: ${(error as Error).message}`, { file });
  }
  const result = ChannelRulesSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(issue.message, { file, field: issue.path.join('.') || undefined });
  }
  return result.data.rules;
}
