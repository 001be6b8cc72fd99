import { LOGISTIC_LINK, NOISY_OR_LINK, type ConversionLink } from './conversionLinks';
import type { ExposurePatterns } from './exposurePatterns';
import type { LatentPropensity } from './latentPropensity';
import { lazyDesignColumns, fitConversionModel, heldOutLogLikelihood, informationWeights, scaledPenalty, type DesignColumns } from './logisticFit';
import { patternFeatures, type PatternFeatures } from './patternFeatures';

/** One way to write the no-touch baseline, with the link it goes with. */
export interface BaselineForm {
  readonly link: ConversionLink;
  /** Baseline covariates (≥ 0 coefficients, on in every counterfactual). */
  readonly propensity: readonly Float64Array[];
  /** Per pattern, the value the baseline coefficient multiplies (1 when absent). */
  readonly baselineScale?: Float64Array;
  readonly features: PatternFeatures;
  readonly design: DesignColumns;
}

/** Ridge strength at which hazard spreads are compared (crossValidation's form-selection strength). */
const SPREAD_SELECTION_PENALTY = 0.001;

function form(patterns: ExposurePatterns, link: ConversionLink, propensity: readonly Float64Array[], baselineScale?: Float64Array): BaselineForm {
  const features = patternFeatures(patterns, false, propensity, baselineScale);
  return { link, propensity, baselineScale, features, design: lazyDesignColumns(features) };
}

/**
 * The candidate baselines cross-validation chooses among (crossValidation.chooseModel). Without a
 * propensity: one intercept, under the logistic and under the noisy-or link. With one (targeted
 * states, latentPropensity.ts), the baseline depends on who the buyer is:
 * - logistic: log-odds of converting without touches = β₀ + β·E[z | counts];
 * - noisy-or: the no-touch hazard is proportional to E[e^(σ z) | counts], a buyer's baseline
 *   chance scaling with e^(σ z) (so no separate intercept: a buyer of average propensity has
 *   hazard β₀ e^(σ²/2)). Targeting aims at likely buyers, so the baseline rises with z (σ > 0);
 *   how steeply is not in the counts: the spread whose fit explains the conversions best is taken
 *   (same number of coefficients for every σ, so the in-sample likelihood compares them).
 */
export function baselineForms(patterns: ExposurePatterns, latent: LatentPropensity | undefined): BaselineForm[] {
  if (!latent) {
    // One design serves both links (the same features; only the link differs).
    const logistic = form(patterns, LOGISTIC_LINK, []);
    return [logistic, { ...logistic, link: NOISY_OR_LINK }];
  }
  let best: { form: BaselineForm; likelihood: number } | undefined;
  let start: Float64Array | undefined;
  for (const scale of latent.hazardScales) {
    const candidate = form(patterns, NOISY_OR_LINK, [], scale);
    const penalties = scaledPenalty(informationWeights(candidate.features, NOISY_OR_LINK, patterns.conversions, patterns.journeys), SPREAD_SELECTION_PENALTY);
    const coefficients = fitConversionModel(candidate.features, NOISY_OR_LINK, candidate.design, patterns.conversions, patterns.journeys, penalties, start);
    // Warm start for the next spread: the touch effects move little; the baseline is rescaled below.
    start = coefficients;
    const likelihood = heldOutLogLikelihood(candidate.features, NOISY_OR_LINK, coefficients, patterns.conversions, patterns.journeys);
    if (!best || likelihood > best.likelihood) best = { form: candidate, likelihood };
  }
  return [form(patterns, LOGISTIC_LINK, [latent.covariate]), best!.form];
}
