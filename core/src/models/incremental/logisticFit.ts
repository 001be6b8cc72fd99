import type { ConversionLink } from './conversionLinks';
import { firstPropensityColumn, presenceColumn, type PatternFeatures } from './patternFeatures';

/** Coefficients of the conversion model, laid out as PatternFeatures describes. */
export type Coefficients = Float64Array;

/** The design matrix by column (CSC), for coordinate descent. */
export interface DesignColumns {
  readonly columnOffsets: Int32Array;
  readonly columnPatterns: Int32Array;
  readonly columnValues: Float64Array;
}

export function designColumns(features: PatternFeatures): DesignColumns {
  const columnOffsets = new Int32Array(features.coefficientCount + 1);
  for (const column of features.columns) columnOffsets[column + 1]++;
  for (let column = 0; column < features.coefficientCount; column++) columnOffsets[column + 1] += columnOffsets[column];
  const fill = columnOffsets.slice(0, features.coefficientCount);
  const columnPatterns = new Int32Array(features.columns.length);
  const columnValues = new Float64Array(features.columns.length);
  for (let pattern = 0; pattern + 1 < features.offsets.length; pattern++) {
    for (let slot = features.offsets[pattern]; slot < features.offsets[pattern + 1]; slot++) {
      const at = fill[features.columns[slot]]++;
      columnPatterns[at] = pattern;
      columnValues[at] = features.values[slot];
    }
  }
  return { columnOffsets, columnPatterns, columnValues };
}

/**
 * The design by column, built on first use: projected Newton (the fitter for up to
 * NEWTON_MAX_COEFFICIENTS coefficients) never reads it, so candidate designs that are only scored
 * by Newton skip the O(non-zeros) transposition.
 */
export function lazyDesignColumns(features: PatternFeatures): DesignColumns {
  let built: DesignColumns | undefined;
  const design = (): DesignColumns => (built ??= designColumns(features));
  return {
    get columnOffsets() {
      return design().columnOffsets;
    },
    get columnPatterns() {
      return design().columnPatterns;
    },
    get columnValues() {
      return design().columnValues;
    },
  };
}

/** Starting coefficients: the overall conversion rate as intercept, no effects. */
function initialCoefficients(features: PatternFeatures, link: ConversionLink, conversions: Float64Array, journeys: Float64Array): Coefficients {
  const coefficients = new Float64Array(features.coefficientCount);
  let converted = 0;
  let total = 0;
  for (let pattern = 0; pattern < journeys.length; pattern++) {
    converted += conversions[pattern];
    total += journeys[pattern];
  }
  const rate = Math.min(Math.max(converted / Math.max(total, 1e-300), 1e-6), 1 - 1e-6);
  coefficients[0] = link.interceptFor(rate);
  return coefficients;
}

/** Linear predictor of a pattern. */
export function linearOf(features: PatternFeatures, coefficients: Coefficients, pattern: number): number {
  let linear = 0;
  for (let slot = features.offsets[pattern]; slot < features.offsets[pattern + 1]; slot++) linear += coefficients[features.columns[slot]] * features.values[slot];
  return linear;
}

/** Binomial log-likelihood of (held-out) counts under fitted coefficients. */
export function heldOutLogLikelihood(features: PatternFeatures, link: ConversionLink, coefficients: Coefficients, conversions: Float64Array, journeys: Float64Array): number {
  let total = 0;
  for (let pattern = 0; pattern < journeys.length; pattern++) {
    if (journeys[pattern] === 0) continue;
    total += link.logLikelihood(linearOf(features, coefficients, pattern), conversions[pattern], journeys[pattern]);
  }
  return total;
}

/** Penalised log-likelihood, the objective both fitters maximise (the intercept is not penalised). */
function objective(features: PatternFeatures, link: ConversionLink, coefficients: Coefficients, conversions: Float64Array, journeys: Float64Array, penalty: Penalty): number {
  let total = heldOutLogLikelihood(features, link, coefficients, conversions, journeys);
  for (let column = 1; column < coefficients.length; column++) total -= (penaltyOf(penalty, column) / 2) * coefficients[column] * coefficients[column];
  return total;
}

