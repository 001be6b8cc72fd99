import type { ShareFunction } from '../model';

/**
 * Per-deal credit of a data-driven model: the deal splits over the distinct states of its journey
 * in proportion to their weights, and a state's part splits equally among its touches. A journey
 * whose states all weigh nothing (or are unknown to the model) splits equally over its touches,
 * so every deal's credit is still fully given out.
 */
export function stateWeightShares(stateOfTouchpoint: Int32Array, weights: Float64Array): ShareFunction {
  const touchesOfState = new Int32Array(weights.length);
  return (journey, shares) => {
    const touchCount = journey.touches.length;
    let weightSum = 0;
    for (let position = 0; position < touchCount; position++) {
      const state = stateOfTouchpoint[journey.touches[position]];
      if (touchesOfState[state]++ === 0 && weights[state] > 0) weightSum += weights[state];
    }
    for (let position = 0; position < touchCount; position++) {
      const state = stateOfTouchpoint[journey.touches[position]];
      shares[position] = weightSum > 0 ? (weights[state] > 0 ? weights[state] : 0) / weightSum / touchesOfState[state] : 1 / touchCount;
    }
    for (let position = 0; position < touchCount; position++) touchesOfState[stateOfTouchpoint[journey.touches[position]]] = 0;
  };
}
