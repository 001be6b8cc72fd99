import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../dataset/inputError';

/** What `attribution simulate` knew about the ambiguous touches (simulation.json's bayesLimit). */
const bayesLimitSchema = z.object({
  ambiguousTouches: z.number().int().nonnegative(),
  accuracy: z.number().min(0).max(1),
  expectedAccuracy: z.number().min(0).max(1),
  // Absent from files written before the simulator reported it.
  calibrationError: z.number().min(0).max(1).optional(),
  campaignShare: z.number().min(0).max(1),
});
const simulationSchema = z.object({ bayesLimit: bayesLimitSchema });

export type SimulationBayesLimit = z.infer<typeof bayesLimitSchema>;

/**
 * The Bayes limit `simulate` wrote beside a truth file (simulation.json in the same folder), or
 * null when there is none (a truth file from elsewhere). A file that is there but unreadable is an
 * error naming it and the field: scoring against a simulation should not silently drop its limit.
 */
export function readSimulationSummary(truthFile: string): SimulationBayesLimit | null {
  const file = join(dirname(truthFile), 'simulation.json');
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file });
  }
  const result = simulationSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(issue.message, { file, field: issue.path.join('.') });
  }
  return result.data.bayesLimit;
}
