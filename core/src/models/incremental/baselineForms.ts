import { LOGISTIC_LINK, NOISY_OR_LINK, type ConversionLink } from './conversionLinks';
import { defaultCountCurves, type CountCurves } from './countCurves';
import type { ExposurePatterns } from './exposurePatterns';
import type { LatentPropensity } from './latentPropensity';
import { lazyDesignColumns, fitConversionModel, heldOutLogLikelihood, informationWeights, scaledPenalty, type DesignColumns } from './logisticFit';
import { patternFeatures, type PatternFeatures } from './patternFeatures';
import { targetedCountCurves, untargetedCurveShape } from './targetedCurves';

/** One way to write the no-touch baseline, with the link it goes with. */
export interface BaselineForm {
  readonly link: ConversionLink;
  /** Baseline covariates (≥ 0 coefficients, on in every counterfactual). */
  readonly propensity: readonly Float64Array[];
  /** Per pattern, the value the baseline coefficient multiplies (1 when absent). */
  readonly baselineScale?: Float64Array;
  /** How each state's count term is written (countCurves.ts; targeted states: targetedCurves.ts). */
  readonly curves: CountCurves;
  readonly features: PatternFeatures;
  readonly design: DesignColumns;
}

/** Ridge strength at which hazard spreads are compared (crossValidation's form-selection strength). */
const SPREAD_SELECTION_PENALTY = 0.001;

function form(
  patterns: ExposurePatterns,
  link: ConversionLink,
  propensity: readonly Float64Array[],
  baselineScale?: Float64Array,
  curves = defaultCountCurves(patterns),
): BaselineForm {
  const features = patternFeatures(patterns, false, propensity, baselineScale, curves);
  return { link, propensity, baselineScale, curves, features, design: lazyDesignColumns(features) };
}

/** `candidate` fitted at the form-selection strength (from `start` when given). */
function fitAtSelection(patterns: ExposurePatterns, candidate: BaselineForm, start?: Float64Array): Float64Array {
  const penalties = scaledPenalty(
    informationWeights(candidate.features, candidate.link, patterns.conversions, patterns.journeys),
    SPREAD_SELECTION_PENALTY,
  );
  return fitConversionModel(candidate.features, candidate.link, candidate.design, patterns.conversions, patterns.journeys, penalties, start);
}

/**
 * The count curves of a form with targeting: the targeted states take the shape the untargeted
 * states show in the form's fit with every curve free (targetedCurves.ts), or all stay free when
 * no untargeted state shows an effect.
 */
export function targetedFormCurves(
  patterns: ExposurePatterns,
  link: ConversionLink,
  propensity: readonly Float64Array[],
  baselineScale: Float64Array | undefined,
  loadings: Float64Array,
): CountCurves {
  const free = form(patterns, link, propensity, baselineScale);
  const shape = untargetedCurveShape(patterns, free.features, fitAtSelection(patterns, free), loadings);
  return shape === undefined ? free.curves : targetedCountCurves(free.curves, loadings, shape);
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
 * Under either link the targeted states' count curves take the shape the untargeted states show
 * under that link (targetedFormCurves, targetedCurves.ts).
 */
export function baselineForms(patterns: ExposurePatterns, latent: LatentPropensity | undefined): BaselineForm[] {
  if (!latent) {
    // One design serves both links (the same features; only the link differs).
    const logistic = form(patterns, LOGISTIC_LINK, []);
    return [logistic, { ...logistic, link: NOISY_OR_LINK }];
  }
  const logistic = form(
    patterns,
    LOGISTIC_LINK,
    [latent.covariate],
    undefined,
    targetedFormCurves(patterns, LOGISTIC_LINK, [latent.covariate], undefined, latent.loadings),
  );
  // The noisy-or's curves from its fit at the first spread (the untargeted states' curves hardly move with σ).
  const noisyCurves = targetedFormCurves(patterns, NOISY_OR_LINK, [], latent.hazardScales[0], latent.loadings);
  let best: { form: BaselineForm; likelihood: number } | undefined;
  let start: Float64Array | undefined;
  for (const scale of latent.hazardScales) {
    const candidate = form(patterns, NOISY_OR_LINK, [], scale, noisyCurves);
    const coefficients = fitAtSelection(patterns, candidate, start);
    // Warm start for the next spread: the touch effects move little; the baseline is rescaled below.
    start = coefficients;
    const likelihood = heldOutLogLikelihood(candidate.features, NOISY_OR_LINK, coefficients, patterns.conversions, patterns.journeys);
    if (!best || likelihood > best.likelihood) best = { form: candidate, likelihood };
  }
  return [logistic, best!.form];
}
