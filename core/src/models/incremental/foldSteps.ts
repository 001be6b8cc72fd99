import type { ConversionLink } from './conversionLinks';
import {
  accumulateGradient,
  accumulateInformation,
  heldOutLogLikelihood,
  isNonNegative,
  penaltyOf,
  solveFreeSystem,
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
}

/**
 * Refits on reweighted journeys (a fold's training part, a bootstrap replicate) by one Newton step
 * from the fit on all journeys, with the full-data information scaled to the reweighted size in
 * place of the reweighted one's: β' = β̂ + (f · H)⁻¹ g', g' the penalised gradient of the
 * reweighted journeys at β̂, H the penalised information of all journeys at β̂ (the infinitesimal
 * jackknife: Beirami et al. 2017, "On optimal generalizability in parametric learning"; Giordano
 * et al. 2019, "A Swiss army infinitesimal jackknife"). The information costs one pass,
 * O(Σ features²); each refit then one gradient pass, O(non-zeros), and a small solve.
 * Coefficients at their bound at β̂ stay there.
 */
export class OneStepRefit {
  private readonly size: number;
  private readonly information: Float64Array;
  private readonly gradient: Float64Array;
  private readonly freeList: Int32Array;
  private readonly freeCount: number;

  constructor(
    private readonly features: PatternFeatures,
    private readonly link: ConversionLink,
    conversions: Float64Array,
    journeys: Float64Array,
    private readonly penalty: Penalty,
    private readonly coefficients: Coefficients,
  ) {
    const size = (this.size = features.coefficientCount);
    this.gradient = new Float64Array(size);
    this.information = new Float64Array(size * size);
    accumulateInformation(features, link, coefficients, conversions, journeys, this.gradient, this.information);
    this.freeList = new Int32Array(size);
    let freeCount = 0;
    for (let column = 0; column < size; column++) {
      this.information[column * size + column] += penaltyOf(penalty, column);
      if (!isNonNegative(features, link, column) || coefficients[column] > 0) this.freeList[freeCount++] = column;
    }
    this.freeCount = freeCount;
  }

  /** Coefficients refitted on `conversions` of `journeys`, `fraction` = their total / all journeys. */
  refit(conversions: Float64Array, journeys: Float64Array, fraction: number): Coefficients {
    const { features, link, penalty, coefficients, size, gradient, freeList, freeCount } = this;
    accumulateGradient(features, link, coefficients, conversions, journeys, gradient);
    for (let column = 1; column < size; column++) gradient[column] -= fraction * penaltyOf(penalty, column) * coefficients[column];
    const direction = solveFreeSystem(this.information, gradient, size, freeList, freeCount);
    if (!direction) return coefficients;
    // Halve the step while it leaves the model's domain (a cumulative hazard ≤ 0 under noisy-or).
    for (let scale = 1 / fraction, halving = 0; halving < 30; halving++, scale /= 2) {
      const stepped = Float64Array.from(coefficients);
      for (let index = 0; index < freeCount; index++) {
        const column = freeList[index];
        const value = coefficients[column] + scale * direction[index];
        stepped[column] = isNonNegative(features, link, column) ? Math.max(0, value) : value;
      }
      // Every η is allowed under the logistic link.
      if (link.negativePairs || Number.isFinite(heldOutLogLikelihood(features, link, stepped, conversions, journeys))) return stepped;
    }
    return coefficients;
  }
}

/** Held-out log-likelihood of each fold, each fold's fit a one-step refit (OneStepRefit). */
export function approximateCrossValidation(
  features: PatternFeatures,
  link: ConversionLink,
  conversions: Float64Array,
  journeys: Float64Array,
  penalty: Penalty,
  coefficients: Coefficients,
  folds: readonly Fold[],
): Float64Array {
  const refits = new OneStepRefit(features, link, conversions, journeys, penalty, coefficients);
  return Float64Array.from(folds, (fold) =>
    heldOutLogLikelihood(features, link, refits.refit(fold.trainConversions, fold.trainJourneys, fold.trainFraction), fold.testConversions, fold.testJourneys),
  );
}
