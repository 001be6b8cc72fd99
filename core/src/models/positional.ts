import type { Journey } from '../journeys/journey';

/**
 * Weights of a positional model: milestone slots plus a middle weight shared equally by the
 * touches that hold no slot of the model. A touch holding several slots adds their weights; the
 * result is renormalised over what exists (a slot with no touch drops out, and so does the middle
 * weight when every touch holds a slot). Slots with weight 0 are not part of the model.
 */
export interface PositionalWeights {
  readonly firstTouch?: number;
  readonly lastTouch?: number;
  readonly leadCreation?: number;
  readonly dealCreation?: number;
  readonly closedWon?: number;
  readonly middle: number;
}

let holdsSlot = new Uint8Array(64);

/**
 * Unnormalised positional weights of each touch into `weights`; returns their total.
 * O(n) in the journey's length.
 */
export function positionalWeights(journey: Journey, model: PositionalWeights, weights: Float64Array): number {
  const touchCount = journey.touches.length;
  if (holdsSlot.length < touchCount) holdsSlot = new Uint8Array(touchCount * 2);
  weights.fill(0, 0, touchCount);
  holdsSlot.fill(0, 0, touchCount);
  let total = 0;
  const assign = (position: number, weight: number | undefined): void => {
    if (position < 0 || !weight) return;
    weights[position] += weight;
    holdsSlot[position] = 1;
    total += weight;
  };
  assign(journey.firstTouch, model.firstTouch);
  assign(journey.lastTouch, model.lastTouch);
  assign(journey.leadCreation, model.leadCreation);
  assign(journey.dealCreation, model.dealCreation);
  assign(journey.closedWon, model.closedWon);
  if (model.middle > 0) {
    let middleCount = 0;
    for (let position = 0; position < touchCount; position++) if (holdsSlot[position] === 0) middleCount++;
    if (middleCount > 0) {
      const each = model.middle / middleCount;
      for (let position = 0; position < touchCount; position++) if (holdsSlot[position] === 0) weights[position] = each;
      total += model.middle;
    }
  }
  return total;
}

/** Scales `weights[0..count)` to sum to 1; when nothing carries weight, falls back to equal shares. */
export function normaliseShares(shares: Float64Array, count: number, total: number): void {
  if (total > 0 && Number.isFinite(total)) {
    for (let position = 0; position < count; position++) shares[position] /= total;
  } else {
    shares.fill(count > 0 ? 1 / count : 0, 0, count);
  }
}

/** The share function of a plain positional model. */
export function positionalShares(model: PositionalWeights): (journey: Journey, shares: Float64Array) => void {
  return (journey, shares) => normaliseShares(shares, journey.touches.length, positionalWeights(journey, model, shares));
}

import { standardJourneyOptions, type AttributionModel } from './model';

/** A rule-based model defined entirely by positional weights. */
export function positionalModel(name: string, summary: string, weights: PositionalWeights): AttributionModel {
  return Object.freeze({
    name,
    kind: 'rule-based' as const,
    summary,
    weights,
    journeyOptions: standardJourneyOptions,
    prepare: () => positionalShares(weights),
  });
}
