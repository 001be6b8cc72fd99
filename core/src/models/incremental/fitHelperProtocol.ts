import type { PathTable } from '../data-driven/pathTable';
import type { ChainJob, FormAnswer, StrengthFit } from './crossValidation';
import type { FormKey } from './formCandidates';

/** What the helper thread starts from (fitSetup's inputs). */
export interface HelperStart {
  readonly table: PathTable;
  readonly seed: number;
}

export type HelperRequest =
  | { readonly kind: 'form'; readonly candidate: number }
  | { readonly kind: 'chain'; readonly job: ChainJob }
  | { readonly kind: 'shares'; readonly key: FormKey; readonly coefficients: Float64Array; readonly from: number; readonly to: number };

export type HelperAnswer =
  | { readonly kind: 'form'; readonly answer: FormAnswer }
  | { readonly kind: 'chain'; readonly fits: StrengthFit[] }
  /** The Shapley shares of patterns from..to, laid out as patterns.states from stateOffsets[from]. */
  | { readonly kind: 'shares'; readonly shares: Float64Array }
  | { readonly kind: 'failure'; readonly detail: string };
