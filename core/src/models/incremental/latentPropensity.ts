import type { ExposurePatterns } from './exposurePatterns';

/**
 * Targeting shows in the touch counts. When a channel is aimed at buyers with a hidden propensity
 * z (a buyer's touch rate of state s is e^(μ_s + σ_s z), z ~ N(0, 1): a Poisson-lognormal count),
 * its counts are more spread than Poisson counts: Var n_s = m_s + m_s² (e^(σ_s²) − 1), m_s = E n_s.
 * Every state whose counts are clearly over-dispersed gets a loading σ_s from that excess variance
 * (method of moments), and every exposure pattern gets the posterior mean of z given all its
 * counts, E[z | n] (by quadrature over z). The conversion model then uses it as a baseline
 * covariate: part of who the buyer is, not something a touch did, so it stays in every
 * counterfactual (the no-touch baseline of a buyer with many targeted touches is higher).
 * States with Poisson-like counts carry no loading; when no state has one there is no covariate.
 */
export interface LatentPropensity {
  /** Loading σ_s per state (0: counts look Poisson). */
  readonly loadings: Float64Array;
  /** Per pattern: E[z | counts] minus its smallest value over patterns (≥ 0). */
  readonly covariate: Float64Array;
  /**
   * Per basis function f of BASELINE_BASIS, per pattern: E[f(z) | counts] minus its smallest value.
   * The conversion model's baseline is a non-negative combination of them: any increasing shape
   * these span (linear in z, or rising faster, as a hazard e^(γ z) does), chosen by the data.
   */
  readonly covariates: readonly Float64Array[];
}

/** Increasing functions of z whose non-negative combinations make the baseline's shape. */
const BASELINE_BASIS: readonly ((z: number) => number)[] = [(z) => z, (z) => Math.exp(z / 2), (z) => Math.exp(z)];

/** Excess variance must exceed this many standard errors of the Poisson sample variance. */
const SIGNIFICANCE = 4;
const GRID_POINTS = 81;
const GRID_LIMIT = 5;
/** Values of the sufficient statistic T at which E[z | T] is computed (linear interpolation between). */
const STATISTIC_POINTS = 2048;

/** Touch count of a pattern's state slot (exposurePatterns stores ln(capped count)). */
function countAt(patterns: ExposurePatterns, slot: number): number {
  return Math.round(Math.exp(patterns.extraTouchFeature[slot]));
}

export function overdispersionLoadings(patterns: ExposurePatterns): Float64Array {
  const { stateCount, patternCount, stateOffsets, states, journeys } = patterns;
  const sum = new Float64Array(stateCount);
  const sumSquares = new Float64Array(stateCount);
  let total = 0;
  for (let pattern = 0; pattern < patternCount; pattern++) {
    const weight = journeys[pattern];
    total += weight;
    for (let slot = stateOffsets[pattern]; slot < stateOffsets[pattern + 1]; slot++) {
      const count = countAt(patterns, slot);
      sum[states[slot]] += weight * count;
      sumSquares[states[slot]] += weight * count * count;
    }
  }
  const loadings = new Float64Array(stateCount);
  if (total < 2) return loadings;
  for (let state = 0; state < stateCount; state++) {
    const mean = sum[state] / total;
    if (mean <= 0) continue;
    const variance = (sumSquares[state] - total * mean * mean) / (total - 1);
    const excess = variance - mean;
    // Sampling variance of a Poisson sample variance: (m + 2m²) / N.
    if (excess <= SIGNIFICANCE * Math.sqrt((mean + 2 * mean * mean) / total)) continue;
    loadings[state] = Math.sqrt(Math.log1p(excess / (mean * mean)));
  }
  return loadings;
}

