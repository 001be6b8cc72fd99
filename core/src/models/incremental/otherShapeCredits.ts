import { creditWeights } from './creditWeights';
import type { PatternFeatures } from './patternFeatures';
import { spreadByWeights } from '../data-driven/stateAttribution';
import { CounterfactualSplit } from './counterfactualShapley';
import type { ModelChoice } from './crossValidation';
import type { ExposurePatterns } from './exposurePatterns';
import { patternShares, sharesByState } from './linearisedSplit';
import { fitConversionModel } from './logisticFit';

/**
 * Each state's credited conversions under each baseline shape cross-validation did not choose.
 *
 * Why: when targeting is found, what separates "the touches worked" from "the buyer was ready" is
 * the shape of the count effects and of the propensity (README, "Assumptions"); a targeted
 * channel whose effect has another shape than the model's is split wrongly, and the bootstrap,
 * which resamples journeys under the chosen shape, does not see it (measured with
 * scripts/bench/incremental-coverage.js: 30-90% of the intervals held the truth on the log-odds
 * targeting probes, against 95% nominal). The credits under the other shape are a second reading of the same data; the model's
 * intervals are widened to take them in, so a channel whose credit hangs on the shape shows it.
 *
 * A form scored by one Newton step (a pair form at selection, `fullFit` false) is fitted fully first.
 */
export function otherShapeCredits(
  patterns: ExposurePatterns,
  others: readonly ModelChoice[],
  conversionsTotal: number,
  seed: number,
  splitFeaturesOf: (features: PatternFeatures) => PatternFeatures = (features) => features,
): Float64Array[] {
  return others.map((form) => {
    const coefficients = form.fullFit
      ? form.coefficients
      : fitConversionModel(form.features, form.link, form.design, patterns.conversions, patterns.journeys, form.penalties, form.coefficients);
    const splitter = new CounterfactualSplit(patterns, splitFeaturesOf(form.features), form.link, seed);
    const incremental = sharesByState(patterns, patternShares(patterns, splitter, coefficients), patterns.journeys);
    return spreadByWeights(
      creditWeights(incremental),
      conversionsTotal,
    );
  });
}
