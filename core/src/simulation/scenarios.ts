/**
 * Journey-simulator scenarios: each names a causal mechanism by which touches change a buyer's
 * chance to convert. Every channel's true effect is known, so models can be scored against it.
 */
export interface SimulatedChannel {
  readonly name: string;
  /** Mean touches per buyer (Poisson) before targeting. */
  readonly touchRate: number;
  /**
   * Targeting bias: touches scale by exp(targeting × z − targeting² / 2), z the buyer's standard
   * normal propensity score, so a positive value aims the channel at buyers already likely to
   * convert (the mean touch rate is unchanged).
   */
  readonly targeting: number;
  /** Per-touch conversion hazard (hazard mechanisms), saturating lift (additive) or log-odds (logistic). */
  readonly effect: number;
}

export interface Inducing {
  readonly from: string;
  readonly to: string;
  readonly probability: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /**
   * hazards: each touch is an independent chance to convert; additive: probability = baseline +
   * saturating lifts; logistic: each touch adds `effect` to the buyer's log-odds (a probe only).
   */
  readonly mechanism: 'hazards' | 'additive' | 'logistic';
  readonly channels: readonly SimulatedChannel[];
  /** Baseline log-odds of converting without any touch: mean and spread over buyers. */
  readonly baselineLogOdds: number;
  readonly baselineSpread: number;
  /** Extra hazard (log-odds under the logistic mechanism) when both channels touched the buyer (synergy). */
  readonly synergy?: { readonly first: string; readonly second: string; readonly hazard: number };
  /**
   * Upstream: each touch of `from` brings a later touch of `to` with this probability. Several
   * may bring the same channel (a creator video and a paid-social ad both sending people to search).
   */
  readonly induces?: readonly Inducing[];
  /**
   * Hazard and logistic mechanisms: n touches of a channel act as n^touchExponent touches (default 0.5:
   * diminishing returns; 1: every touch counts the same).
   */
  readonly touchExponent?: number;
  /**
   * General activity: every channel's touches scale by exp(activitySpread × u − activitySpread² / 2),
   * u a standard normal independent of the propensity z, so some buyers touch more of everything
   * without being likelier to buy (over-dispersed counts, as in real CRM data). Default 0.
   */
  readonly activitySpread?: number;
  /**
   * Recency: a touch followed by k later touches in the journey acts as recency^k of a touch (its
   * channel's touches are summed so before the touch exponent applies), so early touches fade.
   * Default 1: the order of touches does not matter.
   */
  readonly recency?: number;
}

const base = (overrides: Partial<Record<string, Partial<SimulatedChannel>>> = {}): SimulatedChannel[] =>
  [
    { name: 'paid_search', touchRate: 1.2, targeting: 0, effect: 0.02 },
    { name: 'paid_social', touchRate: 0.9, targeting: 0, effect: 0.01 },
    { name: 'email', touchRate: 1.0, targeting: 0, effect: 0.015 },
    { name: 'display', touchRate: 0.8, targeting: 0, effect: 0.003 },
    { name: 'creator', touchRate: 0.35, targeting: 0, effect: 0.06 },
    { name: 'webinar', touchRate: 0.25, targeting: 0, effect: 0.04 },
  ].map((channel) => ({ ...channel, ...(overrides[channel.name] ?? {}) }));

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'independent-hazards',
    description: 'each touch independently may cause conversion (diminishing in repeated touches)',
    mechanism: 'hazards',
    channels: base(),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
  },
  {
    name: 'additive-lifts',
    description: 'conversion probability = baseline + sum of saturating per-channel lifts',
    mechanism: 'additive',
    channels: base({ paid_search: { effect: 0.04 }, paid_social: { effect: 0.02 }, email: { effect: 0.03 }, display: { effect: 0.005 }, creator: { effect: 0.08 }, webinar: { effect: 0.05 } }),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
  },
  {
    name: 'synergy',
    description: 'creator and paid_search together add an extra hazard neither has alone',
    mechanism: 'hazards',
    channels: base(),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
    synergy: { first: 'creator', second: 'paid_search', hazard: 0.08 },
  },
  {
    name: 'upstream',
    description: 'creator touches bring later paid_search touches (branded search after a video)',
    mechanism: 'hazards',
    channels: base(),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
    induces: [{ from: 'creator', to: 'paid_search', probability: 0.6 }],
  },
  {
    name: 'targeting-bias',
    description: 'email and display aimed at buyers already likely to convert',
    mechanism: 'hazards',
    channels: base({ email: { targeting: 0.5 }, display: { targeting: 0.6 } }),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
  },
  {
    name: 'all-mechanisms',
    description: 'hazards with synergy, upstream induction and targeting bias at once',
    mechanism: 'hazards',
    channels: base({ email: { targeting: 0.4 }, display: { targeting: 0.4 } }),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
    synergy: { first: 'creator', second: 'email', hazard: 0.05 },
    induces: [{ from: 'creator', to: 'paid_search', probability: 0.5 }],
  },
  // Guards against fitting the model to the scenarios above: targeting of a strong channel, a
  // wider spread of buyers, and touches without diminishing returns.
  {
    name: 'targeting-strong-channel',
    description: 'creator (the strongest channel) and email aimed at likely buyers; buyers differ more',
    mechanism: 'hazards',
    channels: base({ creator: { targeting: 0.6 }, email: { targeting: 0.7 } }),
    baselineLogOdds: -3.4,
    baselineSpread: 0.9,
  },
  {
    name: 'targeting-linear-touches',
    description: 'targeting bias where every touch adds the same hazard (no diminishing returns)',
    mechanism: 'hazards',
    channels: base({ email: { targeting: 0.5, effect: 0.008 }, display: { targeting: 0.6 }, paid_search: { effect: 0.01 } }),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
    touchExponent: 1,
  },
  {
    name: 'activity-no-targeting',
    description: 'buyers differ in general activity (every count over-dispersed), nobody is targeted',
    mechanism: 'hazards',
    channels: base(),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
    activitySpread: 0.8,
  },
  {
    name: 'activity-and-targeting',
    description: 'buyers differ in general activity, and email and display are aimed at likely buyers',
    mechanism: 'hazards',
    channels: base({ email: { targeting: 0.5 }, display: { targeting: 0.6 } }),
    baselineLogOdds: -3.2,
    baselineSpread: 0.6,
    activitySpread: 0.6,
  },
];
