/**
 * What a data-driven model returns: each state's credited conversions and value (summing to the
 * totals of the path table) and the weight that splits a single deal over its touches.
 */
export interface StateAttribution {
  readonly stateNames: readonly string[];
  readonly conversions: Float64Array;
  readonly values: Float64Array;
  /**
   * Per-deal weight of each state: a deal's amount splits over its touches in proportion to their
   * state's weight, equally among touches of the same state.
   */
  readonly weights: Float64Array;
  /** Confidence interval of `conversions` (incremental model, bootstrap). */
  readonly conversionsLow?: Float64Array;
  readonly conversionsHigh?: Float64Array;
  /** Standard error of `conversions` (sampled Shapley). */
  readonly standardErrors?: Float64Array;
}

/**
 * Spreads `total` over states in proportion to non-negative `weights`. With no positive weight
 * nothing can be said about the split, and every state gets nothing (the caller reports why).
 */
export function spreadByWeights(weights: Float64Array, total: number): Float64Array {
  let sum = 0;
  for (const weight of weights) if (weight > 0) sum += weight;
  const spread = new Float64Array(weights.length);
  if (sum <= 0) return spread;
  for (let state = 0; state < weights.length; state++) spread[state] = weights[state] > 0 ? (total * weights[state]) / sum : 0;
  return spread;
}
