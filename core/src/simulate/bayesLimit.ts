import { expectedCalibrationError } from '../scoring/scoreResolution';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { creatorCampaignsOpenAt, inferredDelayDensity, organicTimeFactor, type ResponseMix, type SimulatedWorld } from './world';

/**
 * An untagged first touch (kind 0 branded search, 1 direct visit, 2 search recorded without its
 * query, branded or not) and the campaign that truly caused it (-1 organic).
 */
export interface AmbiguousEvent {
  readonly at: number;
  readonly kind: 0 | 1 | 2;
  readonly truthCampaign: number;
  /** Creator campaigns the contact came back through later (world shape comingBack); absent: none. */
  readonly returns?: readonly number[];
}

export interface BayesLimit {
  readonly ambiguousTouches: number;
  /** Accuracy of the Bayes decision (highest true posterior) on these touches: the best any resolver can do. */
  readonly accuracy: number;
  /** Its expectation (mean highest posterior), less noisy than the realised accuracy. */
  readonly expectedAccuracy: number;
  /**
   * Expected calibration error of the true posteriors on these touches (10 bins, as `score`).
   * They are calibrated by construction, so this is the metric's own sampling noise on a data set
   * of this size: the floor under any resolver's ambiguous-touch ECE here.
   */
  readonly calibrationError: number;
  readonly campaignShare: number;
}

/**
 * The Bayes-optimal accuracy on the ambiguous touches. Knowing the true generating rates, the
 * posterior that an untagged first touch of kind k at time t came from campaign c is its share of
 * the intensity: λ_c(t) / (λ₀ₖ(t) + Σ λ_c'(t)) (λ₀ₖ(t): the organic rate on t's weekday; for a
 * search without its query, the hidden share of branded and generic organic searches), where λ_c(t) = Σ over c's posts of expected responders
 * × the creator's share of kind-k responses × the delay density at t − post; where contacts come
 * back through creator campaigns, each term is also weighted by the likelihood of the campaigns
 * this contact came back through (returnLikelihood). Choosing the largest
 * posterior maximises the expected accuracy (Bayes rule for 0-1 loss; Duda, Hart & Stork, §2.2).
 */
/**
 * Organic arrivals per day of each ambiguous kind. A search keeps its query with probability
 * 1 − h: kind 0 gets that share of the branded searches, kind 2 the rest of them plus the hidden
 * share of generic searches.
 */
export function organicRatesByKind(world: SimulatedWorld): [number, number, number] {
  const hidden = world.queryNotProvided;
  const rates = world.organicRates;
  return [(1 - hidden) * rates.brandedSearch, rates.direct, hidden * (rates.brandedSearch + rates.organicSearch)];
}

/** The share of a creator's responders who arrive as each ambiguous kind (the rest carry their campaign). */
export function responseSharesByKind(world: SimulatedWorld, mix: ResponseMix): [number, number, number] {
  const hidden = world.queryNotProvided;
  const total = mix.click + mix.linkInBio + mix.untaggedLanding + mix.brandedSearch + mix.direct + mix.promoCode;
  return [((1 - hidden) * mix.brandedSearch) / total, mix.direct / total, (hidden * mix.brandedSearch) / total];
}

/** The delay distribution an ambiguous kind follows: a search's (with its query or not, 0) or a direct visit's (1). */
export function delayKindOf(kind: AmbiguousEvent['kind']): 0 | 1 {
  return kind === 1 ? 1 : 0;
}

/** Step of the numeric integral over return times (days): fine against the 18-day mean delay. */
const RETURN_STEP_DAYS = 0.25;

/**
 * What a contact's returns through creator campaigns (world shape comingBack) say about the cause
 * of its first touch: the likelihood of the campaigns it came back through under each cause.
 * A responder to creator campaign c comes back through c with probability own × Q(t) (Q: the
 * chance the exponential delay ends before the data do); anyone comes back through a campaign
 * open at the return time, drawn at random, with probability other × B(t), B_d(t) for campaign d
 * (a numeric integral over return times). Which campaigns, not when: the limit conditions on the
 * campaigns the contact came back through, not on the times of those returns.
 */