/**
 * The objective and the unpenalised gradient at `coefficients` in one pass over the patterns
 * (each η computed once for both): what a chord-Newton iteration needs at a trial point, whose
 * gradient then serves the next iteration when the point is accepted. Same sums, in the same
 * order, as objective() and accumulateGradient().
 */
function objectiveAndGradient(
  features: PatternFeatures,
  link: ConversionLink,
  coefficients: Coefficients,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: Penalty,
  gradient: Float64Array,
): number {
  const { offsets, columns, values } = features;
  gradient.fill(0);
  let total = 0;
  for (let pattern = 0; pattern < journeys.length; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    const from = offsets[pattern];
    const to = offsets[pattern + 1];
    let linear = 0;
    for (let slot = from; slot < to; slot++) linear += coefficients[columns[slot]] * values[slot];
    total += link.logLikelihood(linear, conversions[pattern], weight);
    const residual = link.gradient(linear, conversions[pattern], weight);
    for (let slot = from; slot < to; slot++) gradient[columns[slot]] += values[slot] * residual;
  }
  for (let column = 1; column < coefficients.length; column++) total -= (penaltyOf(penalty, column) / 2) * coefficients[column] * coefficients[column];
  return total;
}

/**
 * Ridge penalty: one strength for every coefficient, or one per coefficient (index 0, the
 * intercept, is never penalised).
 */
export type Penalty = number | Float64Array;

export function penaltyOf(penalty: Penalty, column: number): number {
  if (column === 0) return 0;
  return typeof penalty === 'number' ? penalty : penalty[column];
}

/**
 * Per-coefficient penalty weights that make one strength mean the same on every scale: each
 * coefficient's Fisher information at the intercept-only model (the expected curvature of the
 * log-likelihood along it). strength × weight is then "strength × the data's information about
 * that coefficient": the ridge of standardised features (Friedman, Hastie & Tibshirani 2010),
 * the same under the logistic link (log-odds coefficients) and noisy-or (hazards, 10-100× smaller),
 * with 1,000 or 1,000,000 journeys, and the grouping effect of ridge steadies coefficients of
 * features that move together (a targeted state's touches and the propensity they reveal).
 *
 * A touch feature's zero means something (no touch: the counterfactual the effect is measured
 * from), so its information is taken about zero. A propensity covariate's zero does not: it is
 * E[z | counts] shifted by the smallest value in the sample (latentPropensity.ts), and the
 * intercept takes any shift. Its information is therefore taken about its mean (its weighted
 * variance), as a standardised ridge would: otherwise the penalty on the propensity would grow
 * with where the sample's lowest buyer happens to sit, and the ridge would hand the propensity's
 * part to the touches of the states it is read from (log-odds targeting panel,
 * scripts/bench/logistic-targeting.js: mean 0.920 → 0.937, worst 0.750 → 0.826).
 */
export function informationWeights(features: PatternFeatures, link: ConversionLink, conversions: Float64Array, journeys: Float64Array): Float64Array {
  const intercept = initialCoefficients(features, link, conversions, journeys)[0];
  const rate = link.probability(intercept);
  const weights = new Float64Array(features.coefficientCount);
  const firstPropensity = firstPropensityColumn(features);
  const propensitySums = new Float64Array(features.coefficientCount - firstPropensity);
  let curvatures = 0;
  for (let pattern = 0; pattern < journeys.length; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    const curvature = link.curvature(intercept, weight * rate, weight);
    curvatures += curvature;
    for (let slot = features.offsets[pattern]; slot < features.offsets[pattern + 1]; slot++) {
      const column = features.columns[slot];
      weights[column] += curvature * features.values[slot] * features.values[slot];
      if (column >= firstPropensity) propensitySums[column - firstPropensity] += curvature * features.values[slot];
    }
  }
  // Σ c x² − (Σ c x)² / Σ c: the curvature-weighted variance (patterns without the covariate hold 0).
  if (curvatures > 0) propensitySums.forEach((sum, index) => (weights[firstPropensity + index] = Math.max(0, weights[firstPropensity + index] - (sum * sum) / curvatures)));
  weights[0] = 0;
  features.curves.presencePenaltyFactors.forEach((factor, state) => (weights[presenceColumn(state)] *= factor));
  return weights;
}

