import type { PathTable } from '../models/data-driven/pathTable';
import { activityIntegratedTotal } from '../models/incremental/activityIntegral';
import { logSumExp } from '../util/logSumExp';
import type { Scenario } from './scenarios';
import { addSubsetShapley } from './subsetShapley';

/**
 * What the mechanism oracle (mechanismOracle.ts) fits: the journeys as count patterns, each
 * channel's count as the conversion law weighs it (n^touchExponent), and per pattern the exact
 * posterior of the buyer's propensity z on a grid, from the simulator's own count law.
 */
export interface OracleData {
  readonly channels: number;
  readonly patterns: CountPatterns;
  /** Per pattern, per channel: n_c^e, e the scenario's touch exponent. */
  readonly features: readonly Float64Array[];
  /** The z grid. */
  readonly grid: Float64Array;
  /** Per pattern, P(z = grid point | counts) (row-major, grid.length per pattern). */
  readonly weights: Float64Array;
}

const Z_POINTS = 81;
const Z_LIMIT = 5;

/** Exposure patterns: each distinct count vector with its converting and non-converting journeys. */
export interface CountPatterns {
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
        logPosterior[point] =
          activityIntegratedTotal(total, Math.exp(logRates[point]), activity * activity) + statistic * grid[point] - (grid[point] * grid[point]) / 2;
      }
      const norm = logSumExp(logPosterior);
      row = Float64Array.from(logPosterior, (value) => Math.exp(value - norm));
      cache.set(key, row);
    }
    weights.set(row, pattern * Z_POINTS);
  });
  return weights;
}

/** The oracle's data for `table`, simulated from `scenario` (its states must be the scenario's channels). */
export function oracleData(scenario: Scenario, table: PathTable): OracleData {
  const channels = scenario.channels.length;
  const channelOfState = Int32Array.from(table.stateNames, (name) => {
    const channel = scenario.channels.findIndex((candidate) => candidate.name === name);
    if (channel < 0) throw new RangeError(`mechanismOracle: state '${name}' is not a channel of scenario '${scenario.name}'`);
    return channel;
  });
  const patterns = countPatterns(table, channelOfState, channels);
  const grid = Float64Array.from({ length: Z_POINTS }, (_, point) => -Z_LIMIT + (2 * Z_LIMIT * point) / (Z_POINTS - 1));
  const exponent = scenario.touchExponent ?? 0.5;
  const features = patterns.counts.map((counts) => Float64Array.from(counts, (count) => Math.pow(count, exponent)));
  return { channels, patterns, features, grid, weights: posteriorWeights(scenario, patterns, grid) };
}

/**
 * A conversion law the oracle fits: its parameters are β₀ (the baseline log-odds at z = 0), then
 * one effect ≥ 0 per channel; σ, the baseline's slope in z, is given.
 */
export interface OracleLaw {
  /** The log-likelihood of the journeys; with `gradient` and `hessian`, also its derivatives (written into them). */
  logLikelihood(theta: Float64Array, spread: number, gradient?: Float64Array, hessian?: Float64Array[]): number;
  /** Per channel, its expected incremental conversions: each journey's lift split by Shapley, the buyer's baseline in every counterfactual. */
  credits(theta: Float64Array, spread: number): Float64Array;
}

/**
 * Per channel, expected incremental conversions: each pattern's lift split by Shapley over its
 * channels, coalition S worth chance(pattern, Σ_{c ∈ S} effect_c n_c^e) − chance(pattern, 0), the
 * buyer's baseline in every counterfactual; times the pattern's journeys.
 */
export function shapleyCredits(data: OracleData, effects: ArrayLike<number>, chance: (pattern: number, touchSum: number) => number): Float64Array {
  const { channels, patterns, features } = data;
  const credits = new Float64Array(channels);
  const present: number[] = [];
  const gains = new Float64Array(1 << channels);
  for (let pattern = 0; pattern < patterns.counts.length; pattern++) {
    const counts = patterns.counts[pattern];
    present.length = 0;
    for (let channel = 0; channel < channels; channel++) if (counts[channel] > 0) present.push(channel);
    const baseline = chance(pattern, 0);
    for (let mask = 0; mask < 1 << present.length; mask++) {
      let touchSum = 0;
      present.forEach((channel, player) => {
        if (mask & (1 << player)) touchSum += effects[channel] * features[pattern][channel];
      });
      gains[mask] = chance(pattern, touchSum) - baseline;
    }
    addSubsetShapley(gains, present, patterns.conversions[pattern] + patterns.nulls[pattern], credits);
  }
  return credits;
}
