/**
 * The response-delay kernel of the inference: how long after a campaign's anchors (its tagged
 * clicks) people search the brand or type the URL, as probability masses over log-spaced bins.
 *
 * The kernel is a log-normal fitted by EM: each M-step takes the expected responses per delay bin
 * (E-step sums) and matches the mean and variance of the log-delay (bin centres in log time plus
 * the within-bin variance of a log-uniform bin, (ln 2)²/12). Human response delays after exposure
 * are skewed with a long right tail and close to log-normal (response times: van der Linden,
 * J. Educ. Behav. Stat. 2006; time to respond to a post or e-mail: Stouffer, Malmgren & Amaral
 * 2006 find log-normal inter-event times). A free histogram (one parameter per bin) chased noise
 * with a few hundred responses: measured on the simulator, it put 45% of the mass in one 6-hour
 * bin on one seed and left ~0 in the next, which cost accuracy and made campaign posteriors
 * over-confident (docs/utm-and-resolution.md, "Measured").
 */
import { DELAY_BIN_EDGES } from './mixtureTerms';

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; absolute error < 1.5e-7). */
export function normalCdf(value: number): number {
  const sign = value < 0 ? -1 : 1;
  const scaled = Math.abs(value) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * scaled);
  const polynomial = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return 0.5 * (1 + sign * (1 - polynomial * Math.exp(-scaled * scaled)));
}

/** Log of a bin's centre in log time (the first bin, from 0, is centred on half its upper edge). */
function logCentre(bin: number): number {
  const low = bin === 0 ? DELAY_BIN_EDGES[1] / 2 : DELAY_BIN_EDGES[bin];
  return 0.5 * (Math.log(low) + Math.log(DELAY_BIN_EDGES[bin + 1]));
}

/** Variance of the log of a log-uniform variable over one bin (each bin spans a factor of 2). */
const WITHIN_BIN_LOG_VARIANCE = (Math.LN2 * Math.LN2) / 12;

/**
 * The log-normal closest (matching log-delay moments) to the expected responses per bin, as
 * masses per bin that sum to the same total (mass beyond the last edge is spread back in
 * proportion, so the kernel integrates to 1 over the bins). Returns the input unchanged when it
 * holds no mass.
 */
export function logNormalMasses(binSums: ArrayLike<number>): Float64Array {
  const binCount = binSums.length;
  let total = 0;
  let mean = 0;
  for (let bin = 0; bin < binCount; bin++) {
    total += binSums[bin];
    mean += binSums[bin] * logCentre(bin);
  }
  const masses = Float64Array.from(binSums);
  if (!(total > 0)) return masses;
  mean /= total;
  let variance = 0;
  for (let bin = 0; bin < binCount; bin++) variance += binSums[bin] * (logCentre(bin) - mean) ** 2;
  const sigma = Math.sqrt(variance / total + WITHIN_BIN_LOG_VARIANCE);
  let inside = 0;
  for (let bin = 0; bin < binCount; bin++) {
    const below = bin === 0 ? 0 : normalCdf((Math.log(DELAY_BIN_EDGES[bin]) - mean) / sigma);
    masses[bin] = normalCdf((Math.log(DELAY_BIN_EDGES[bin + 1]) - mean) / sigma) - below;
    inside += masses[bin];
  }
  for (let bin = 0; bin < binCount; bin++) masses[bin] *= total / inside;
  return masses;
}
