import { SCENARIOS, type Scenario, type SimulatedChannel } from './scenarios';

/**
 * Probes: journey shapes outside the ten scenarios the models are measured and developed on
 * (scenarios.ts). They are not tuned against and not part of the accuracy goal; they show how the
 * data-driven models fare on data shaped differently from what they were built on, the way an
 * independent data set would test them (`npm run bench:accuracy -- --probes`). Each varies one
 * thing a real CRM data set varies: how many buyers convert, how many touches they get, how many
 * channels there are, how buyers differ, and what kind of channel is targeted; two take another
 * mechanism (touches adding to the buyer's log-odds, as many simulators write it); one has a
 * channel bringing touches of a stronger one (email inviting to webinars).
 */
const reference = SCENARIOS[0];

/** The reference channels (the independent-hazards scenario) with some fields changed. */
function referenceChannels(overrides: Partial<Record<string, Partial<SimulatedChannel>>> = {}): SimulatedChannel[] {
  return reference.channels.map((channel) => ({ ...channel, ...(overrides[channel.name] ?? {}) }));
}

/** Six more channels beside the reference six: the same kinds at 60% of the volume, with other effects. */
const SECOND_CHANNEL_EFFECT_FACTORS = [1.5, 0.5, 1, 2, 0.3, 0.7];
const twelveChannels: SimulatedChannel[] = [
  ...reference.channels,
  ...reference.channels.map((channel, index) => ({
    ...channel,
    name: `${channel.name}_2`,
    effect: channel.effect * SECOND_CHANNEL_EFFECT_FACTORS[index],
    touchRate: channel.touchRate * 0.6,
  })),
];

const hazards = { mechanism: 'hazards', baselineLogOdds: -3.2, baselineSpread: 0.6 } as const;
const logOdds = { ...hazards, mechanism: 'logistic' } as const;

/** Per-touch log-odds effects of the reference channels under the log-odds mechanism. */
export const LOG_ODDS_EFFECTS: Readonly<Record<string, number>> = { paid_search: 0.25, paid_social: 0.15, email: 0.2, display: 0.05, creator: 0.7, webinar: 0.5 };

/** The reference channels with log-odds effects (LOG_ODDS_EFFECTS), some fields changed (targeting, another effect). */
export function logOddsChannels(overrides: Partial<Record<string, Partial<SimulatedChannel>>> = {}): SimulatedChannel[] {
  return referenceChannels(Object.fromEntries(reference.channels.map((channel) => [channel.name, { effect: LOG_ODDS_EFFECTS[channel.name], ...overrides[channel.name] }])));
}