/** weights × strength. */
export function scaledPenalty(weights: Float64Array, strength: number): Float64Array {
  return weights.map((weight) => weight * strength);
}

const CONVERGENCE = 1e-7;
const MAX_SWEEPS = 2000;
const MAX_STEP = 4;

/**
 * Ridge-penalised binomial logistic regression, single-state effects constrained to be
 * non-negative (a touch does not lower anyone's chance to convert), fitted by cyclic coordinate
 * descent with one Newton step per coordinate (Friedman, Hastie & Tibshirani 2010,
 * "Regularization paths for generalized linear models via coordinate descent"). Maximises
 *   Σ_patterns [conversions · η − journeys · ln(1 + e^η)] − penalty/2 · Σ_effects β².
 * O(sweeps × non-zeros); used when there are too many coefficients for Newton.
 */
export function fitLogistic(
  features: PatternFeatures,
  link: ConversionLink,
  design: DesignColumns,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: Penalty,
  start?: Coefficients,
  maximumSweeps = MAX_SWEEPS,
): Coefficients {
  const columns = features.coefficientCount;
  const coefficients = start ? Float64Array.from(start) : initialCoefficients(features, link, conversions, journeys);
  const patternCount = journeys.length;
  const linear = new Float64Array(patternCount);
  for (let pattern = 0; pattern < patternCount; pattern++) linear[pattern] = linearOf(features, coefficients, pattern);
  const { columnOffsets, columnPatterns, columnValues } = design;
  for (let sweep = 0; sweep < maximumSweeps; sweep++) {
    let largestStep = 0;
    for (let column = 0; column < columns; column++) {
      const from = columnOffsets[column];
      const to = columnOffsets[column + 1];
      if (from === to) continue;
      const penalised = penaltyOf(penalty, column);
      let gradient = -penalised * coefficients[column];
      let curvature = penalised;
      for (let slot = from; slot < to; slot++) {
        const pattern = columnPatterns[slot];
        const weight = journeys[pattern];
        if (weight === 0) continue;
        const value = columnValues[slot];
        gradient += value * link.gradient(linear[pattern], conversions[pattern], weight);
        curvature += value * value * link.curvature(linear[pattern], conversions[pattern], weight);
      }
      if (curvature <= 0) continue;
      let updated = coefficients[column] + Math.max(-MAX_STEP, Math.min(MAX_STEP, gradient / curvature));
      if (isNonNegative(features, link, column) && updated < 0) updated = 0;
      let step = updated - coefficients[column];
      // Keep every cumulative hazard positive under noisy-or: halve the step until it is.
      for (let halving = 0; halving < 60 && step !== 0 && !link.negativePairs && !stepKeepsPositive(columnPatterns, columnValues, linear, from, to, step); halving++) step /= 2;
      if (step === 0) continue;
      updated = coefficients[column] + step;
      coefficients[column] = updated;
      for (let slot = from; slot < to; slot++) linear[columnPatterns[slot]] += step * columnValues[slot];
      if (Math.abs(step) > largestStep) largestStep = Math.abs(step);
    }
    if (largestStep < CONVERGENCE) break;
  }
  return coefficients;
}

export function isNonNegative(features: PatternFeatures, link: ConversionLink, column: number): boolean {
  return features.nonNegative[column] === 1 || (!link.negativePairs && column > 0);
}

