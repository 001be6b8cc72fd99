import { shapleyCredits, type OracleData, type OracleLaw } from './oracleData';

/**
 * Independent hazards (the simulator's `hazards` mechanism without synergy): a journey with counts
 * n converts with P = 1 − E[1 − logistic(β₀ + σ z) | n] · exp(−Σ_c h_c n_c^e), the expectation
 * exact over the posterior of z.
 */
export function oracleHazardLaw(data: OracleData): OracleLaw {
  const { channels, patterns, features, grid, weights } = data;
  const points = grid.length;
  const patternCount = patterns.counts.length;
  // Per pattern: S0 = E[1 − b(z) | n] and its first two derivatives in β₀, b(z) = logistic(β₀ + σ z).
  const survival = new Float64Array(patternCount);
  const survivalSlope = new Float64Array(patternCount);
  const survivalCurve = new Float64Array(patternCount);
  const atPoint = new Float64Array(points * 3);
  const baselineTerms = (baselineLogOdds: number, spread: number): void => {
    for (let point = 0; point < points; point++) {
      const chance = 1 / (1 + Math.exp(-(baselineLogOdds + spread * grid[point])));
      atPoint[point * 3] = 1 - chance;
      atPoint[point * 3 + 1] = -chance * (1 - chance);
      atPoint[point * 3 + 2] = -chance * (1 - chance) * (1 - 2 * chance);
    }
    for (let pattern = 0; pattern < patternCount; pattern++) {
      let value = 0;
      let slope = 0;
      let curve = 0;
      const row = pattern * points;
      for (let point = 0; point < points; point++) {
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
  const sGradient = new Float64Array(parameters);

  return {
    logLikelihood(theta, spread, gradient, hessian) {
      baselineTerms(theta[0], spread);
      gradient?.fill(0);
      hessian?.forEach((row) => row.fill(0));
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
    },

    credits(theta, spread) {
      baselineTerms(theta[0], spread);
      return shapleyCredits(data, theta.subarray(1), (pattern, hazard) => 1 - survival[pattern] * Math.exp(-hazard));
    },
  };
}
