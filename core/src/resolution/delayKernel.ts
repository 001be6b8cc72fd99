/**
 * The response-delay kernel of the inference: how long after a campaign's anchors (its tagged
 * clicks) people search the brand or type the URL, as probability masses over log-spaced bins.
 *
 * Each M-step starts from the expected responses per delay bin (E-step sums). A free histogram
 * (one parameter per bin) chases noise when there are a few hundred responses: on the simulator it
 * put 45% of the mass in the 6–12 h bin on one seed and ~5% in the next, which cost accuracy and
 * made campaign posteriors over-confident (docs/utm-and-resolution.md, "Measured"). So the
 * histogram gets a Dirichlet prior centred on a log-normal (matching the log-delay mean and
 * variance): human response delays after exposure are right-skewed with a long tail and close to
 * log-normal (response times: van der Linden, J. Educ. Behav. Stat. 2006; e-mail replies:
 * Stouffer, Malmgren & Amaral, arXiv physics/0605027). The prior's weight is estimated from the
 * data (delayKernelMasses), so a delay that is not log-normal (an exponential's mass at zero, a
 * second hump) takes over once there are enough responses to show it.
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

/** Largest prior weight of the log-normal (in responses): beyond it the data show no departure. */
const MAX_PRIOR_RESPONSES = 1e6;

/**
 * The kernel masses: the histogram of expected responses per bin under a Dirichlet prior centred
 * on the log-normal fit, whose weight K (in responses) is estimated from how far the histogram
 * departs from the log-normal beyond multinomial noise (method of moments: the intra-class
 * correlation 1/(K + 1) solves Σ (x − Tπ)² = Σ Tπ(1 − π)(1 + (T − 1)/(K + 1))). With a few hundred
 * responses the departures are noise and the kernel is the smooth log-normal; with many thousands
 * a real departure (an exponential delay's mass at zero, a second hump) shows and the histogram
 * takes over. Returns masses summing to the same total as `binSums`.
 *
 * `binNoise`: each bin's sampling variance when the sums are expected counts of an EM fit, Σ pᵢ²
 * over the events' shares in the bin (Campbell's theorem, as for the campaigns' sums in
 * hierarchicalPrior.ts). A response shared with the baseline or another campaign adds p to its bin
 * but only p² to its noise: counting the multinomial variance T·π(1 − π) instead takes real
 * departures from the log-normal (an exponential delay's mass in the first hours) for noise and
 * keeps the kernel log-normal. Absent: the multinomial variance (the sums are counts).
 */
export function delayKernelMasses(binSums: ArrayLike<number>, binNoise?: ArrayLike<number>): Float64Array {
  const fitted = logNormalMasses(binSums);
  let total = 0;
  for (let bin = 0; bin < binSums.length; bin++) total += binSums[bin];
  if (!(total > 1)) return fitted;
  let excess = 0;
  let scale = 0;
  for (let bin = 0; bin < binSums.length; bin++) {
    const share = fitted[bin] / total;
    const variance = total * share * (1 - share);
    const deviation = binSums[bin] - total * share;
    excess += deviation * deviation - (binNoise ? binNoise[bin] : variance);
    scale += (total - 1) * variance;
  }
  const correlation = scale > 0 ? excess / scale : 0;
  const priorResponses = correlation <= 1 / (MAX_PRIOR_RESPONSES + 1) ? MAX_PRIOR_RESPONSES : Math.min(MAX_PRIOR_RESPONSES, 1 / correlation - 1);
  const masses = new Float64Array(binSums.length);
  for (let bin = 0; bin < binSums.length; bin++)
    masses[bin] = (total * (binSums[bin] + (priorResponses * fitted[bin]) / total)) / (total + priorResponses);
  return masses;
}