function stepKeepsPositive(columnPatterns: Int32Array, columnValues: Float64Array, linear: Float64Array, from: number, to: number, step: number): boolean {
  for (let slot = from; slot < to; slot++) if (linear[columnPatterns[slot]] + step * columnValues[slot] <= 1e-12) return false;
  return true;
}

/** Above this many coefficients the dense Newton solve gives way to coordinate descent. */
export const NEWTON_MAX_COEFFICIENTS = 401;
const NEWTON_MAX_ITERATIONS = 100;
const NEWTON_TOLERANCE = 1e-9;
const OBJECTIVE_TOLERANCE = 1e-13;
/** Log-likelihood units: a full Newton step from here lands within ~1e-10 of the maximum. */
const DECREMENT_TOLERANCE = 1e-5;

/**
 * The same fit by projected Newton (Bertsekas 1982, "Projected Newton methods for optimization
 * problems with simple constraints"): Newton steps on the coefficients not held at their bound,
 * a projected backtracking line search, a dense Cholesky solve. A few iterations of
 * O(patterns × features²) each: milliseconds for 8 channels.
 */
export function fitLogisticNewton(
  features: PatternFeatures,
  link: ConversionLink,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: Penalty,
  start?: Coefficients,
  maximumIterations = NEWTON_MAX_ITERATIONS,
  fixedInformation?: Float64Array,
): Coefficients {
  const size = features.coefficientCount;
  let coefficients = start ? Float64Array.from(start) : initialCoefficients(features, link, conversions, journeys);
  const gradient = new Float64Array(size);
  const information = new Float64Array(size * size);
  const freeList = new Int32Array(size);
  // A single step (the one-step bootstrap) is taken in full, as the one-step estimator defines it:
  // no objective evaluations are needed then.
  const fullStepOnly = maximumIterations === 1;
  // With a fixed information, an iteration needs only the gradient, which the line search's
  // evaluation of the accepted point has already given: one pass per iteration instead of two.
  let atCurrent = fixedInformation && !fullStepOnly ? new Float64Array(size) : undefined;
  let atCandidate = atCurrent ? new Float64Array(size) : undefined;
  let current = fullStepOnly
    ? 0
    : atCurrent
      ? objectiveAndGradient(features, link, coefficients, conversions, journeys, penalty, atCurrent)
      : objective(features, link, coefficients, conversions, journeys, penalty);
  for (let iteration = 0; iteration < maximumIterations; iteration++) {
    if (fixedInformation) {
      if (atCurrent) gradient.set(atCurrent);
      else accumulateGradient(features, link, coefficients, conversions, journeys, gradient);
      information.set(fixedInformation);
    } else accumulateInformation(features, link, coefficients, conversions, journeys, gradient, information);
    for (let column = 1; column < size; column++) {
      const penalised = penaltyOf(penalty, column);
      gradient[column] -= penalised * coefficients[column];
      information[column * size + column] += penalised;
    }
    // Coefficients at their bound whose gradient points below it stay fixed this iteration.
    let freeCount = 0;
    for (let column = 0; column < size; column++) {
      if (!isNonNegative(features, link, column) || coefficients[column] > 0 || gradient[column] > 0) freeList[freeCount++] = column;
    }
    const direction = solveFreeSystem(information, gradient, size, freeList, freeCount);
    if (!direction) break;
    if (fullStepOnly) {
      const stepped = Float64Array.from(coefficients);
      for (let index = 0; index < freeCount; index++) {
        const column = freeList[index];
        const value = coefficients[column] + direction[index];
        stepped[column] = isNonNegative(features, link, column) ? Math.max(0, value) : value;
      }
      // Under noisy-or a full step may leave a cumulative hazard ≤ 0; keep the start then.
      if (link.negativePairs || Number.isFinite(heldOutLogLikelihood(features, link, stepped, conversions, journeys))) coefficients = stepped;
      break;
    }
    // Newton decrement g'H⁻¹g: half of it approximates how far the objective is from its maximum
    // (Boyd & Vandenberghe 2004, §9.5.1); after a full step from a small decrement the rest is
    // of its square's order, so stop there instead of iterating to machine precision.
    let decrement = 0;
    for (let index = 0; index < freeCount; index++) decrement += gradient[freeList[index]] * direction[index];
    let stepSize = 1;
    let accepted = false;
    let largestStep = 0;
    for (let halving = 0; halving < 40; halving++) {
      const candidate = Float64Array.from(coefficients);
      let ascent = 0;
      for (let index = 0; index < freeCount; index++) {
        const column = freeList[index];
        const value = coefficients[column] + stepSize * direction[index];
        candidate[column] = isNonNegative(features, link, column) ? Math.max(0, value) : value;
        ascent += gradient[column] * (candidate[column] - coefficients[column]);
      }
      const candidateObjective = atCandidate
        ? objectiveAndGradient(features, link, candidate, conversions, journeys, penalty, atCandidate)
        : objective(features, link, candidate, conversions, journeys, penalty);
      if (candidateObjective === -Infinity) {
        stepSize /= 2;
        continue;
      }
      if (candidateObjective >= current + 1e-4 * ascent || ascent <= 1e-14) {
        largestStep = 0;
        for (let column = 0; column < size; column++) largestStep = Math.max(largestStep, Math.abs(candidate[column] - coefficients[column]));
        // Converged when the objective no longer moves (relative 1e-13), even if a coefficient
        // pressed against its bound keeps the step from vanishing.
        if (candidateObjective - current <= OBJECTIVE_TOLERANCE * Math.abs(current)) largestStep = 0;
        coefficients = candidate;
        current = Math.max(current, candidateObjective);
        if (atCurrent && atCandidate) [atCurrent, atCandidate] = [atCandidate, atCurrent];
        accepted = true;
        if (stepSize === 1 && decrement / 2 < DECREMENT_TOLERANCE) largestStep = 0;
        break;
      }
      stepSize /= 2;
    }
    if (!accepted || largestStep < NEWTON_TOLERANCE) break;
  }
  return coefficients;
}

