import { logSumExp } from '../../util/logSumExp';

/** Quadrature over the buyer's general activity u ~ N(0, 1): this many points on [−ACTIVITY_LIMIT, ACTIVITY_LIMIT]. */
const ACTIVITY_POINTS = 41;
const ACTIVITY_LIMIT = 5;
const ACTIVITY_GRID = Float64Array.from(
  { length: ACTIVITY_POINTS },
  (_, point) => -ACTIVITY_LIMIT + (2 * ACTIVITY_LIMIT * point) / (ACTIVITY_POINTS - 1),
);
const terms = new Float64Array(ACTIVITY_POINTS);

/**
 * The part of the log-likelihood of a buyer's touch counts that depends on their total N, when the
 * touches come at rate R · e^(a u − a²/2) (a² = `activityVariance`) and the activity u is
 * integrated out: ln ∫ (e^(a u − a²/2))^N e^(−R e^(a u − a²/2)) φ(u) du, up to a constant (−R
 * without activity). With T z (T = Σ n_s t_s) it makes the whole log-likelihood in the propensity
 * z, R = R(z) (latentPropensity.ts; the mechanism oracle, simulation/oracleData.ts).
 */
export function activityIntegratedTotal(total: number, rate: number, activityVariance: number): number {
  if (activityVariance === 0) return -rate;
  const activity = Math.sqrt(activityVariance);
  for (let index = 0; index < ACTIVITY_POINTS; index++) {
    const u = ACTIVITY_GRID[index];
    const shift = activity * u - activityVariance / 2;
    terms[index] = total * shift - rate * Math.exp(shift) - (u * u) / 2;
  }
  return logSumExp(terms);
}
