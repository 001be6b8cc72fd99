import type { CountCurves } from './countCurves';
import { stateReach, type ExposurePatterns } from './exposurePatterns';
import { presenceColumn, type PatternFeatures } from './patternFeatures';

/**
 * A targeted state's touch-count curve takes the shape the untargeted states show.
 *
 * A state's effect is "touched at all" plus a slope in ln(touches) (patternFeatures.ts): two free
 * terms, so each state draws its own dose-response curve. For a targeted state (latentPropensity.ts)
 * that freedom is a trap. Its buyers' own readiness rises with how often they were reached, and so
 * does its curve: a steeper curve and a flatter baseline explain the conversions about equally
 * well, and the fit slides between them with the sample. Measured with the true count law and the
 * baseline integrated exactly over the propensity (scripts, 12 seeds × 100,000 journeys): with the
 * targeted states' curves free, the most likely baseline spread σ fell to 0.1-0.2 on the seeds
 * that went wrong (true 0.6) and the targeted channels took the buyers' readiness (activity and
 * targeting 0.947 / 0.831; log-odds, activity and targeting 0.928 / 0.795); with their curves
 * shaped like the untargeted states', 0.953 / 0.910 and 0.956 / 0.929.
 *
 * The untargeted states' curves are identified (nothing else moves with their counts), and a
 * channel's diminishing returns are a property of how touches work, which the targeting does not
 * change. So the shape γ (the ln(touches) slope per unit of the first touch's effect), pooled over
 * the untargeted states weighted by their effect and reach, is given to every targeted state: its
 * count term becomes 1/γ + ln(touches) (its first touch worth 1/γ slopes) and its own
 * "touched at all" term is held at 0. With no untargeted state showing an effect, the curves stay free.
 */

/** The ridge on a targeted state's own "touched at all" term × this: held at 0 (its curve is the shared shape). */
export const TARGETED_PRESENCE_PENALTY_FACTOR = 1e6;
/** The first touch in slopes when the untargeted curves are (nearly) flat: the count term is then nearly constant, a presence term. */
const MAXIMUM_FIRST_TOUCH_IN_SLOPES = 100;

/**
 * γ of a fit: Σ reach_s · slope_s / Σ reach_s · first-touch effect_s over the states without a
 * loading (reach: journeys touched). Undefined when none of them has an effect (or all have loadings).
 */
export function untargetedCurveShape(
  patterns: ExposurePatterns,
  features: PatternFeatures,
  coefficients: ArrayLike<number>,
  loadings: Float64Array,
): number | undefined {
  const reach = stateReach(patterns);
  let slopes = 0;
  let firstTouches = 0;
  for (let state = 0; state < patterns.stateCount; state++) {
    if (loadings[state] !== 0 || reach[state] === 0) continue;
    const slope = coefficients[presenceColumn(state) + 1];
    slopes += reach[state] * slope;
    firstTouches += reach[state] * (coefficients[presenceColumn(state)] + slope * features.curves.firstTouchInSlopes[state]);
  }
  return firstTouches > 0 ? slopes / firstTouches : undefined;
}

/** `curves` with every state that has a loading drawn with shape γ = `shape` (its presence term held at 0). */
export function targetedCountCurves(curves: CountCurves, loadings: Float64Array, shape: number): CountCurves {
  const firstTouch = shape > 1 / MAXIMUM_FIRST_TOUCH_IN_SLOPES ? 1 / shape : MAXIMUM_FIRST_TOUCH_IN_SLOPES;
  return {
    firstTouchInSlopes: curves.firstTouchInSlopes.map((value, state) => (loadings[state] !== 0 ? firstTouch : value)),
    presencePenaltyFactors: curves.presencePenaltyFactors.map((value, state) => (loadings[state] !== 0 ? TARGETED_PRESENCE_PENALTY_FACTOR : value)),
  };
}