/**
 * Gradient and information (−Hessian, lower triangle) of the unpenalised log-likelihood at
 * `coefficients`: O(Σ features²) over patterns. Columns of a pattern are in ascending order.
 */
export function accumulateInformation(
  features: PatternFeatures,
  link: ConversionLink,
  coefficients: Coefficients,
  conversions: Float64Array,
  journeys: Float64Array,
  gradient: Float64Array,
  information: Float64Array,
): void {
  const size = features.coefficientCount;
  const { offsets, columns, values } = features;
  gradient.fill(0);
  information.fill(0);
  for (let pattern = 0; pattern < journeys.length; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    const from = offsets[pattern];
    const to = offsets[pattern + 1];
    const linear = linearOf(features, coefficients, pattern);
    const residual = link.gradient(linear, conversions[pattern], weight);
    const curvature = link.curvature(linear, conversions[pattern], weight);
    for (let first = from; first < to; first++) {
      const rowStart = columns[first] * size;
      gradient[columns[first]] += values[first] * residual;
      const scaled = curvature * values[first];
      for (let second = from; second <= first; second++) information[rowStart + columns[second]] += scaled * values[second];
    }
  }
}

/** Gradient of the unpenalised log-likelihood at `coefficients`: one O(non-zeros) pass. */
export function accumulateGradient(features: PatternFeatures, link: ConversionLink, coefficients: Coefficients, conversions: Float64Array, journeys: Float64Array, gradient: Float64Array): void {
  const { offsets, columns, values } = features;
  gradient.fill(0);
  for (let pattern = 0; pattern < journeys.length; pattern++) {
    const weight = journeys[pattern];
    if (weight === 0) continue;
    const residual = link.gradient(linearOf(features, coefficients, pattern), conversions[pattern], weight);
    for (let slot = offsets[pattern]; slot < offsets[pattern + 1]; slot++) gradient[columns[slot]] += values[slot] * residual;
  }
}

