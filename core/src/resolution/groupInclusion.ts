/**
 * Does a kind of campaign drive untagged first touches at all? (Spike-and-slab on a group's
 * responses, the baseline profiled over all days; used by the inference in inferredMatcher.ts.)
 *
 * Mechanism: creator posts make people search the brand or type the URL later, but not every
 * channel does that: a webinar's registrants and a paid-social stream's clickers are usually the
 * whole response, already tracked by their tags. A group of campaigns (creators, or one channel's
 * campaigns) whose responses are spread evenly over a long window (a quarter-long paid stream, a
 * two-week registration window) can only be told from the organic baseline by a step in the rate.
 * A maximum-likelihood fit, whose lifts are never negative, hands such a group every chance excess
 * of organic visits in its window, and a baseline learned on the few quiet days outside every
 * window carries their chance deficit everywhere (measured: seed 4 of the simulator, 45 quiet days
 * 1.8 standard deviations under the true rate): campaigns then keep a share of organic visits and
 * the organic decisions come out under-confident.
 *
 * So each group is "on" with prior probability 1/2 (no preference), and its posterior probability
 * of being on comes from the Bayes factor of the fitted model against the same model without the
 * group, approximated by the Bayesian information criterion (Schwarz 1978; Kass & Raftery, JASA
 * 1995, §4.1): log BF ≈ ΔlogL − ½ · k · log n, with k = one free parameter per kind (the group's
 * response ratio for branded searches and for direct visits; its campaigns, creators and platforms
 * are random effects pooled toward it, not counted) and n the events that carry part of the
 * group's intensity. In both models the baseline of each
 * kind is profiled (re-estimated by maximum likelihood over every day of the period, the other
 * intensities held at their fit), so a flat group is not credited with what a slightly higher
 * baseline explains just as well. A group whose responses follow its anchors sharply (creators)
 * has a Bayes factor of many orders of magnitude and stays fully on. The groups' lifts then become
 * their posterior means under the mixture (probability on × fitted lifts).
 */

/** Share of an event's intensity below which the event is not counted as informing the group. */
const MIN_SHARE = 1e-3;
/** Prior log-odds that a group drives untagged responses: 0, even odds. */
const PRIOR_LOG_ODDS = 0;
const NEWTON_STEPS = 50;

export interface GroupIntensities {
  /** Kind (0 .. kindCount-1) and weight (events it stands for) of each event. */
  readonly eventKinds: Uint8Array;
  readonly weights: Float64Array;
  readonly kindCount: number;
  readonly groupCount: number;
  /** Fitted intensity of each group at each event: intensity[event * groupCount + group]. */
  readonly intensity: Float64Array;
  /** Each group's expected responses over the period (the integral of its intensity). */
  readonly expectedResponses: Float64Array;
  /** Length of the observation period (days). */
  readonly duration: number;
  /** Multiplier of the baseline at each event (its weekday's factor, mean 1 over the period); 1 when absent. */
  readonly baselineScale?: Float64Array;
}

/**
 * The maximum-likelihood baseline of each kind given the groups' intensities scaled by `scale`
 * (Newton's method on the concave Σ wᵢ log(b·sᵢ + rᵢ) − b·T, sᵢ the baseline's multiplier at the
 * event, from `start`), and the log-likelihood Σ wᵢ log λ(tᵢ) − ∫λ at it.
 */
export function profiledBaseline(data: GroupIntensities, scale: ArrayLike<number>, start: ArrayLike<number>): { baseline: Float64Array; logLikelihood: number } {
  const { eventKinds, weights, kindCount, groupCount, intensity, duration } = data;
  const multiplier = data.baselineScale ?? new Float64Array(eventKinds.length).fill(1);
  const rest = new Float64Array(eventKinds.length);
  for (let event = 0; event < rest.length; event++) {
    let sum = 0;
    for (let group = 0; group < groupCount; group++) sum += scale[group] * intensity[event * groupCount + group];
    rest[event] = sum;
  }
  const baseline = new Float64Array(kindCount);
  for (let kind = 0; kind < kindCount; kind++) {
    let level = Math.max(1e-9, start[kind]);
    for (let step = 0; step < NEWTON_STEPS; step++) {
      let gradient = -duration;
      let curvature = 0;
      for (let event = 0; event < rest.length; event++) {
        if (eventKinds[event] !== kind) continue;
        const slope = multiplier[event] / (level * multiplier[event] + rest[event]);
        gradient += weights[event] * slope;
        curvature -= weights[event] * slope * slope;
      }
      if (curvature === 0) {
        level = 1e-9;
        break;
      }
      let next = level - gradient / curvature;
      // Newton from the right of the maximum can overshoot below zero: halve toward zero instead.
      if (!(next > 0)) next = level / 2;
      const converged = Math.abs(next - level) <= 1e-10 * level;
      level = next;
      if (converged) break;
    }
    baseline[kind] = level;
  }
  let logLikelihood = 0;
  for (let event = 0; event < rest.length; event++) logLikelihood += weights[event] * Math.log(baseline[eventKinds[event]] * multiplier[event] + rest[event]);
  for (let kind = 0; kind < kindCount; kind++) logLikelihood -= baseline[kind] * duration;
  for (let group = 0; group < groupCount; group++) logLikelihood -= scale[group] * data.expectedResponses[group];
  return { baseline, logLikelihood };
}

export interface GroupInclusion {
  /** Posterior probability that each group drives untagged responses (0 for a group without any). */
  readonly inclusion: Float64Array;
  /** log Bayes factor per group (0 for a group without responses), for reports and tests. */
  readonly logBayesFactor: Float64Array;
}

/**
 * Each group's posterior probability of driving untagged responses (logistic of log BF + prior
 * log-odds). `startBaseline` seeds Newton's method. O(events · groups²).
 */
export function groupInclusion(data: GroupIntensities, startBaseline: ArrayLike<number>): GroupInclusion {
  const { groupCount, eventKinds, weights, intensity } = data;
  const all = new Float64Array(groupCount).fill(1);
  const full = profiledBaseline(data, all, startBaseline);
  const inclusion = new Float64Array(groupCount);
  const logBayesFactor = new Float64Array(groupCount);
  for (let group = 0; group < groupCount; group++) {
    if (!(data.expectedResponses[group] > 0)) continue;
    const without = Float64Array.from(all);
    without[group] = 0;
    const reduced = profiledBaseline(data, without, full.baseline);
    let informing = 0;
    for (let event = 0; event < eventKinds.length; event++) {
      const own = intensity[event * groupCount + group];
      if (own === 0) continue;
      let total = full.baseline[eventKinds[event]] * (data.baselineScale?.[event] ?? 1);
      for (let other = 0; other < groupCount; other++) total += intensity[event * groupCount + other];
      if (own / total >= MIN_SHARE) informing += weights[event];
    }
    logBayesFactor[group] = full.logLikelihood - reduced.logLikelihood - 0.5 * data.kindCount * Math.log(Math.max(1, informing));
    const logOdds = logBayesFactor[group] + PRIOR_LOG_ODDS;
    inclusion[group] = logOdds > 40 ? 1 : 1 / (1 + Math.exp(-logOdds));
  }
  return { inclusion, logBayesFactor };
}
