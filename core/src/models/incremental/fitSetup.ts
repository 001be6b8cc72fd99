import { crossValidationFolds } from './crossValidation';
import type { ExposurePatterns } from './exposurePatterns';
import type { Fold } from './foldSteps';
import { formCandidates, type FormCandidates } from './formCandidates';

/** What every fit of the incremental model starts from: the exposure patterns, the folds and the candidate designs. */
export interface FitSetup {
  readonly patterns: ExposurePatterns;
  readonly folds: readonly Fold[];
  readonly candidates: FormCandidates;
}

/** Deterministic in the patterns and the seed, so a helper thread given the same patterns holds the same setup. */
export function setupFromPatterns(patterns: ExposurePatterns, seed: number): FitSetup {
  return { patterns, folds: crossValidationFolds(patterns, seed), candidates: formCandidates(patterns) };
}