/** The information (−Hessian, lower triangle) of the unpenalised log-likelihood at `coefficients`. */
export function informationAt(features: PatternFeatures, link: ConversionLink, coefficients: Coefficients, conversions: Float64Array, journeys: Float64Array): Float64Array {
  const size = features.coefficientCount;
  const information = new Float64Array(size * size);
  accumulateInformation(features, link, coefficients, conversions, journeys, new Float64Array(size), information);
  return information;
}

/** Solves information[free, free] · d = gradient[free] by Cholesky (lower triangle stored). */
export function solveFreeSystem(information: Float64Array, gradient: Float64Array, size: number, freeList: Int32Array, freeCount: number): Float64Array | undefined {
  const factor = choleskyOfFree(information, size, freeList, freeCount);
  return factor && solveWithCholesky(factor, gradient, freeList, freeCount);
}

/**
 * The Cholesky factor L (row-major, lower) of information[free, free] (lower triangle stored), or
 * undefined when it is not positive definite. Factored once, it solves any number of right-hand
 * sides (solveWithCholesky) in O(free²) each instead of O(free³).
 */
export function choleskyOfFree(information: Float64Array, size: number, freeList: Int32Array, freeCount: number): Float64Array | undefined {
  const matrix = new Float64Array(freeCount * freeCount);
  for (let row = 0; row < freeCount; row++) {
    for (let column = 0; column <= row; column++) matrix[row * freeCount + column] = information[freeList[row] * size + freeList[column]];
  }
  for (let row = 0; row < freeCount; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row * freeCount + column];
      for (let inner = 0; inner < column; inner++) sum -= matrix[row * freeCount + inner] * matrix[column * freeCount + inner];
      if (row === column) {
        if (sum <= 0) return undefined;
        matrix[row * freeCount + row] = Math.sqrt(sum);
      } else matrix[row * freeCount + column] = sum / matrix[column * freeCount + column];
    }
  }
  return matrix;
}

/** Solves L Lᵀ d = gradient[free] with the factor from choleskyOfFree. */
export function solveWithCholesky(matrix: Float64Array, gradient: Float64Array, freeList: Int32Array, freeCount: number): Float64Array {
  const solution = new Float64Array(freeCount);
  for (let row = 0; row < freeCount; row++) {
    let sum = gradient[freeList[row]];
    for (let inner = 0; inner < row; inner++) sum -= matrix[row * freeCount + inner] * solution[inner];
    solution[row] = sum / matrix[row * freeCount + row];
  }
  for (let row = freeCount - 1; row >= 0; row--) {
    let sum = solution[row];
    for (let inner = row + 1; inner < freeCount; inner++) sum -= matrix[inner * freeCount + row] * solution[inner];
    solution[row] = sum / matrix[row * freeCount + row];
  }
  return solution;
}

/**
 * The fitter for this problem size: projected Newton when the coefficients are few, else
 * coordinate descent. `fixedInformation` (Newton only): the information at a nearby point, used
 * in every iteration instead of recomputing it (a chord method: each iteration one gradient pass,
 * O(non-zeros), not O(Σ features²); it converges to the same maximum, linearly instead of
 * quadratically, fast when the point is near, as along a path of ridge strengths).
 */
export function fitConversionModel(
  features: PatternFeatures,
  link: ConversionLink,
  design: DesignColumns,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: Penalty,
  start?: Coefficients,
  maximumIterations?: number,
  fixedInformation?: Float64Array,
): Coefficients {
  if (features.coefficientCount <= NEWTON_MAX_COEFFICIENTS) return fitLogisticNewton(features, link, conversions, journeys, penalty, start, maximumIterations, fixedInformation);
  return fitLogistic(features, link, design, conversions, journeys, penalty, start, maximumIterations);
}
