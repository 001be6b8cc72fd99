import type { PathTable } from '../models/data-driven/pathTable';
import type { Scenario } from './scenarios';
import { addSubsetShapley } from './subsetShapley';
import { logSumExp } from '../util/logSumExp';

/**
 * The best a model could do that knows the simulator's mechanism: the maximum-likelihood fit of
 * the scenario's true form, only its numbers unknown. It answers "is a missed seed the model's
 * fault, or does the sample itself point the wrong way?" (scripts/bench/incremental-oracle.js).
 *
 * Known: the touch counts' law (each channel's rate, targeting loading and the activity spread, so
 * what a buyer's counts say about their propensity z is exact), the conversion law (independent
 * hazards, n touches acting as n^touchExponent, a baseline logistic(β₀ + σ z)). Estimated from
 * the journeys, as a model would: β₀, σ (the most likely on a grid) and each channel's per-touch
 * hazard h_c ≥ 0. A journey with counts n converts with
 *   P = 1 − E[1 − logistic(β₀ + σ z) | n] · exp(−Σ_c h_c n_c^e),
 * the expectation exact over z (no approximation of the baseline). Credits split each journey's
 * lift over its channels by Shapley with the baseline kept in every counterfactual, as the truth
 * (simulateJourneys) does.
 */
export interface OracleFit {
  readonly spread: number;
  readonly logLikelihood: number;
  readonly baselineLogOdds: number;
  /** Per channel (the scenario's order): the fitted hazard per touch^e. */
  readonly hazards: Float64Array;
  /** Per channel: expected incremental conversions under this fit. */
  readonly credits: Float64Array;
}

export interface OracleResult {
  /** One fit per spread of the grid, in its order. */
  readonly fits: readonly OracleFit[];
  /** The most likely fit: the maximum-likelihood estimate. */
  readonly best: OracleFit;
  /** Credits averaged over the grid's fits weighted by their likelihood (a flat prior on σ): the Bayesian answer. */
  readonly averagedCredits: Float64Array;
}

const Z_POINTS = 81;
const Z_LIMIT = 5;
const U_POINTS = 41;
const U_LIMIT = 5;
const NEWTON_STEPS = 60;

/** Exposure patterns: each distinct count vector with its converting and non-converting journeys. */
interface CountPatterns {
  readonly counts: Int32Array[];
  readonly conversions: Float64Array;
  readonly nulls: Float64Array;
}

function countPatterns(table: PathTable, channelOfState: Int32Array, channels: number): CountPatterns {
  const index = new Map<string, number>();
  const counts: Int32Array[] = [];
  const conversions: number[] = [];
  const nulls: number[] = [];
  const current = new Int32Array(channels);
  for (let path = 0; path + 1 < table.pathOffsets.length; path++) {
    current.fill(0);
    for (let slot = table.pathOffsets[path]; slot < table.pathOffsets[path + 1]; slot++) current[channelOfState[table.pathStates[slot]]]++;
    const key = current.join(',');
    let pattern = index.get(key);
    if (pattern === undefined) {
      pattern = counts.length;
      index.set(key, pattern);
      counts.push(Int32Array.from(current));
      conversions.push(0);
      nulls.push(0);
    }
    conversions[pattern] += table.conversions[path];
    nulls[pattern] += table.nulls[path];
  }
  return { counts, conversions: Float64Array.from(conversions), nulls: Float64Array.from(nulls) };
}

/**
 * Per pattern, the posterior weights of z on the grid (row-major, Z_POINTS per pattern), from the
 * true count law: n_c ~ Poisson(rate_c e^(t_c z − t_c²/2) e^(a u − a²/2)), z and u standard normal.
 * The log-likelihood depends on the counts through N = Σ n_c and T = Σ n_c t_c only.
 */
function posteriorWeights(scenario: Scenario, patterns: CountPatterns, grid: Float64Array): Float64Array {
  const activity = scenario.activitySpread ?? 0;
  const logRates = Float64Array.from(grid, (z) =>
    Math.log(
      scenario.channels.reduce(
        (sum, channel) => sum + channel.touchRate * Math.exp(channel.targeting * z - (channel.targeting * channel.targeting) / 2),
        0,
      ),
    ),
  );
  const activityGrid =
    activity > 0 ? Float64Array.from({ length: U_POINTS }, (_, point) => -U_LIMIT + (2 * U_LIMIT * point) / (U_POINTS - 1)) : Float64Array.of(0);
  const terms = new Float64Array(activityGrid.length);
  const cache = new Map<string, Float64Array>();
  const weights = new Float64Array(patterns.counts.length * Z_POINTS);
  const logPosterior = new Float64Array(Z_POINTS);
  patterns.counts.forEach((counts, pattern) => {
    let total = 0;
    let statistic = 0;
    counts.forEach((count, channel) => {
      total += count;
      statistic += count * scenario.channels[channel].targeting;
    });
    const key = `${total}:${statistic}`;
    let row = cache.get(key);
    if (!row) {
      for (let point = 0; point < Z_POINTS; point++) {
        const rate = Math.exp(logRates[point]);
        activityGrid.forEach((u, index) => {
          const shift = activity * u - (activity * activity) / 2;
          terms[index] = total * shift - rate * Math.exp(shift) - (u * u) / 2;
        });
        logPosterior[point] = logSumExp(terms) + statistic * grid[point] - (grid[point] * grid[point]) / 2;
      }
      const norm = logSumExp(logPosterior);
      row = Float64Array.from(logPosterior, (value) => Math.exp(value - norm));
      cache.set(key, row);
    }
    weights.set(row, pattern * Z_POINTS);
  });
  return weights;
}

