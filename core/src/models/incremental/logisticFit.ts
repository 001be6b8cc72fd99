import type { ExposurePatterns } from './exposurePatterns';

/**
 * Coefficients of the conversion model: [0] = intercept (the log-odds of converting with no
 * touch), [1 + 2s] = effect of being touched by state s, [2 + 2s] = effect per ln(touches) of s.
 */
export type Coefficients = Float64Array;

export function coefficientCount(stateCount: number): number {
  return 1 + 2 * stateCount;
}

/**
 * The design matrix by column (CSC), for coordinate descent: column 1 + 2s lists the patterns
 * touched by s (value 1), column 2 + 2s the same patterns with value ln(touches).
 */
export interface DesignColumns {
  readonly columnOffsets: Int32Array;
  readonly columnPatterns: Int32Array;
  readonly columnValues: Float64Array;
}

export function designColumns(patterns: ExposurePatterns): DesignColumns {
  const columns = coefficientCount(patterns.stateCount);
  const columnOffsets = new Int32Array(columns + 1);
  for (const state of patterns.states) {
    columnOffsets[2 + 2 * state]++;
    columnOffsets[3 + 2 * state]++;
  }
  for (let column = 0; column < columns; column++) columnOffsets[column + 1] += columnOffsets[column];
  const fill = columnOffsets.slice(0, columns);
  const columnPatterns = new Int32Array(columnOffsets[columns]);
  const columnValues = new Float64Array(columnOffsets[columns]);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    for (let slot = patterns.stateOffsets[pattern]; slot < patterns.stateOffsets[pattern + 1]; slot++) {
      const state = patterns.states[slot];
      let at = fill[1 + 2 * state]++;
      columnPatterns[at] = pattern;
      columnValues[at] = 1;
      at = fill[2 + 2 * state]++;
      columnPatterns[at] = pattern;
      columnValues[at] = patterns.extraTouchFeature[slot];
    }
  }
  return { columnOffsets, columnPatterns, columnValues };
}

const CONVERGENCE = 1e-7;
const MAX_SWEEPS = 2000;
const MAX_STEP = 4;

function logistic(linear: number): number {
  return 1 / (1 + Math.exp(-linear));
}

/**
 * Ridge-penalised binomial logistic regression, touch effects constrained to be non-negative
 * (a touch does not lower anyone's chance to convert), fitted by cyclic coordinate descent with
 * one Newton step per coordinate (Friedman, Hastie & Tibshirani 2010, "Regularization paths for
 * generalized linear models via coordinate descent"). Maximises
 *   Σ_patterns [conversions · η − journeys · ln(1 + e^η)] − penalty/2 · Σ_touch-effects β².
 * O(sweeps × non-zeros). `start` warm-starts (a neighbouring penalty, a bootstrap replicate).
 */
export function fitLogistic(
  patterns: ExposurePatterns,
  design: DesignColumns,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: number,
  start?: Coefficients,
): Coefficients {
  const columns = coefficientCount(patterns.stateCount);
  const coefficients = start ? Float64Array.from(start) : new Float64Array(columns);
  if (!start) {
    let converted = 0;
    let total = 0;
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      converted += conversions[pattern];
      total += journeys[pattern];
    }
    const rate = Math.min(Math.max(converted / Math.max(total, 1e-300), 1e-6), 1 - 1e-6);
    coefficients[0] = Math.log(rate / (1 - rate));
  }
  const linear = new Float64Array(patterns.patternCount).fill(coefficients[0]);
  const { columnOffsets, columnPatterns, columnValues } = design;
  for (let column = 1; column < columns; column++) {
    const coefficient = coefficients[column];
    if (coefficient === 0) continue;
    for (let slot = columnOffsets[column]; slot < columnOffsets[column + 1]; slot++) linear[columnPatterns[slot]] += coefficient * columnValues[slot];
  }
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largestStep = 0;
    // Intercept: unpenalised and unconstrained.
    let gradient = 0;
    let curvature = 0;
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      const weight = journeys[pattern];
      if (weight === 0) continue;
      const probability = logistic(linear[pattern]);
      gradient += conversions[pattern] - weight * probability;
      curvature += weight * probability * (1 - probability);
    }
    if (curvature > 0) {
      const step = Math.max(-MAX_STEP, Math.min(MAX_STEP, gradient / curvature));
      coefficients[0] += step;
      for (let pattern = 0; pattern < patterns.patternCount; pattern++) linear[pattern] += step;
      largestStep = Math.abs(step);
    }
    for (let column = 1; column < columns; column++) {
      const from = columnOffsets[column];
      const to = columnOffsets[column + 1];
      if (from === to) continue;
      gradient = -penalty * coefficients[column];
      curvature = penalty;
      for (let slot = from; slot < to; slot++) {
        const pattern = columnPatterns[slot];
        const weight = journeys[pattern];
        if (weight === 0) continue;
        const value = columnValues[slot];
        const probability = logistic(linear[pattern]);
        gradient += value * (conversions[pattern] - weight * probability);
        curvature += value * value * weight * probability * (1 - probability);
      }
      if (curvature <= 0) continue;
      const updated = Math.max(0, coefficients[column] + Math.max(-MAX_STEP, Math.min(MAX_STEP, gradient / curvature)));
      const step = updated - coefficients[column];
      if (step === 0) continue;
      coefficients[column] = updated;
      for (let slot = from; slot < to; slot++) linear[columnPatterns[slot]] += step * columnValues[slot];
      if (Math.abs(step) > largestStep) largestStep = Math.abs(step);
    }
    if (largestStep < CONVERGENCE) break;
  }
  return coefficients;
}

/** Binomial log-likelihood of held-out counts under fitted coefficients. */
export function heldOutLogLikelihood(
  patterns: ExposurePatterns,
  coefficients: Coefficients,
  conversions: Float64Array,
  journeys: Float64Array,
): number {
  let total = 0;
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    if (journeys[pattern] === 0) continue;
    let linear = coefficients[0];
    for (let slot = patterns.stateOffsets[pattern]; slot < patterns.stateOffsets[pattern + 1]; slot++) {
      const state = patterns.states[slot];
      linear += coefficients[1 + 2 * state] + coefficients[2 + 2 * state] * patterns.extraTouchFeature[slot];
    }
    // ln p = -ln(1 + e^-η), ln(1 - p) = -ln(1 + e^η), in a form that does not overflow.
    const logProbability = -softplus(-linear);
    const logComplement = -softplus(linear);
    total += conversions[pattern] * logProbability + (journeys[pattern] - conversions[pattern]) * logComplement;
  }
  return total;
}

function softplus(value: number): number {
  return value > 30 ? value : Math.log1p(Math.exp(value));
}
