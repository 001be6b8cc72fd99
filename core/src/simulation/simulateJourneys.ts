import { PathTableBuilder, type PathTable } from '../models/data-driven/pathTable';
import { createRandom, normal, poisson } from './random';
import type { Scenario } from './scenarios';
import { addSubsetShapley } from './subsetShapley';

export interface Simulation {
  readonly table: PathTable;
  readonly channelNames: readonly string[];
  /**
   * Truth: each channel's expected incremental conversions, the Shapley split (over channels) of
   * E[P(convert | the buyer's touches) − P(convert | no touch)] summed over buyers. Switching a
   * channel off removes its touches and the touches it induced. For additive effects this is each
   * channel's expected incremental conversions exactly; interactions (synergy, hazards) split
   * equally between the channels that need each other.
   */
  readonly truth: Float64Array;
  readonly journeys: number;
  readonly conversions: number;
}

function logistic(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/**
 * Simulates `journeys` buyers with at least one touch (buyers never touched are not in any path
 * file). Each buyer has a propensity z ~ N(0, 1): baseline P = logistic(baselineLogOdds +
 * baselineSpread · z) and an activity u ~ N(0, 1) independent of z; touches of channel c ~
 * Poisson(rate_c · targeting factor(z) · activity factor(u)); the buyer
 * converts with the scenario's probability given all touches. Touch order is random, an induced
 * touch coming after the touch that induced it.
 */
export function simulateJourneys(scenario: Scenario, journeys: number, seed: number): Simulation {
  const random = createRandom(seed);
  const channels = scenario.channels;
  const channelCount = channels.length;
  const builder = new PathTableBuilder();
  channels.forEach((channel) => builder.stateId(channel.name));
  const indexOf = (name: string): number => channels.findIndex((channel) => channel.name === name);
  const synergy = scenario.synergy ? { first: indexOf(scenario.synergy.first), second: indexOf(scenario.synergy.second), hazard: scenario.synergy.hazard } : undefined;
  const inducing = (scenario.induces ?? []).map((rule) => ({ from: indexOf(rule.from), to: indexOf(rule.to), probability: rule.probability }));

  const touchExponent = scenario.touchExponent ?? 0.5;
  const activitySpread = scenario.activitySpread ?? 0;
  const organic = new Int32Array(channelCount);
  // Touches each rule brought (rule order as in scenario.induces).
  const induced = new Int32Array(inducing.length);
  // Touches per channel as the mechanism weighs them (whole numbers unless recency < 1).
  const counts = new Float64Array(channelCount);
  const recency = scenario.recency ?? 1;
  // Per position of `sequence`: the rule whose touch brought it (-1: an organic touch).
  const broughtBy: number[] = [];
  const truth = new Float64Array(channelCount);
  const subsetGain = new Float64Array(1 << channelCount);
  const present: number[] = [];
  const sequence: number[] = [];
  let conversions = 0;

  const probability = (baseline: number): number => {
    if (scenario.mechanism === 'logistic') {
      let logOdds = Math.log(baseline / (1 - baseline));
      for (let channel = 0; channel < channelCount; channel++) if (counts[channel] > 0) logOdds += channels[channel].effect * Math.pow(counts[channel], touchExponent);
      if (synergy && counts[synergy.first] > 0 && counts[synergy.second] > 0) logOdds += synergy.hazard;
      return logistic(logOdds);
    }
    if (scenario.mechanism === 'additive') {
      let lift = 0;
      for (let channel = 0; channel < channelCount; channel++) if (counts[channel] > 0) lift += channels[channel].effect * (1 - Math.pow(0.5, counts[channel]));
      return Math.min(1, baseline + lift);
    }
    let survive = 1 - baseline;
    for (let channel = 0; channel < channelCount; channel++) if (counts[channel] > 0) survive *= Math.pow(1 - channels[channel].effect, Math.pow(counts[channel], touchExponent));
    if (synergy && counts[synergy.first] > 0 && counts[synergy.second] > 0) survive *= 1 - synergy.hazard;
    return 1 - survive;
  };
  const setCounts = (mask: number): void => {
    counts.fill(0);
    if (recency !== 1) {
      // Walk back from the end: each touch on in this coalition counts recency^(touches after it that are on).
      const on = (channel: number): boolean => {
        const player = present.indexOf(channel);
        return player >= 0 && (mask & (1 << player)) !== 0;
      };
      let weight = 1;
      for (let position = sequence.length - 1; position >= 0; position--) {
        const channel = sequence[position];
        const rule = broughtBy[position];
        if (!on(channel) || (rule >= 0 && !on(inducing[rule].from))) continue;
        counts[channel] += weight;
        weight *= recency;
      }
      return;
    }
    for (let player = 0; player < present.length; player++) {
      const channel = present[player];
      counts[channel] = mask & (1 << player) ? organic[channel] : 0;
    }
    inducing.forEach((rule, index) => {
      const fromPlayer = present.indexOf(rule.from);
      const toPlayer = present.indexOf(rule.to);
      if (fromPlayer >= 0 && toPlayer >= 0 && mask & (1 << fromPlayer) && mask & (1 << toPlayer)) counts[rule.to] += induced[index];
    });
  };

  let simulated = 0;
  while (simulated < journeys) {
    const propensity = normal(random);
    const baseline = logistic(scenario.baselineLogOdds + scenario.baselineSpread * propensity);
    const activity = activitySpread > 0 ? Math.exp(activitySpread * normal(random) - (activitySpread * activitySpread) / 2) : 1;
    sequence.length = 0;
    induced.fill(0);
    for (let channel = 0; channel < channelCount; channel++) {
      const { touchRate, targeting } = channels[channel];
      organic[channel] = poisson(random, activity * touchRate * Math.exp(targeting * propensity - (targeting * targeting) / 2));
      for (let touch = 0; touch < organic[channel]; touch++) sequence.push(channel);
    }
    // Random order, then each inducing touch brings a touch of `to` at a later random position.
    for (let index = sequence.length - 1; index > 0; index--) {
      const swap = Math.floor(random() * (index + 1));
      [sequence[index], sequence[swap]] = [sequence[swap], sequence[index]];
    }
    if (recency !== 1) {
      broughtBy.length = 0;
      for (let position = 0; position < sequence.length; position++) broughtBy.push(-1);
    }
    // Brought touches are marked negative until every rule has run: they bring nothing themselves.
    inducing.forEach((rule, index) => {
      for (let position = 0; position < sequence.length; position++) {
        if (sequence[position] !== rule.from || random() >= rule.probability) continue;
        const at = position + 1 + Math.floor(random() * (sequence.length - position));
        sequence.splice(at, 0, -1 - rule.to);
        if (recency !== 1) broughtBy.splice(at, 0, index);
        induced[index]++;
      }
    });
    for (let position = 0; position < sequence.length; position++) if (sequence[position] < 0) sequence[position] = -1 - sequence[position];
    // An induced touch exists only when its inducer does; `organic` keeps the rest.
    if (sequence.length === 0) continue;
    simulated++;
    present.length = 0;
    counts.fill(0);
    inducing.forEach((rule, index) => (counts[rule.to] += induced[index]));
    for (let channel = 0; channel < channelCount; channel++) if (organic[channel] > 0 || counts[channel] > 0) present.push(channel);
    // Truth for this buyer: Shapley over its channels of P(touches of the channels on) − baseline.
    const players = present.length;
    const size = 1 << players;
    for (let mask = 0; mask < size; mask++) {
      setCounts(mask);
      subsetGain[mask] = probability(baseline) - baseline;
    }
    addSubsetShapley(subsetGain, present, 1, truth);
    setCounts(size - 1);
    const converted = random() < probability(baseline) ? 1 : 0;
    conversions += converted;
    builder.addPath(sequence, converted, converted * 1000, 1 - converted);
  }
  return { table: builder.build(), channelNames: channels.map((channel) => channel.name), truth, journeys, conversions };
}