/** Solves the symmetric positive-definite system a x = b (Gaussian elimination; a and b are overwritten). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const size = b.length;
  for (let pivot = 0; pivot < size; pivot++) {
    for (let row = pivot + 1; row < size; row++) {
      const factor = a[row][pivot] / a[pivot][pivot];
      for (let column = pivot; column < size; column++) a[row][column] -= factor * a[pivot][column];
      b[row] -= factor * b[pivot];
    }
  }
  const x = new Float64Array(size);
  for (let row = size - 1; row >= 0; row--) {
    let sum = b[row];
    for (let column = row + 1; column < size; column++) sum -= a[row][column] * x[column];
    x[row] = sum / a[row][row];
  }
  return x;
}

/** Checks that the oracle's form is the scenario's mechanism; anything else would make it no oracle. */
function assertSupported(scenario: Scenario): void {
  const unsupported = [
    scenario.mechanism !== 'hazards' && `mechanism '${scenario.mechanism}' (only 'hazards')`,
    scenario.synergy && 'synergy',
    scenario.induces?.length && 'induces',
    (scenario.recency ?? 1) !== 1 && 'recency',
  ].filter(Boolean);
  if (unsupported.length > 0)
    throw new RangeError(`mechanismOracle: scenario '${scenario.name}' has ${unsupported.join(', ')}, which the oracle does not model`);
}

