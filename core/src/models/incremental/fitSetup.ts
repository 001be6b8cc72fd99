import type { PathTable } from '../data-driven/pathTable';
import { crossValidationFolds } from './crossValidation';
import { exposurePatterns, type ExposurePatterns } from './exposurePatterns';
import type { Fold } from './foldSteps';
import { formCandidates, type FormCandidates } from './formCandidates';

/** What every fit of the incremental model starts from: the exposure patterns, the folds and the candidate designs. */
export interface FitSetup {
  readonly patterns: ExposurePatterns;
  readonly folds: readonly Fold[];
  readonly candidates: FormCandidates;
}

/** Deterministic in the table and the seed, so a helper thread that runs it holds the same setup. */
export function fitSetup(table: PathTable, seed: number): FitSetup {
  const patterns = exposurePatterns(table);
  return { patterns, folds: crossValidationFolds(patterns, seed), candidates: formCandidates(patterns) };
}
