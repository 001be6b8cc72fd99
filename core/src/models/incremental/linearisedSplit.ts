import type { CounterfactualSplit } from './counterfactualShapley';
import type { ExposurePatterns } from './exposurePatterns';
import type { Coefficients, DesignColumns } from './logisticFit';

/** Every pattern's Shapley shares, aligned with patterns.states (one per pattern slot). */
export function patternShares(patterns: ExposurePatterns, splitter: CounterfactualSplit, coefficients: Coefficients): Float64Array {
  const shares = new Float64Array(patterns.states.length);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    splitter.split(pattern, coefficients, shares.subarray(patterns.stateOffsets[pattern], patterns.stateOffsets[pattern + 1]));
  }
  return shares;
}

/** Σ_pattern journeys × shares, per state. */
export function sharesByState(patterns: ExposurePatterns, shares: Float64Array, journeys: Float64Array): Float64Array {
  const totals = new Float64Array(patterns.stateCount);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    for (let slot = patterns.stateOffsets[pattern]; slot < patterns.stateOffsets[pattern + 1]; slot++) totals[patterns.states[slot]] += weight * shares[slot];
  }
  return totals;
}

/**
 * Jacobian of each state's incremental conversions (Σ journeys × Shapley share) in the
 * coefficients, by forward differences: a coefficient moves only the patterns whose design holds
 * it, so column j re-splits just those (the design's CSC column), O(Σ_patterns features × split)
 * in all, about as many full splits as a pattern has features, not one per coefficient.
 * Row-major: jacobian[state × coefficientCount + coefficient].
 */
export function splitJacobian(
  patterns: ExposurePatterns,
  design: DesignColumns,
  splitter: CounterfactualSplit,
  coefficients: Coefficients,
  baseShares: Float64Array,
  journeys: Float64Array,
): Float64Array {
  const coefficientCount = coefficients.length;
  const jacobian = new Float64Array(patterns.stateCount * coefficientCount);
  const moved = Float64Array.from(coefficients);
  let shares = new Float64Array(64);
  for (let column = 0; column < coefficientCount; column++) {
    // Forward step (up: keeps non-negative coefficients and noisy-or hazards valid), about √ε
    // relative to the coefficient's size.
    const step = 1e-7 * Math.max(1, Math.abs(coefficients[column]));
    moved[column] = coefficients[column] + step;
    for (let slot = design.columnOffsets[column]; slot < design.columnOffsets[column + 1]; slot++) {
      const pattern = design.columnPatterns[slot];
      const weight = journeys[pattern];
      if (weight === 0) continue;
      const from = patterns.stateOffsets[pattern];
      const players = patterns.stateOffsets[pattern + 1] - from;
      if (players > shares.length) shares = new Float64Array(players);
      splitter.split(pattern, moved, shares);
      for (let player = 0; player < players; player++) {
        jacobian[patterns.states[from + player] * coefficientCount + column] += (weight * (shares[player] - baseShares[from + player])) / step;
      }
    }
    moved[column] = coefficients[column];
  }
  return jacobian;
}
