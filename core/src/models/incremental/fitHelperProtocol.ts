import type { PathTable } from '../data-driven/pathTable';
import type { ChainJob, FormAnswer, StrengthFit } from './crossValidation';
import type { ExposurePatterns } from './exposurePatterns';
import type { Fold } from './foldSteps';
import type { FormKey } from './formCandidates';

/** The background fit's one request (backgroundFit.ts). */
export interface BackgroundRequest {
  readonly table: PathTable;
  readonly seed: number;
}

export type HelperRequest =
  /** The exposure patterns, folds and seed every later job works on; answered `ready`. */
  | { readonly kind: 'setup'; readonly patterns: ExposurePatterns; readonly folds: readonly Fold[]; readonly seed: number }
  | { readonly kind: 'form'; readonly candidate: number }
  | { readonly kind: 'chain'; readonly job: ChainJob }
  | { readonly kind: 'shares'; readonly key: FormKey; readonly coefficients: Float64Array; readonly from: number; readonly to: number };

export type HelperAnswer =
  | { readonly kind: 'ready' }
  | { readonly kind: 'form'; readonly answer: FormAnswer }
  | { readonly kind: 'chain'; readonly fits: StrengthFit[] }
  /** The Shapley shares of patterns from..to, laid out as patterns.states from stateOffsets[from]. */
  | { readonly kind: 'shares'; readonly shares: Float64Array }
  | { readonly kind: 'failure'; readonly detail: string };
