import type { ExposurePatterns } from './exposurePatterns';
import { countAt, propensityLoadings } from './propensityLoadings';
import { activityIntegratedTotal } from './activityIntegral';

/**
 * Targeting shows in the touch counts. When states are aimed at buyers with a hidden propensity z
 * (a buyer's touch rate of state s is e^(μ_s + a u + t_s z), u the buyer's general activity, z ~
 * N(0, 1) what targeting aims at; propensityLoadings.ts estimates the loadings t_s and the
 * activity spread a from how states co-vary), every exposure pattern gets the posterior mean of z
 * given all its counts, E[z | n] (by quadrature over z, activity integrated out). The conversion
 * model then uses it as a baseline covariate: part of who the buyer is, not something a touch did,
 * so it stays in every counterfactual (the no-touch baseline of a buyer with many targeted touches
 * is higher). Touch counts that are only over-dispersed because people differ in activity carry
 * no loading, and when no state has one there is no covariate. z is standard normal, or
 * (`distribution: 'estimated'`) distributed as the counts say (PropensityDistribution).
 */
export interface LatentPropensity {
  /** Loading t_s per state (0: not targeted, or targeting not found). */
  readonly loadings: Float64Array;
  /** Spread a² of general activity. */
  readonly activityVariance: number;
  /**
   * Per pattern: E[z | counts] minus its smallest value over patterns (≥ 0): the logistic
   * baseline's covariate (log-odds linear in z).
   */
  readonly covariate: Float64Array;
  /**
   * Per spread σ (HAZARD_SPREADS unless given), per pattern: E[e^(σ z) | counts] (not shifted): the
   * noisy-or baseline's scale (a no-touch hazard proportional to e^(σ z); baselineForms.ts).
   */
  readonly hazardScales: readonly Float64Array[];
}

/**
 * How the propensity z is distributed over buyers: `normal`, the standard normal; `estimated`,
 * read from the touch counts themselves (the nonparametric maximum-likelihood mixing distribution
 * on the quadrature grid, Laird 1978, by EM from the normal): buyers may come in segments (a
 * quarter of them hot leads that get three times the email) rather than along a bell curve, and
 * what a journey's counts say about its buyer follows that shape.
 */
export type PropensityDistribution = 'normal' | 'estimated';

/**
 * EM steps for the estimated distribution, from the normal. Not run to convergence: the NPMLE's
 * limit is a few spikes; the early steps keep it smooth where the counts say little (the grid
 * has 81 points, and ≤ 256 statistic bins per total serve as the data, so the steps cost ≤ 81 ×
 * 256 × the largest total × this).
 */
const MIXING_EM_STEPS = 200;

/**
 * Spreads σ of the no-touch hazard e^(σ z) over buyers tried for the noisy-or baseline, in steps
 * of 0.125. With the targeted states' curves shaped like the others' (targetedCurves.ts) the
 * likelihood peaks sharply in σ and the credit moves fast with it: steps of 0.25 missed the peak
 * (targeting bias seed 16: 0.969 at σ 0.625, the best, but 0.926 at 0.5, the best of the coarse
 * grid).
 */
export const HAZARD_SPREADS: readonly number[] = [0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 1.125, 1.25, 1.375, 1.5];

const GRID_POINTS = 81;
const GRID_LIMIT = 5;
/** Values of T per total count N at which E[f(z) | N, T] is computed (linear interpolation between). */
const STATISTIC_POINTS = 256;

/** `hazardSpreads`: the σ of `hazardScales` (HAZARD_SPREADS; another grid only to study the choice, scripts/bench/incremental-spreads.js). */
export function latentPropensity(
  patterns: ExposurePatterns,
  hazardSpreads: readonly number[] = HAZARD_SPREADS,
  distribution: PropensityDistribution = 'normal',
): LatentPropensity | undefined {
  return latentPropensities(patterns, hazardSpreads, [distribution])?.[0];
}

/**
 * The latent propensity under each of `distributions`, in their order (undefined when no state
 * has a loading): the loadings, the counts' likelihood in z and its terms are computed once and
 * serve every distribution.
 */
