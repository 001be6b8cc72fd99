import type { PathTable } from '../models/data-driven/pathTable';
import { oracleData, type OracleLaw } from './oracleData';
import { oracleHazardLaw } from './oracleHazardLaw';
import { oracleLogOddsLaw } from './oracleLogOddsLaw';
import type { Scenario } from './scenarios';

/**
 * The best a model could do that knows the simulator's mechanism: the maximum-likelihood fit of
 * the scenario's true form, only its numbers unknown. It answers "is a missed seed the model's
 * fault, or does the sample itself point the wrong way?" (scripts/bench/incremental-oracle.js).
 *
 * Known: the touch counts' law (each channel's rate, targeting loading and the activity spread, so
 * what a buyer's counts say about their propensity z is exact; oracleData.ts) and the conversion
 * law, n touches acting as n^touchExponent: independent hazards (oracleHazardLaw.ts) or log-odds
 * effects (oracleLogOddsLaw.ts), the buyer's baseline logistic(β₀ + σ z), every expectation over z
 * exact. Estimated from the journeys, as a model would: β₀, σ (the most likely on a grid) and each
 * channel's effect ≥ 0. Credits split each journey's lift over its channels by Shapley with the
 * baseline kept in every counterfactual, as the truth (simulateJourneys) does.
 */
export interface OracleFit {
  readonly spread: number;
  readonly logLikelihood: number;
  readonly baselineLogOdds: number;
  /** Per channel (the scenario's order): the fitted effect per touch^e (a hazard, or log-odds). */
  readonly effects: Float64Array;
  /** Per channel: expected incremental conversions under this fit. */
  readonly credits: Float64Array;
}

export interface OracleResult {
  /** One fit per spread of the grid, in its order. */
  readonly fits: readonly OracleFit[];
  /** The most likely fit: the maximum-likelihood estimate. */
  readonly best: OracleFit;
  /** Credit shares averaged over the grid's fits weighted by their likelihood (a flat prior on σ): the Bayesian answer. */
  readonly averagedCredits: Float64Array;
}

const NEWTON_STEPS = 60;
/** Fits whose likelihood is this many units below the best weigh nothing in the average (e^−30); their credits are not split. */
const NEGLIGIBLE_LIKELIHOOD = 30;

/**
 * Solves the symmetric system a x = b by Gaussian elimination (a and b are overwritten). Not the
 * models' Cholesky (logisticFit.solveFreeSystem): away from its maximum the hazard law's
 * log-likelihood is not concave, the negated Hessian not positive definite, and the Newton step
 * the elimination still gives is kept only when the line search finds it an ascent.
 */
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
    scenario.mechanism === 'additive' && "mechanism 'additive' (only 'hazards' and 'logistic')",
    scenario.synergy && 'synergy',
    scenario.induces?.length && 'induces',
    (scenario.recency ?? 1) !== 1 && 'recency',
  ].filter(Boolean);
  if (unsupported.length > 0)
    throw new RangeError(`mechanismOracle: scenario '${scenario.name}' has ${unsupported.join(', ')}, which the oracle does not model`);
}

/**
 * Projected Newton on the log-likelihood, effects ≥ 0: an effect at 0 whose gradient pushes it
 * below stays fixed. Returns the maximum and the log-likelihood there.
 */
function fitAt(law: OracleLaw, spread: number, start: Float64Array): { theta: Float64Array; logLikelihood: number } {
  const parameters = start.length;
  const theta = Float64Array.from(start);
  const gradient = new Float64Array(parameters);
  const hessian = Array.from({ length: parameters }, () => new Float64Array(parameters));
  const trial = new Float64Array(parameters);
  let current = law.logLikelihood(theta, spread, gradient, hessian);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const free = Array.from({ length: parameters }, (_, index) => index).filter((index) => index === 0 || theta[index] > 0 || gradient[index] > 0);
    const system = free.map((i) => Float64Array.from(free, (j) => -hessian[i][j] + (i === j ? 1e-9 : 0)));
    const direction = solve(
      system,
      Float64Array.from(free, (index) => gradient[index]),
    );
    let improved = false;
    let accepted = false;
    for (let halving = 0, length = 1; halving < 30 && !accepted; halving++, length /= 2) {
      trial.set(theta);
      free.forEach((index, position) => {
        trial[index] = theta[index] + length * direction[position];
        if (index > 0 && trial[index] < 0) trial[index] = 0;
      });
      const value = law.logLikelihood(trial, spread);
      if (value >= current) {
        accepted = true;
        improved = value - current > 1e-10 * Math.abs(current);
        theta.set(trial);
        current = value;
      }
    }
    if (!improved) break;
    current = law.logLikelihood(theta, spread, gradient, hessian);
  }
  return { theta, logLikelihood: current };
}

/** The oracle fits of `table` (simulated from `scenario`) at each σ of `spreads`. */
export function mechanismOracle(scenario: Scenario, table: PathTable, spreads: readonly number[]): OracleResult {
  assertSupported(scenario);
  if (spreads.length === 0) throw new RangeError('mechanismOracle: spreads must name at least one σ');
  const data = oracleData(scenario, table);
  const law = scenario.mechanism === 'logistic' ? oracleLogOddsLaw(data) : oracleHazardLaw(data);
  const channels = data.channels;
  let start: Float64Array = new Float64Array(channels + 1);
  start[0] = scenario.baselineLogOdds;
  start.fill(0.01, 1);
  const fitted = spreads.map((spread) => {
    const fit = fitAt(law, spread, start);
    start = fit.theta;
    return { spread, ...fit };
  });
  const top = Math.max(...fitted.map((fit) => fit.logLikelihood));
  const fits: OracleFit[] = fitted.map(({ spread, theta, logLikelihood }) => ({
    spread,
    logLikelihood,
    baselineLogOdds: theta[0],
    effects: theta.slice(1),
    credits: logLikelihood >= top - NEGLIGIBLE_LIKELIHOOD ? law.credits(theta, spread) : new Float64Array(channels),
  }));
  const best = fits.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
  const averagedCredits = new Float64Array(channels);
  let weightSum = 0;
  for (const fit of fits) {
    if (fit.logLikelihood < top - NEGLIGIBLE_LIKELIHOOD) continue;
    const weight = Math.exp(fit.logLikelihood - top);
    const total = fit.credits.reduce((sum, value) => sum + value, 0);
    weightSum += weight;
    fit.credits.forEach((value, channel) => (averagedCredits[channel] += (weight * value) / total));
  }
  averagedCredits.forEach((value, channel) => (averagedCredits[channel] = value / weightSum));
  return { fits, best, averagedCredits };
}
