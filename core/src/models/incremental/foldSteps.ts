import type { ConversionLink } from './conversionLinks';
import { MINIMUM_HAZARD } from './conversionLinks';
import {
  accumulateInformation,
  isNonNegative,
  linearOf,
  penaltyOf,
  choleskyOfFree,
  solveWithCholesky,
  type Coefficients,
  type Penalty,
} from './logisticFit';
import type { PatternFeatures } from './patternFeatures';

/** Training and held-out counts of one cross-validation fold. */
export interface Fold {
  readonly trainConversions: Float64Array;
  readonly trainJourneys: Float64Array;
  readonly testConversions: Float64Array;
  readonly testJourneys: Float64Array;
  /** Training journeys / all journeys. */
  readonly trainFraction: number;
  /**
   * The patterns with held-out journeys in this fold, ascending: the fold's own work visits only
   * these (with most patterns seen once, about a fifth of them).
   */
  readonly testPatterns: Int32Array;
}

/**
 * Refits on reweighted journeys (a fold's training part, a bootstrap replicate) by one Newton step
 * from the fit on all journeys, with the full-data information scaled to the reweighted size in
 * place of the reweighted one's: β' = β̂ + (f · H)⁻¹ g', g' the penalised gradient of the
 * reweighted journeys at β̂, H the penalised information of all journeys at β̂ (the infinitesimal
 * jackknife: Beirami et al. 2017, "On optimal generalizability in parametric learning"; Giordano
 * et al. 2019, "A Swiss army infinitesimal jackknife"). The information costs one pass,
 * O(Σ features²) (or none, when given from a nearby point); each refit then one gradient pass,
 * O(non-zeros), and a small solve.
 * Coefficients at their bound at β̂ stay there.
 */
export class OneStepRefit {
  private readonly size: number;
  private readonly information: Float64Array;
  private readonly gradient: Float64Array;
  private readonly freeList: Int32Array;
  private readonly freeCount: number;
  /** Per pattern at β̂: η, and dℓ/dη of one converting and of one non-converting journey. */
  private readonly linear: Float64Array;
  private readonly convertingSlope: Float64Array;
  private readonly notConvertingSlope: Float64Array;
  /** Unpenalised gradient of all journeys at β̂ (a fold's training gradient is it minus the held-out part). */
  private readonly fullGradient: Float64Array;
  /** Smallest value of the intercept's feature over patterns (-Infinity when a pattern lacks it). */
  private readonly smallestInterceptValue: number;
  /** Cholesky factor of the penalised information over the free coefficients (null: not positive definite), on first use. */
  private factor: Float64Array | null | undefined;

  constructor(
    private readonly features: PatternFeatures,
    private readonly link: ConversionLink,
    conversions: Float64Array,
    journeys: Float64Array,
    private readonly penalty: Penalty,
    private readonly coefficients: Coefficients,
    information?: Float64Array,
  ) {
    const size = (this.size = features.coefficientCount);
    this.gradient = new Float64Array(size);
    this.information = new Float64Array(size * size);
    if (information) this.information.set(information);
    else accumulateInformation(features, link, coefficients, conversions, journeys, this.gradient, this.information);
    this.freeList = new Int32Array(size);
    let freeCount = 0;
    for (let column = 0; column < size; column++) {
      this.information[column * size + column] += penaltyOf(penalty, column);
      if (!isNonNegative(features, link, column) || coefficients[column] > 0) this.freeList[freeCount++] = column;
    }
    this.freeCount = freeCount;
    // The log-likelihood is a sum over journeys, so a reweighted gradient at β̂ is Σ_pattern x ·
    // (converting × slope₁ + not converting × slope₀): no link evaluation per refit.
    const patternCount = features.offsets.length - 1;
    this.linear = new Float64Array(patternCount);
    this.convertingSlope = new Float64Array(patternCount);
    this.notConvertingSlope = new Float64Array(patternCount);
    const fullGradient = (this.fullGradient = new Float64Array(size));
    const { offsets, columns, values } = features;
    let smallestInterceptValue = Infinity;
    for (let pattern = 0; pattern < patternCount; pattern++) {
      // The intercept is each pattern's first feature (patternFeatures); a pattern without it
      // (or with a value ≤ 0) turns the shortcut of `everyHazardPositive` off.
      const first = offsets[pattern];
      const interceptValue = first < offsets[pattern + 1] && columns[first] === 0 ? values[first] : -Infinity;
      if (interceptValue < smallestInterceptValue) smallestInterceptValue = interceptValue;
      const linear = linearOf(features, coefficients, pattern);
      this.linear[pattern] = linear;
      const converting = (this.convertingSlope[pattern] = link.gradient(linear, 1, 1));
      const notConverting = (this.notConvertingSlope[pattern] = link.gradient(linear, 0, 1));
      if (journeys[pattern] === 0) continue;
      const residual = conversions[pattern] * converting + (journeys[pattern] - conversions[pattern]) * notConverting;
      for (let slot = offsets[pattern]; slot < offsets[pattern + 1]; slot++) fullGradient[columns[slot]] += values[slot] * residual;
    }
    this.smallestInterceptValue = smallestInterceptValue;
  }

