import type { Journey } from '../../journeys/journey';
import type { ShareFunction } from '../model';

/**
 * Per-deal credit of a data-driven model: the deal splits over the distinct states of its journey
 * in proportion to their weights, and a state's part splits equally among its touches. A journey
 * whose states all weigh nothing (or are unknown to the model) splits equally over its touches,
 * so every deal's credit is still fully given out.
 *
 * `countedThrough` (optional): the last position of the journey that takes part; later touches
 * get no share. The pipeline outcome credits the touches up to the deal's creation, as its fit
 * counts them (journeyPaths.ts). A journey with no such touch (-1) splits over all its touches.
 */
export function stateWeightShares(stateOfTouchpoint: Int32Array, weights: Float64Array, countedThrough?: (journey: Journey) => number): ShareFunction {
  const touchesOfState = new Int32Array(weights.length);
  return (journey, shares) => {
    const touchCount = journey.touches.length;
    const last = countedThrough ? countedThrough(journey) : -1;
    const counted = last >= 0 ? Math.min(touchCount, last + 1) : touchCount;
    let weightSum = 0;
    for (let position = 0; position < counted; position++) {
      const state = stateOfTouchpoint[journey.touches[position]];
      if (touchesOfState[state]++ === 0 && weights[state] > 0) weightSum += weights[state];
    }
    for (let position = 0; position < counted; position++) {
      const state = stateOfTouchpoint[journey.touches[position]];
      shares[position] = weightSum > 0 ? (weights[state] > 0 ? weights[state] : 0) / weightSum / touchesOfState[state] : 1 / counted;
    }
    for (let position = counted; position < touchCount; position++) shares[position] = 0;
    for (let position = 0; position < counted; position++) touchesOfState[stateOfTouchpoint[journey.touches[position]]] = 0;
  };
}