export const PROBE_SCENARIOS: readonly Scenario[] = [
  {
    ...hazards,
    name: 'low-base-rate',
    description: 'buyers rarely convert on their own (base log-odds −4.5)',
    channels: referenceChannels(),
    baselineLogOdds: -4.5,
  },
  {
    ...hazards,
    name: 'high-base-rate',
    description: 'buyers often convert on their own (base log-odds −1.2, ~30% convert)',
    channels: referenceChannels(),
    baselineLogOdds: -1.2,
  },
  {
    ...hazards,
    name: 'null-heavy-channel',
    description: 'a high-volume channel (2.5 touches a buyer) with no effect at all',
    channels: referenceChannels({ display: { effect: 0, touchRate: 2.5 } }),
  },
  { ...hazards, name: 'twelve-channels', description: 'twelve channels instead of six', channels: twelveChannels, baselineLogOdds: -3.4 },
  {
    ...hazards,
    name: 'heavy-touches',
    description: 'three times the touches, each half as effective (nearly every buyer reached by every frequent channel)',
    channels: referenceChannels(
      Object.fromEntries(reference.channels.map((channel) => [channel.name, { touchRate: channel.touchRate * 3, effect: channel.effect / 2 }])),
    ),
  },
  {
    ...hazards,
    name: 'strong-synergy',
    description: 'webinar and email together add a large extra hazard (0.2)',
    channels: referenceChannels(),
    synergy: { first: 'webinar', second: 'email', hazard: 0.2 },
  },
  {
    ...hazards,
    mechanism: 'additive',
    name: 'additive-targeting',
    description: 'additive saturating lifts with email and display aimed at likely buyers',
    channels: referenceChannels({
      paid_search: { effect: 0.04 },
      paid_social: { effect: 0.02 },
      email: { effect: 0.03, targeting: 0.5 },
      display: { effect: 0.005, targeting: 0.6 },
      creator: { effect: 0.08 },
      webinar: { effect: 0.05 },
    }),
  },
  {
    ...hazards,
    name: 'retarget-null',
    description: 'retargeting with no effect: display reaches likely buyers often and changes nothing',
    channels: referenceChannels({ display: { effect: 0, targeting: 0.8, touchRate: 1.5 } }),
    baselineSpread: 0.8,
  },
  {
    ...hazards,
    name: 'linear-no-targeting',
    description: 'every touch adds the same hazard (no diminishing returns), nobody targeted',
    channels: referenceChannels({ email: { effect: 0.008 }, paid_search: { effect: 0.01 } }),
    touchExponent: 1,
  },
  {
    ...logOdds,
    name: 'logistic-effects',
    description: 'each touch adds to the buyer\'s log-odds (diminishing in repeated touches), nobody targeted',
    channels: logOddsChannels(),
  },
  {
    ...logOdds,
    name: 'logistic-targeting',
    description: 'log-odds effects with email and display aimed at likely buyers',
    channels: logOddsChannels({ email: { targeting: 0.5 }, display: { targeting: 0.6 } }),
  },
  {
    ...logOdds,
    name: 'logistic-strong-target',
    description: 'log-odds effects with the creator channel and email aimed at likely buyers, buyers differing more (spread 0.9)',
    channels: logOddsChannels({ email: { targeting: 0.6 }, creator: { targeting: 0.6 } }),
    baselineSpread: 0.9,
  },
  {
    ...logOdds,
    name: 'logistic-linear-target',
    description: 'every email adds the same to the log-odds (no diminishing returns) and email is aimed at likely buyers',
    channels: logOddsChannels({ paid_search: { effect: 0.12 }, email: { effect: 0.1, targeting: 0.5 } }),
    touchExponent: 1,
  },
  {
    ...logOdds,
    name: 'logistic-activity-target',
    description: 'log-odds effects, email and display aimed at likely buyers, and buyers differing in general activity',
    channels: logOddsChannels({ email: { targeting: 0.5 }, display: { targeting: 0.6 } }),
    activitySpread: 0.7,
  },
  {
    ...hazards,
    name: 'upstream-to-strong',
    description: 'email brings later webinar touches (0.4 per email), and the webinar is the stronger channel',
    channels: referenceChannels(),
    induces: [{ from: 'email', to: 'webinar', probability: 0.4 }],
  },
  {
    ...hazards,
    name: 'two-upstreams',
    description: 'email and paid social both bring later webinar touches (0.3 per email, 0.25 per paid-social touch)',
    channels: referenceChannels(),
    induces: [
      { from: 'email', to: 'webinar', probability: 0.3 },
      { from: 'paid_social', to: 'webinar', probability: 0.25 },
    ],
  },
  {
    ...hazards,
    name: 'recency',
    description: 'early touches fade: a touch followed by k later touches acts as 0.7^k of one',
    channels: referenceChannels(),
    recency: 0.7,
  },
  {
    ...logOdds,
    name: 'logistic-recency',
    description: 'log-odds effects; a touch followed by k later touches acts as 0.7^k of one',
    channels: logOddsChannels(),
    recency: 0.7,
  },
  {
    ...hazards,
    name: 'wide-buyers',
    description: 'buyers differ much more in their own chance to convert (spread 1.3)',
    channels: referenceChannels(),
    baselineLogOdds: -3.6,
    baselineSpread: 1.3,
  },
];