export function latentPropensities(
  patterns: ExposurePatterns,
  hazardSpreads: readonly number[],
  distributions: readonly PropensityDistribution[],
): LatentPropensity[] | undefined {
  const { stateCount, patternCount, stateOffsets, states } = patterns;
  const { loadings, activityVariance, means } = propensityLoadings(patterns);
  if (!loadings.some((value) => value !== 0)) return undefined;
  // Per pattern: total count N and T = Σ n_s t_s. The log-likelihood of a pattern's counts in z is
  //   T z − N ln R(z) + ln P(N | z),  R(z) = Σ_s e^(μ_s + t_s z),
  // (the states' split of N is multinomial with shares e^(μ_s + t_s z) / R(z); N is Poisson with
  // mean R(z) e^(a u − a²/2), u integrated out): it depends on the counts through (N, T) only.
  const totals = new Int32Array(patternCount);
  const statistics = new Float64Array(patternCount);
  let largestTotal = 0;
  for (let pattern = 0; pattern < patternCount; pattern++) {
    let total = 0;
    let statistic = 0;
    for (let slot = stateOffsets[pattern]; slot < stateOffsets[pattern + 1]; slot++) {
      const count = countAt(patterns, slot);
      total += count;
      statistic += count * loadings[states[slot]];
    }
    totals[pattern] = total;
    statistics[pattern] = statistic;
    if (total > largestTotal) largestTotal = total;
  }
  const grid = new Float64Array(GRID_POINTS);
  const logRate = new Float64Array(GRID_POINTS);
  for (let point = 0; point < GRID_POINTS; point++) {
    const z = (grid[point] = -GRID_LIMIT + (2 * GRID_LIMIT * point) / (GRID_POINTS - 1));
    // μ_s from the means: m_s = e^(μ_s + t_s²/2) (activity has mean 1).
    let rate = 0;
    for (let state = 0; state < stateCount; state++)
      if (means[state] > 0) rate += means[state] * Math.exp(loadings[state] * z - (loadings[state] * loadings[state]) / 2);
    logRate[point] = Math.log(rate);
  }
  // ln P(N | z) − N ln R(z), up to terms free of z (activityIntegral.ts). With T z it makes the whole log-likelihood.
  const totalTerm = (total: number, point: number): number => activityIntegratedTotal(total, Math.exp(logRate[point]), activityVariance);
  const baselineBasis: readonly ((z: number) => number)[] = [(z) => z, ...hazardSpreads.map((spread) => (z: number) => Math.exp(spread * z))];
  const basisAtPoint = baselineBasis.map((basis) => grid.map(basis));
  const logPosterior = new Float64Array(GRID_POINTS);
  const posterior = new Float64Array(GRID_POINTS);
  // Patterns by total N, each total's range of T tabulated once.
  const lowest = new Float64Array(largestTotal + 1).fill(Infinity);
  const highest = new Float64Array(largestTotal + 1).fill(-Infinity);
  for (let pattern = 0; pattern < patternCount; pattern++) {
    lowest[totals[pattern]] = Math.min(lowest[totals[pattern]], statistics[pattern]);
    highest[totals[pattern]] = Math.max(highest[totals[pattern]], statistics[pattern]);
  }
  const baseOfTotal = new Float64Array(GRID_POINTS);
  const totalTerms: Float64Array[] = [];
  for (let total = 0; total <= largestTotal; total++) {
    if (lowest[total] !== Infinity) totalTerms[total] = Float64Array.from(grid, (_, point) => totalTerm(total, point));
  }
  const logPriorOf = (distribution: PropensityDistribution): Float64Array =>
    distribution === 'normal'
      ? grid.map((z) => -(z * z) / 2)
      : estimatedLogPrior(grid, totalTerms, binnedStatistics(totals, statistics, patterns.journeys, lowest, highest));
  return distributions.map((distribution) => ({ loadings, activityVariance, ...posteriorCovariates(logPriorOf(distribution)) }));

  /** Per pattern, the baseline covariates under z's log prior `logPrior` on the grid. */
  function posteriorCovariates(logPrior: Float64Array): Pick<LatentPropensity, 'covariate' | 'hazardScales'> {
    const tables: Float64Array[][] = [];
    const covariates = baselineBasis.map(() => new Float64Array(patternCount));
    for (let total = 0; total <= largestTotal; total++) {
      if (lowest[total] === Infinity) continue;
      for (let point = 0; point < GRID_POINTS; point++) baseOfTotal[point] = totalTerms[total][point] + logPrior[point];
      const points = highest[total] > lowest[total] ? STATISTIC_POINTS : 1;
      const spacing = points > 1 ? (highest[total] - lowest[total]) / (points - 1) : 1;
      const table = baselineBasis.map(() => new Float64Array(points));
      for (let index = 0; index < points; index++) {
        const statistic = lowest[total] + index * spacing;
        let peak = -Infinity;
        for (let point = 0; point < GRID_POINTS; point++) {
          logPosterior[point] = baseOfTotal[point] + statistic * grid[point];
          if (logPosterior[point] > peak) peak = logPosterior[point];
        }
        let weight = 0;
        for (let point = 0; point < GRID_POINTS; point++) weight += posterior[point] = Math.exp(logPosterior[point] - peak);
        basisAtPoint.forEach((values, basis) => {
          let moment = 0;
          for (let point = 0; point < GRID_POINTS; point++) moment += posterior[point] * values[point];
          table[basis][index] = moment / weight;
        });
      }
      tables[total] = table;
    }
    for (let pattern = 0; pattern < patternCount; pattern++) {
      const total = totals[pattern];
      const table = tables[total];
      const points = table[0].length;
      const spacing = points > 1 ? (highest[total] - lowest[total]) / (points - 1) : 1;
      const position = points > 1 ? (statistics[pattern] - lowest[total]) / spacing : 0;
      const below = Math.max(0, Math.min(points - 2, Math.floor(position)));
      for (let basis = 0; basis < baselineBasis.length; basis++) {
        const values = table[basis];
        covariates[basis][pattern] = points > 1 ? values[below] + (values[below + 1] - values[below]) * (position - below) : values[0];
      }
    }
    const [covariate, ...hazardScales] = covariates;
    let smallest = Infinity;
    for (const value of covariate) if (value < smallest) smallest = value;
    for (let pattern = 0; pattern < patternCount; pattern++) covariate[pattern] -= smallest;
    return { covariate, hazardScales };
  }
}