  /** Whether every η stays in the link's domain where it must (a hazard > 0 under noisy-or for patterns with conversions). */
  private allowed(stepped: Coefficients, conversions: Float64Array): boolean {
    const { features, link, coefficients } = this;
    if (link.negativePairs) return true;
    if (this.everyHazardPositive(stepped)) return true;
    const { offsets, columns, values } = features;
    for (let pattern = 0; pattern + 1 < offsets.length; pattern++) {
      if (conversions[pattern] === 0) continue;
      let linear = this.linear[pattern];
      for (let slot = offsets[pattern]; slot < offsets[pattern + 1]; slot++) linear += (stepped[columns[slot]] - coefficients[columns[slot]]) * values[slot];
      if (linear < MINIMUM_HAZARD) return false;
    }
    return true;
  }

  /**
   * A sufficient condition, without a pass over the patterns: every feature value is ≥ 0 under
   * noisy-or (presence, ln touches, pairs, propensity, the baseline's scale), and every pattern has
   * the intercept, so with every other coefficient ≥ 0 each η is at least intercept × the smallest
   * intercept value.
   */
  private everyHazardPositive(stepped: Coefficients): boolean {
    for (let column = 1; column < stepped.length; column++) if (stepped[column] < 0) return false;
    return stepped[0] > 0 && this.smallestInterceptValue > 0 && stepped[0] * this.smallestInterceptValue >= MINIMUM_HAZARD;
  }

  /** Coefficients refitted on `conversions` of `journeys`, `fraction` = their total / all journeys. */
  refit(conversions: Float64Array, journeys: Float64Array, fraction: number): Coefficients {
    const { features, gradient, convertingSlope, notConvertingSlope } = this;
    const { offsets, columns, values } = features;
    gradient.fill(0);
    for (let pattern = 0; pattern < journeys.length; pattern++) {
      if (journeys[pattern] === 0) continue;
      const residual = conversions[pattern] * convertingSlope[pattern] + (journeys[pattern] - conversions[pattern]) * notConvertingSlope[pattern];
      for (let slot = offsets[pattern]; slot < offsets[pattern + 1]; slot++) gradient[columns[slot]] += values[slot] * residual;
    }
    return this.step(conversions, fraction);
  }

  /**
   * The refit on a fold's training journeys: their gradient is the full one minus the held-out
   * journeys' (the log-likelihood is a sum over journeys), so only the fold's held-out patterns
   * are visited.
   */
  refitFold(fold: Fold): Coefficients {
    const { features, gradient, convertingSlope, notConvertingSlope, fullGradient } = this;
    const { offsets, columns, values } = features;
    const { testPatterns, testConversions, testJourneys } = fold;
    gradient.set(fullGradient);
    for (let index = 0; index < testPatterns.length; index++) {
      const pattern = testPatterns[index];
      const residual = testConversions[pattern] * convertingSlope[pattern] + (testJourneys[pattern] - testConversions[pattern]) * notConvertingSlope[pattern];
      for (let slot = offsets[pattern]; slot < offsets[pattern + 1]; slot++) gradient[columns[slot]] -= values[slot] * residual;
    }
    return this.step(fold.trainConversions, fold.trainFraction);
  }

  /** The one Newton step from β̂ along `gradient` (the unpenalised gradient of the reweighted journeys). */
  private step(conversions: Float64Array, fraction: number): Coefficients {
    const { features, link, penalty, coefficients, size, gradient, freeList, freeCount } = this;
    for (let column = 1; column < size; column++) gradient[column] -= fraction * penaltyOf(penalty, column) * coefficients[column];
    // One factorisation serves every refit: the information and the free coefficients are those at β̂.
    if (this.factor === undefined) this.factor = choleskyOfFree(this.information, size, freeList, freeCount) ?? null;
    if (this.factor === null) return coefficients;
    const direction = solveWithCholesky(this.factor, gradient, freeList, freeCount);
    // Halve the step while it leaves the model's domain (a cumulative hazard ≤ 0 under noisy-or).
    for (let scale = 1 / fraction, halving = 0; halving < 30; halving++, scale /= 2) {
      const stepped = Float64Array.from(coefficients);
      for (let index = 0; index < freeCount; index++) {
        const column = freeList[index];
        const value = coefficients[column] + scale * direction[index];
        stepped[column] = isNonNegative(features, link, column) ? Math.max(0, value) : value;
      }
      if (this.allowed(stepped, conversions)) return stepped;
    }
    return coefficients;
  }
}

/**
 * Held-out log-likelihood of each fold, each fold's fit a one-step refit (OneStepRefit);
 * `information` (unpenalised, lower triangle): taken from a nearby point instead of recomputed.
 */
export function approximateCrossValidation(
  features: PatternFeatures,
  link: ConversionLink,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: Penalty,
  coefficients: Coefficients,
  folds: readonly Fold[],
  information?: Float64Array,
): Float64Array {
  const refits = new OneStepRefit(features, link, conversions, journeys, penalty, coefficients, information);
  return Float64Array.from(folds, (fold) => heldOutLogLikelihoodOf(features, link, refits.refitFold(fold), fold));
}

/** heldOutLogLikelihood of a fold's held-out journeys, visiting only its held-out patterns (same sum, same order). */
function heldOutLogLikelihoodOf(features: PatternFeatures, link: ConversionLink, coefficients: Coefficients, fold: Fold): number {
  const { testPatterns, testConversions, testJourneys } = fold;
  let total = 0;
  for (let index = 0; index < testPatterns.length; index++) {
    const pattern = testPatterns[index];
    total += link.logLikelihood(linearOf(features, coefficients, pattern), testConversions[pattern], testJourneys[pattern]);
  }
  return total;
}