export function returnLikelihood(world: SimulatedWorld): ((event: AmbiguousEvent) => (cause: number) => number) | null {
  const { ownCampaign, otherCampaign } = world.comingBack;
  if (ownCampaign === 0 && otherCampaign === 0) return null;
  const meanDays = world.delays.promoMeanDays;
  const stepMs = RETURN_STEP_DAYS * MILLISECONDS_PER_DAY;
  const steps = Math.ceil((world.end - world.start) / stepMs - 0.5);
  // Suffix sums discounted to each step: S[s] = w[s] + e^(−step/mean) · S[s + 1], so the integral
  // from any time on is one product (no overflow however short the delays).
  const decay = Math.exp(-RETURN_STEP_DAYS / meanDays);
  const anyOpen = new Float64Array(steps + 1);
  const throughCampaign = new Map<number, Float64Array>();
  for (let step = steps - 1; step >= 0; step--) {
    const open = creatorCampaignsOpenAt(world, world.start + (step + 0.5) * stepMs);
    anyOpen[step] = (open.length > 0 ? 1 : 0) + decay * anyOpen[step + 1];
    for (const campaign of open) {
      if (!throughCampaign.has(campaign)) throughCampaign.set(campaign, new Float64Array(steps + 1));
    }
    for (const [campaign, sums] of throughCampaign) sums[step] = (open.includes(campaign) ? 1 / open.length : 0) + decay * sums[step + 1];
  }
  return (event) => {
    const returns = event.returns ?? [];
    const daysLeft = (world.end - event.at) / MILLISECONDS_PER_DAY;
    const own = ownCampaign * (1 - Math.exp(-daysLeft / meanDays));
    const firstStep = Math.max(0, Math.ceil((event.at - world.start) / stepMs - 0.5));
    const delayDays = (world.start + (firstStep + 0.5) * stepMs - event.at) / MILLISECONDS_PER_DAY;
    // Density of the exponential delay at the first step × the step × the share coming back.
    const scale = firstStep < steps ? (Math.exp(-delayDays / meanDays) / meanDays) * RETURN_STEP_DAYS * otherCampaign : 0;
    const anyOther = scale * anyOpen[firstStep];
    const throughEach = new Map<number, number>(returns.map((campaign) => [campaign, scale * (throughCampaign.get(campaign)?.[firstStep] ?? 0)]));
    const other = (campaign: number): number => throughEach.get(campaign) ?? 0;
    return (cause) => {
      if (returns.length === 0) return (cause >= 0 ? 1 - own : 1) * (1 - anyOther);
      if (returns.length === 1) return (cause === returns[0] ? own * (1 - anyOther) : 0) + (cause >= 0 ? 1 - own : 1) * other(returns[0]);
      if (returns.length === 2 && cause >= 0) return own * ((cause === returns[0] ? other(returns[1]) : 0) + (cause === returns[1] ? other(returns[0]) : 0));
      return 0;
    };
  };
}

export function bayesOptimalAccuracy(world: SimulatedWorld, events: readonly AmbiguousEvent[]): BayesLimit {
  const baseline = organicRatesByKind(world);
  const returns = returnLikelihood(world);
  const shares = world.posts.map((post) => responseSharesByKind(world, world.creators[world.creatorOfCampaign[post.campaignIndex]].mix));
  let correct = 0;
  let expected = 0;
  let fromCampaigns = 0;
  const confidences: number[] = [];
  const right: boolean[] = [];
  const intensityByCampaign = new Map<number, number>();
  for (const event of events) {
    intensityByCampaign.clear();
    const likelihood = returns?.(event);
    const organic = baseline[event.kind] * organicTimeFactor(world, event.at) * (likelihood?.(-1) ?? 1);
    let total = organic;
    world.posts.forEach((post, postIndex) => {
      const delayDays = (event.at - post.at) / MILLISECONDS_PER_DAY;
      if (delayDays <= 0) return;
      const density = inferredDelayDensity(world, delayKindOf(event.kind), delayDays);
      const intensity = post.expectedResponders * shares[postIndex][event.kind] * density * (likelihood?.(post.campaignIndex) ?? 1);
      if (intensity <= 0) return;
      intensityByCampaign.set(post.campaignIndex, (intensityByCampaign.get(post.campaignIndex) ?? 0) + intensity);
      total += intensity;
    });
    let decision = -1;
    let best = organic;
    for (const [campaignIndex, intensity] of intensityByCampaign) {
      if (intensity > best) {
        best = intensity;
        decision = campaignIndex;
      }
    }
    if (decision === event.truthCampaign) correct++;
    expected += best / total;
    confidences.push(best / total);
    right.push(decision === event.truthCampaign);
    if (event.truthCampaign >= 0) fromCampaigns++;
  }
  const count = events.length;
  return {
    ambiguousTouches: count,
    accuracy: count === 0 ? 1 : correct / count,
    expectedAccuracy: count === 0 ? 1 : expected / count,
    calibrationError: expectedCalibrationError(confidences, right),
    campaignShare: count === 0 ? 0 : fromCampaigns / count,
  };
}