/** Journeys per (total N, bin of T): the data the mixing distribution is estimated from. */
interface BinnedStatistics {
  readonly totals: Int32Array;
  readonly statistics: Float64Array;
  readonly journeys: Float64Array;
}

/** The patterns' (N, T) pooled into STATISTIC_POINTS bins of T per N (each bin at its journeys' mean T). */
function binnedStatistics(
  totals: Int32Array,
  statistics: Float64Array,
  journeys: Float64Array,
  lowest: Float64Array,
  highest: Float64Array,
): BinnedStatistics {
  const bins = new Map<number, { total: number; sum: number; journeys: number }>();
  for (let pattern = 0; pattern < totals.length; pattern++) {
    const total = totals[pattern];
    const range = highest[total] - lowest[total];
    const bin = range > 0 ? Math.round(((statistics[pattern] - lowest[total]) / range) * (STATISTIC_POINTS - 1)) : 0;
    const key = total * STATISTIC_POINTS + bin;
    const entry = bins.get(key) ?? { total, sum: 0, journeys: 0 };
    entry.sum += journeys[pattern] * statistics[pattern];
    entry.journeys += journeys[pattern];
    bins.set(key, entry);
  }
  const entries = [...bins.values()].filter((entry) => entry.journeys > 0);
  return {
    totals: Int32Array.from(entries, (entry) => entry.total),
    statistics: Float64Array.from(entries, (entry) => entry.sum / entry.journeys),
    journeys: Float64Array.from(entries, (entry) => entry.journeys),
  };
}

/**
 * The log weights of z's distribution on the grid that make the counts likeliest (EM on the
 * mixing weights, MIXING_EM_STEPS steps from the normal): each step weighs every grid point by its
 * posterior share of the journeys, whose likelihood in z is e^(totalTerm(N, z) + T z).
 */
function estimatedLogPrior(grid: Float64Array, totalTerms: readonly Float64Array[], data: BinnedStatistics): Float64Array {
  const points = grid.length;
  const groups = data.totals.length;
  const likelihood = new Float64Array(groups * points);
  for (let group = 0; group < groups; group++) {
    const row = group * points;
    const terms = totalTerms[data.totals[group]];
    let peak = -Infinity;
    for (let point = 0; point < points; point++)
      peak = Math.max(peak, (likelihood[row + point] = terms[point] + data.statistics[group] * grid[point]));
    for (let point = 0; point < points; point++) likelihood[row + point] = Math.exp(likelihood[row + point] - peak);
  }
  let weights = grid.map((z) => Math.exp(-(z * z) / 2));
  const start = weights.reduce((sum, weight) => sum + weight, 0);
  weights = weights.map((weight) => weight / start);
  const next = new Float64Array(points);
  for (let step = 0; step < MIXING_EM_STEPS; step++) {
    next.fill(0);
    let journeys = 0;
    for (let group = 0; group < groups; group++) {
      const row = group * points;
      let norm = 0;
      for (let point = 0; point < points; point++) norm += weights[point] * likelihood[row + point];
      if (!(norm > 0)) continue;
      const share = data.journeys[group] / norm;
      for (let point = 0; point < points; point++) next[point] += share * weights[point] * likelihood[row + point];
      journeys += data.journeys[group];
    }
    if (journeys === 0) break;
    for (let point = 0; point < points; point++) weights[point] = next[point] / journeys;
  }
  // A point the steps emptied holds no buyer: a very low log weight keeps the posterior finite elsewhere.
  return weights.map((weight) => (weight > 0 ? Math.log(weight) : -700));
}
