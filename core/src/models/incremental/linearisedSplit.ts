import type { CounterfactualSplit } from './counterfactualShapley';
import type { ExposurePatterns } from './exposurePatterns';
import type { Coefficients, DesignColumns } from './logisticFit';
import type { PatternFeatures } from './patternFeatures';

/** Every pattern's Shapley shares, aligned with patterns.states (one per pattern slot). */
export function patternShares(patterns: ExposurePatterns, splitter: CounterfactualSplit, coefficients: Coefficients): Float64Array {
  const shares = new Float64Array(patterns.states.length);
  patternSharesInRange(patterns, splitter, coefficients, 0, patterns.patternCount, shares);
  return shares;
}

/**
 * The Shapley shares of patterns from..to into `shares`, laid out as patterns.states from
 * stateOffsets[from]. Each pattern's split is its own (sampled orders are seeded per pattern), so
 * ranges split on different threads give the same shares.
 */
export function patternSharesInRange(patterns: ExposurePatterns, splitter: CounterfactualSplit, coefficients: Coefficients, from: number, to: number, shares: Float64Array): void {
  const base = patterns.stateOffsets[from];
  for (let pattern = from; pattern < to; pattern++) {
    splitter.split(pattern, coefficients, shares.subarray(patterns.stateOffsets[pattern] - base, patterns.stateOffsets[pattern + 1] - base));
  }
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
 * coefficients. Patterns split exactly give theirs analytically (CounterfactualSplit.derivatives:
 * the split is linear in the game); patterns split by sampled orders by forward differences, each
 * coefficient moving only the patterns whose design holds it (the design's CSC column).
 * Row-major: jacobian[state × coefficientCount + coefficient].
 */
export function splitJacobian(
  patterns: ExposurePatterns,
  features: PatternFeatures,
  design: DesignColumns,
  splitter: CounterfactualSplit,
  coefficients: Coefficients,
  baseShares: Float64Array,
  journeys: Float64Array,
): Float64Array {
  const coefficientCount = coefficients.length;
  const jacobian = new Float64Array(patterns.stateCount * coefficientCount);
  let derivatives = new Float64Array(256);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0 || !splitter.isExact(pattern)) continue;
    const from = patterns.stateOffsets[pattern];
    const players = patterns.stateOffsets[pattern + 1] - from;
    const featureFrom = features.offsets[pattern];
    const slots = features.offsets[pattern + 1] - featureFrom;
    if (slots * players > derivatives.length) derivatives = new Float64Array(slots * players);
    splitter.derivatives(pattern, coefficients, derivatives);
    for (let slot = 0; slot < slots; slot++) {
      const column = features.columns[featureFrom + slot];
      for (let player = 0; player < players; player++) jacobian[patterns.states[from + player] * coefficientCount + column] += weight * derivatives[slot * players + player];
    }
  }
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
      if (weight === 0 || splitter.isExact(pattern)) continue;
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