export function latentPropensity(patterns: ExposurePatterns): LatentPropensity | undefined {
  const { stateCount, patternCount, stateOffsets, states, journeys } = patterns;
  const loadings = overdispersionLoadings(patterns);
  const loaded: number[] = [];
  for (let state = 0; state < stateCount; state++) if (loadings[state] > 0) loaded.push(state);
  if (loaded.length === 0) return undefined;
  // Log rates μ_s from the means: m_s = e^(μ_s + σ_s²/2).
  const mean = new Float64Array(stateCount);
  let total = 0;
  for (let pattern = 0; pattern < patternCount; pattern++) {
    total += journeys[pattern];
    for (let slot = stateOffsets[pattern]; slot < stateOffsets[pattern + 1]; slot++) mean[states[slot]] += journeys[pattern] * countAt(patterns, slot);
  }
  const grid = new Float64Array(GRID_POINTS);
  const logPrior = new Float64Array(GRID_POINTS);
  // Log-likelihood of zero touches of every loaded state, per grid point: Σ_s −e^(μ_s + σ_s z).
  const absentAll = new Float64Array(GRID_POINTS);
  const rates = loaded.map((state) => ({ sigma: loadings[state], mu: Math.log(mean[state] / total) - (loadings[state] * loadings[state]) / 2 }));
  for (let point = 0; point < GRID_POINTS; point++) {
    const z = -GRID_LIMIT + (2 * GRID_LIMIT * point) / (GRID_POINTS - 1);
    grid[point] = z;
    logPrior[point] = (-z * z) / 2;
    for (const { sigma, mu } of rates) absentAll[point] -= Math.exp(mu + sigma * z);
  }
  const logPosterior = new Float64Array(GRID_POINTS);
  // The posterior depends on a pattern's counts only through T = Σ n_s σ_s (its log-likelihood is
  // absentAll + T z + constants), and E[z | T] is smooth and increasing in T (its derivative is the
  // posterior variance, ≤ 1): tabulate it at STATISTIC_POINTS values of T and interpolate.
  const statistics = new Float64Array(patternCount);
  let largest = 0;
  for (let pattern = 0; pattern < patternCount; pattern++) {
    let statistic = 0;
    for (let slot = stateOffsets[pattern]; slot < stateOffsets[pattern + 1]; slot++) {
      const loading = loadings[states[slot]];
      if (loading > 0) statistic += countAt(patterns, slot) * loading;
    }
    statistics[pattern] = statistic;
    if (statistic > largest) largest = statistic;
  }
  const spacing = largest / (STATISTIC_POINTS - 1) || 1;
  const basisAtPoint = BASELINE_BASIS.map((basis) => grid.map(basis));
  const tables = BASELINE_BASIS.map(() => new Float64Array(STATISTIC_POINTS));
  for (let index = 0; index < STATISTIC_POINTS; index++) {
    const statistic = index * spacing;
    let peak = -Infinity;
    for (let point = 0; point < GRID_POINTS; point++) {
      logPosterior[point] = absentAll[point] + statistic * grid[point] + logPrior[point];
      if (logPosterior[point] > peak) peak = logPosterior[point];
    }
    let weight = 0;
    for (let point = 0; point < GRID_POINTS; point++) {
      logPosterior[point] = Math.exp(logPosterior[point] - peak);
      weight += logPosterior[point];
    }
    basisAtPoint.forEach((values, basis) => {
      let moment = 0;
      for (let point = 0; point < GRID_POINTS; point++) moment += logPosterior[point] * values[point];
      tables[basis][index] = moment / weight;
    });
  }
  const covariates = tables.map((table) => {
    const values = new Float64Array(patternCount);
    let lowest = Infinity;
    for (let pattern = 0; pattern < patternCount; pattern++) {
      const position = statistics[pattern] / spacing;
      const below = Math.min(STATISTIC_POINTS - 2, Math.floor(position));
      values[pattern] = table[below] + (table[below + 1] - table[below]) * (position - below);
      if (values[pattern] < lowest) lowest = values[pattern];
    }
    for (let pattern = 0; pattern < patternCount; pattern++) values[pattern] -= lowest;
    return values;
  });
  const covariate = covariates[0];
  return { loadings, covariate, covariates };
}
