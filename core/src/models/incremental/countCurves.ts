import type { ExposurePatterns } from './exposurePatterns';
import { FIRST_TOUCH_IN_SLOPES, nearlyUniversalStates, PRESENCE_PENALTY_FACTOR } from './nearlyUniversalStates';

/**
 * How each state's touch-count effect is written (patternFeatures.ts): "touched at all" plus a
 * count term firstTouchInSlopes + ln(touches), and how much harder than other terms the ridge
 * shrinks the "touched at all" term. Plain states: 0 and 1 (the two terms are free). A state that
 * nearly every journey has: 1 and PRESENCE_PENALTY_FACTOR (nearlyUniversalStates.ts). A targeted
 * state: the curve the untargeted states show, its own deviation held at 0 (targetedCurves.ts).
 */
export interface CountCurves {
  /** Per state: what the first touch is worth in units of the ln(touches) slope. */
  readonly firstTouchInSlopes: Float64Array;
  /** Per state: the ridge on its "touched at all" term × this. */
  readonly presencePenaltyFactors: Float64Array;
}

const curvesOfPatterns = new WeakMap<ExposurePatterns, CountCurves>();

/** The curves without targeting: each state free, except that nearly universal states count their first touch in slopes. */
export function defaultCountCurves(patterns: ExposurePatterns): CountCurves {
  const cached = curvesOfPatterns.get(patterns);
  if (cached) return cached;
  const universal = nearlyUniversalStates(patterns);
  const curves = {
    firstTouchInSlopes: Float64Array.from(universal, (flag) => (flag === 1 ? FIRST_TOUCH_IN_SLOPES : 0)),
    presencePenaltyFactors: Float64Array.from(universal, (flag) => (flag === 1 ? PRESENCE_PENALTY_FACTOR : 1)),
  };
  curvesOfPatterns.set(patterns, curves);
  return curves;
}

/** The count feature's value: ln(touches) plus the state's first touch in slopes. */
export function countFeature(logOfTouches: number, firstTouchInSlopes: number): number {
  return logOfTouches + firstTouchInSlopes;
}
