/**
 * How the linear predictor η (intercept + touch effects) maps to the chance of converting.
 * - `logistic`: P = 1 / (1 + e^−η); effects multiply the odds.
 * - `noisy-or`: P = 1 − e^−η with all effects ≥ 0 (η is a cumulative hazard): every touch is an
 *   independent chance to convert, the classic independent-causes model (Pearl 1988, "noisy OR";
 *   a complementary-log-log hazard model). At low rates effects add on the probability scale.
 * The incremental model fits both and keeps the one that predicts held-out journeys better.
 */
export interface ConversionLink {
  readonly name: 'logistic' | 'noisy-or';
  /** Pair (synergy) terms may be negative under this link. */
  readonly negativePairs: boolean;
  probability(linear: number): number;
  /** The same probability given e^(−η) (counterfactualShapley.ts builds e^(−η) of subsets by products). */
  probabilityFromExponential(exponentialOfMinusLinear: number): number;
  /** dP/dη. */
  derivative(linear: number): number;
  /** Log-likelihood of `conversions` out of `journeys` at η; −Infinity where η is not allowed. */
  logLikelihood(linear: number, conversions: number, journeys: number): number;
  /** dℓ/dη. */
  gradient(linear: number, conversions: number, journeys: number): number;
  /** −d²ℓ/dη² (≥ 0: the log-likelihood is concave in η under both links). */
  curvature(linear: number, conversions: number, journeys: number): number;
  /** Intercept matching an overall conversion rate. */
  interceptFor(rate: number): number;
}

function softplus(value: number): number {
  return value > 30 ? value : Math.log1p(Math.exp(value));
}

export const LOGISTIC_LINK: ConversionLink = {
  name: 'logistic',
  negativePairs: true,
  probability: (linear) => 1 / (1 + Math.exp(-linear)),
  probabilityFromExponential: (exponential) => 1 / (1 + exponential),
  derivative: (linear) => {
    const probability = 1 / (1 + Math.exp(-linear));
    return probability * (1 - probability);
  },
  // ln p = −softplus(−η) = η − softplus(η), ln(1 − p) = −softplus(η): y η − n softplus(η), one
  // softplus, without overflow.
  logLikelihood: (linear, conversions, journeys) => conversions * linear - journeys * softplus(linear),
  gradient: (linear, conversions, journeys) => conversions - journeys / (1 + Math.exp(-linear)),
  curvature: (linear, _conversions, journeys) => {
    const probability = 1 / (1 + Math.exp(-linear));
    return journeys * probability * (1 - probability);
  },
  interceptFor: (rate) => Math.log(rate / (1 - rate)),
};

/** Smallest cumulative hazard allowed (η ≤ 0 would mean P ≤ 0). */
export const MINIMUM_HAZARD = 1e-12;

export const NOISY_OR_LINK: ConversionLink = {
  name: 'noisy-or',
  negativePairs: false,
  probability: (linear) => (linear > 0 ? -Math.expm1(-linear) : 0),
  // 1 − e^(−η) for η > 0 (e^(−η) < 1), else 0.
  probabilityFromExponential: (exponential) => (exponential < 1 ? 1 - exponential : 0),
  derivative: (linear) => (linear > 0 ? Math.exp(-linear) : 0),
  // ℓ = y ln(1 − e^−η) − (n − y) η.
  logLikelihood: (linear, conversions, journeys) => {
    if (linear < MINIMUM_HAZARD) return conversions > 0 ? -Infinity : -(journeys - conversions) * Math.max(linear, 0);
    return (conversions > 0 ? conversions * Math.log(-Math.expm1(-linear)) : 0) - (journeys - conversions) * linear;
  },
  // dℓ/dη = y / (e^η − 1) − (n − y).
  gradient: (linear, conversions, journeys) => conversions / Math.expm1(Math.max(linear, MINIMUM_HAZARD)) - (journeys - conversions),
  // −d²ℓ/dη² = y e^η / (e^η − 1)².
  curvature: (linear, conversions) => {
    const safe = Math.max(linear, MINIMUM_HAZARD);
    const denominator = Math.expm1(safe);
    return (conversions * Math.exp(safe)) / (denominator * denominator);
  },
  interceptFor: (rate) => -Math.log1p(-rate),
};