/** The oracle fits of `table` (simulated from `scenario`) at each σ of `spreads`. */
export function mechanismOracle(scenario: Scenario, table: PathTable, spreads: readonly number[]): OracleResult {
  assertSupported(scenario);
  if (spreads.length === 0) throw new RangeError('mechanismOracle: spreads must name at least one σ');
  const channels = scenario.channels.length;
  const channelOfState = Int32Array.from(table.stateNames, (name) => {
    const channel = scenario.channels.findIndex((candidate) => candidate.name === name);
    if (channel < 0) throw new RangeError(`mechanismOracle: state '${name}' is not a channel of scenario '${scenario.name}'`);
    return channel;
  });
  const patterns = countPatterns(table, channelOfState, channels);
  const grid = Float64Array.from({ length: Z_POINTS }, (_, point) => -Z_LIMIT + (2 * Z_LIMIT * point) / (Z_POINTS - 1));
  const weights = posteriorWeights(scenario, patterns, grid);
  const exponent = scenario.touchExponent ?? 0.5;
  const features = patterns.counts.map((counts) => Float64Array.from(counts, (count) => Math.pow(count, exponent)));
  const patternCount = patterns.counts.length;

  // Per pattern: S0 = E[1 − b(z) | n] and its first two derivatives in β₀, b(z) = logistic(β₀ + σ z).
  const survival = new Float64Array(patternCount);
  const survivalSlope = new Float64Array(patternCount);
  const survivalCurve = new Float64Array(patternCount);
  const atPoint = new Float64Array(Z_POINTS * 3);
  const baselineTerms = (baselineLogOdds: number, spread: number): void => {
    for (let point = 0; point < Z_POINTS; point++) {
      const chance = 1 / (1 + Math.exp(-(baselineLogOdds + spread * grid[point])));
      atPoint[point * 3] = 1 - chance;
      atPoint[point * 3 + 1] = -chance * (1 - chance);
      atPoint[point * 3 + 2] = -chance * (1 - chance) * (1 - 2 * chance);
    }
    for (let pattern = 0; pattern < patternCount; pattern++) {
      let value = 0;
      let slope = 0;
      let curve = 0;
      const row = pattern * Z_POINTS;
      for (let point = 0; point < Z_POINTS; point++) {
        const weight = weights[row + point];
        value += weight * atPoint[point * 3];
        slope += weight * atPoint[point * 3 + 1];
        curve += weight * atPoint[point * 3 + 2];
      }
      survival[pattern] = value;
      survivalSlope[pattern] = slope;
      survivalCurve[pattern] = curve;
    }
  };

  const parameters = channels + 1;
  // Log-likelihood, with its gradient and Hessian when asked (parameters: β₀, then h_c).
  const evaluate = (theta: Float64Array, spread: number, gradient?: Float64Array, hessian?: Float64Array[]): number => {
    baselineTerms(theta[0], spread);
    gradient?.fill(0);
    hessian?.forEach((row) => row.fill(0));
    const sGradient = new Float64Array(parameters);
    let total = 0;
    for (let pattern = 0; pattern < patternCount; pattern++) {
      const feature = features[pattern];
      let hazard = 0;
      for (let channel = 0; channel < channels; channel++) hazard += theta[channel + 1] * feature[channel];
      const touchSurvival = Math.exp(-hazard);
      const s = Math.min(survival[pattern] * touchSurvival, 1 - 1e-15);
      const converted = patterns.conversions[pattern];
      const stayed = patterns.nulls[pattern];
      total += stayed * Math.log(s) + converted * Math.log(1 - s);
      if (!gradient || !hessian) continue;
      const first = stayed / s - converted / (1 - s);
      const second = -stayed / (s * s) - converted / ((1 - s) * (1 - s));
      sGradient[0] = survivalSlope[pattern] * touchSurvival;
      for (let channel = 0; channel < channels; channel++) sGradient[channel + 1] = -feature[channel] * s;
      for (let i = 0; i < parameters; i++) {
        gradient[i] += first * sGradient[i];
        for (let j = 0; j <= i; j++) {
          // Second derivatives of s: ∂²/∂β₀² = S0'' e^(−H); ∂²/∂β₀∂h_c = −x_c S0' e^(−H); ∂²/∂h_c∂h_d = x_c x_d s.
          const sCurve =
            i === 0
              ? survivalCurve[pattern] * touchSurvival
              : j === 0
                ? -feature[i - 1] * survivalSlope[pattern] * touchSurvival
                : feature[i - 1] * feature[j - 1] * s;
          hessian[i][j] += second * sGradient[i] * sGradient[j] + first * sCurve;
        }
      }
    }
    if (hessian) for (let i = 0; i < parameters; i++) for (let j = 0; j < i; j++) hessian[j][i] = hessian[i][j];
    return total;
  };

  // Projected Newton on the log-likelihood, h ≥ 0: a hazard at 0 whose gradient pushes it below stays fixed.
  const fitAt = (spread: number, start: Float64Array): Float64Array => {
    const theta = Float64Array.from(start);
    const gradient = new Float64Array(parameters);
    const hessian = Array.from({ length: parameters }, () => new Float64Array(parameters));
    let current = evaluate(theta, spread, gradient, hessian);
    for (let step = 0; step < NEWTON_STEPS; step++) {
      const free = Array.from({ length: parameters }, (_, index) => index).filter((index) => index === 0 || theta[index] > 0 || gradient[index] > 0);
      const system = free.map((i) => Float64Array.from(free, (j) => -hessian[i][j] + (i === j ? 1e-9 : 0)));
      const direction = solve(
        system,
        Float64Array.from(free, (index) => gradient[index]),
      );
      let length = 1;
      let improved = false;
      const trial = new Float64Array(parameters);
      for (let halving = 0; halving < 30 && !improved; halving++, length /= 2) {
        trial.set(theta);
        free.forEach((index, position) => {
          trial[index] = theta[index] + length * direction[position];
          if (index > 0 && trial[index] < 0) trial[index] = 0;
        });
        const value = evaluate(trial, spread);
        if (value >= current) {
          improved = value - current > 1e-10 * Math.abs(current);
          theta.set(trial);
          if (!improved) return theta;
          current = evaluate(theta, spread, gradient, hessian);
        }
      }
      if (!improved) break;
    }
    return theta;
  };

  const creditsOf = (theta: Float64Array, spread: number): Float64Array => {
    baselineTerms(theta[0], spread);
    const credits = new Float64Array(channels);
    const present: number[] = [];
    const gains = new Float64Array(1 << channels);
    for (let pattern = 0; pattern < patternCount; pattern++) {
      const counts = patterns.counts[pattern];
      present.length = 0;
      for (let channel = 0; channel < channels; channel++) if (counts[channel] > 0) present.push(channel);
      const players = present.length;
      const size = 1 << players;
      for (let mask = 0; mask < size; mask++) {
        let hazard = 0;
        for (let player = 0; player < players; player++)
          if (mask & (1 << player)) hazard += theta[present[player] + 1] * features[pattern][present[player]];
        gains[mask] = survival[pattern] * (1 - Math.exp(-hazard));
      }
      addSubsetShapley(gains, present, patterns.conversions[pattern] + patterns.nulls[pattern], credits);
    }
    return credits;
  };

  const fits: OracleFit[] = [];
  let start: Float64Array = new Float64Array(parameters);
  start[0] = scenario.baselineLogOdds;
  start.fill(0.01, 1);
  for (const spread of spreads) {
    const theta = fitAt(spread, start);
    start = theta;
    fits.push({
      spread,
      logLikelihood: evaluate(theta, spread),
      baselineLogOdds: theta[0],
      hazards: theta.slice(1),
      credits: creditsOf(theta, spread),
    });
  }
  const best = fits.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
  const averagedCredits = new Float64Array(channels);
  let weightSum = 0;
  for (const fit of fits) {
    const weight = Math.exp(fit.logLikelihood - best.logLikelihood);
    const total = fit.credits.reduce((sum, value) => sum + value, 0);
    weightSum += weight;
    fit.credits.forEach((value, channel) => (averagedCredits[channel] += (weight * value) / total));
  }
  averagedCredits.forEach((value, channel) => (averagedCredits[channel] = value / weightSum));
  return { fits, best, averagedCredits };
}
