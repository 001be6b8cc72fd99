import { upperBound } from '../util/typedArrays';

/** A step curve: after each delay in `at` (sorted), the chance of having come back by then. */
export interface ReturnCurve {
  readonly at: Float64Array;
  readonly returnedBy: Float64Array;
}

/**
 * Kaplan–Meier estimate of the chance of having come back within T days, from the delays of the
 * returns and the delays at which the others were censored (the data's end). Returns the delays of
 * the returns, sorted, and 1 − S after each (both inputs are sorted in place). At a tie, returns count before censorings (the usual
 * convention: a contact censored at T was still at risk at T).
 */
export function returnCurve(returnDelays: Float64Array, censoredDelays: Float64Array): ReturnCurve {
  // Sorted in place: the callers build these arrays for this.
  const returnsSorted = returnDelays.sort();
  const censoredSorted = censoredDelays.sort();
  let atRisk = returnsSorted.length + censoredSorted.length;
  let survival = 1;
  const at: number[] = [];
  const returnedBy: number[] = [];
  let censored = 0;
  for (let position = 0; position < returnsSorted.length; ) {
    const delay = returnsSorted[position];
    while (censored < censoredSorted.length && censoredSorted[censored] < delay) {
      atRisk--;
      censored++;
    }
    let events = 0;
    while (position < returnsSorted.length && returnsSorted[position] === delay) {
      events++;
      position++;
    }
    survival *= 1 - events / atRisk;
    atRisk -= events;
    at.push(delay);
    returnedBy.push(1 - survival);
  }
  return { at: Float64Array.from(at), returnedBy: Float64Array.from(returnedBy) };
}

/** The curve's value after `days` (0 before the first return). */
export function curveAt(curve: ReturnCurve, days: number): number {
  const after = upperBound(curve.at, days);
  return after === 0 ? 0 : curve.returnedBy[after - 1];
}
