import { shapleyCredits, type OracleData, type OracleLaw } from './oracleData';

/**
 * Log-odds effects (the simulator's `logistic` mechanism without synergy): a journey with counts n
 * converts with P = E[logistic(β₀ + σ z + Σ_c β_c n_c^e) | n], the expectation exact over the
 * posterior of z.
 */
export function oracleLogOddsLaw(data: OracleData): OracleLaw {
  const { channels, patterns, features, grid, weights } = data;
  const points = grid.length;
  const patternCount = patterns.counts.length;
  const parameters = channels + 1;
  // The chance to convert of pattern `pattern` with touch log-odds `lift`, averaged over z; with its first two derivatives in the log-odds.
  const moments = new Float64Array(3);
  const averaged = (pattern: number, baselineLogOdds: number, spread: number, lift: number): Float64Array => {
    moments.fill(0);
    const row = pattern * points;
    for (let point = 0; point < points; point++) {
      const weight = weights[row + point];
      if (weight < 1e-300) continue;
      const chance = 1 / (1 + Math.exp(-(baselineLogOdds + spread * grid[point] + lift)));
      moments[0] += weight * chance;
      moments[1] += weight * chance * (1 - chance);
      moments[2] += weight * chance * (1 - chance) * (1 - 2 * chance);
    }
    return moments;
  };
  const direction = new Float64Array(parameters);
  direction[0] = 1;

  return {
    logLikelihood(theta, spread, gradient, hessian) {
      gradient?.fill(0);
      hessian?.forEach((row) => row.fill(0));
      let total = 0;
      for (let pattern = 0; pattern < patternCount; pattern++) {
        const feature = features[pattern];
        let lift = 0;
        for (let channel = 0; channel < channels; channel++) lift += theta[channel + 1] * feature[channel];
        const [chance, slope, curve] = averaged(pattern, theta[0], spread, lift);
        const p = Math.min(Math.max(chance, 1e-15), 1 - 1e-15);
        const converted = patterns.conversions[pattern];
        const stayed = patterns.nulls[pattern];
        total += converted * Math.log(p) + stayed * Math.log(1 - p);
        if (!gradient || !hessian) continue;
        // Every parameter moves the log-odds by its direction a (1 for β₀, n_c^e for β_c):
        // ∂p/∂θ_i = a_i E[q(1 − q)], ∂²p/∂θ_i∂θ_j = a_i a_j E[q(1 − q)(1 − 2q)].
        const first = converted / p - stayed / (1 - p);
        const second = -converted / (p * p) - stayed / ((1 - p) * (1 - p));
        for (let channel = 0; channel < channels; channel++) direction[channel + 1] = feature[channel];
        const scale = second * slope * slope + first * curve;
        for (let i = 0; i < parameters; i++) {
          gradient[i] += first * slope * direction[i];
          for (let j = 0; j <= i; j++) hessian[i][j] += scale * direction[i] * direction[j];
        }
      }
      if (hessian) for (let i = 0; i < parameters; i++) for (let j = 0; j < i; j++) hessian[j][i] = hessian[i][j];
      return total;
    },

    credits(theta, spread) {
      return shapleyCredits(data, theta.subarray(1), (pattern, lift) => averaged(pattern, theta[0], spread, lift)[0]);
    },
  };
}
