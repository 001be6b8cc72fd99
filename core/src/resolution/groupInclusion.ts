/**
 * Does a kind of campaign drive untagged first touches at all? (Spike-and-slab on a group's
 * responses, used by the inference in inferredMatcher.ts.)
 *
 * Mechanism: creator posts make people search the brand or type the URL later, but not every
 * channel does that: a webinar's registrants and a paid-social stream's clickers are usually the
 * whole response, already tracked by their tags. A group of campaigns (creators, or one channel's
 * campaigns) whose responses are spread evenly over a long window (a quarter-long paid stream, a
 * two-week registration window) cannot be told from the organic baseline except by a step in the
 * rate; a maximum-likelihood fit, whose lifts are never negative, hands such a group every chance
 * excess of organic visits in its window, and the organic decisions there come out under-confident.
 *
 * So each group is "on" with prior probability 1/2 (no preference) and its posterior probability
 * of being on comes from the Bayes factor of the fitted model against the same model without the
 * group, approximated by the Bayesian information criterion (Schwarz 1978; Kass & Raftery, JASA
 * 1995, §4.1): log BF ≈ ΔlogL − ½ · log n, with ΔlogL = Σᵢ wᵢ · (−log(1 − sᵢ)) − Σ (the group's
 * expected responses) the log-likelihood lost when the group's intensity is removed (sᵢ its share
 * of event i's intensity; others held fixed), one free parameter (the group's response scale), and
 * n the events that carry part of the group's intensity. A group whose responses follow its anchors
 * sharply (creators) has a Bayes factor of many orders of magnitude and stays fully on; a flat group
 * with a chance excess is turned down in proportion to the evidence. The group's lifts are then its
 * posterior mean under the mixture: probability on × fitted lifts.
 */

/** Share of intensity below which an event is not counted as informing the group (numerical floor). */
const MIN_SHARE = 1e-3;
/** Prior log-odds that a group drives untagged responses: 0, even odds. */
const PRIOR_LOG_ODDS = 0;

export interface GroupEvidence {
  /** Σᵢ wᵢ · (−log(1 − sᵢ)) per group. */
  readonly logLikelihoodLoss: Float64Array;
  /** Σᵢ wᵢ over events with sᵢ ≥ MIN_SHARE per group. */
  readonly informingEvents: Float64Array;
}

export function emptyGroupEvidence(groupCount: number): GroupEvidence {
  return { logLikelihoodLoss: new Float64Array(groupCount), informingEvents: new Float64Array(groupCount) };
}

/** Adds one event whose intensity shares by group are `shares` (share of the total, in [0, 1]). */
export function addEventEvidence(evidence: GroupEvidence, group: number, share: number, weight: number): void {
  if (share < MIN_SHARE) return;
  evidence.logLikelihoodLoss[group] += weight * -Math.log(Math.max(1e-12, 1 - share));
  evidence.informingEvents[group] += weight;
}

/**
 * Posterior probability that each group drives untagged responses, from its evidence and its
 * expected responses (Σ of its campaigns' lifts over kinds): logistic(log BF + prior log-odds); 0 for a
 * group without expected responses.
 */
export function groupInclusion(evidence: GroupEvidence, expectedResponses: Float64Array): Float64Array {
  const groupCount = expectedResponses.length;
  const inclusion = new Float64Array(groupCount);
  for (let group = 0; group < groupCount; group++) {
    if (!(expectedResponses[group] > 0)) continue;
    // A group informed by no event loses only its expected responses (ΔlogL = −Σ lifts).
    const events = Math.max(1, evidence.informingEvents[group]);
    const logBayesFactor = evidence.logLikelihoodLoss[group] - expectedResponses[group] - 0.5 * Math.log(events);
    const logOdds = logBayesFactor + PRIOR_LOG_ODDS;
    inclusion[group] = logOdds > 40 ? 1 : 1 / (1 + Math.exp(-logOdds));
  }
  return inclusion;
}
