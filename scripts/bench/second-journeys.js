#!/usr/bin/env node
// The data-driven models on journeys written apart from the project's simulator
// (core/src/simulation), the way an independent data set tests them: buyers in segments (cold,
// warm, hot) rather than along a bell curve, touches whose effect on the log-odds saturates
// (β (1 − 0.6ⁿ) / 0.4), a creator–webinar synergy, creator touches that bring later searches,
// and channels aimed at the hot segment; two shapes record only whether a channel touched the
// buyer, not how often. Truth: each channel's expected incremental conversions (Shapley over the
// buyer's channels of the conversion probability, the removed creator's searches removed with it).
// Each data set is written in ChannelAttribution's layout and run through `attribution paths`, as
// a user would; the score is share accuracy 1 − ½ Σ|ŝ − s|.
//
//   node scripts/bench/second-journeys.js [--seeds N] [--journeys N] [--models incremental,markov]
//
// Defaults: 4 seeds × 100,000 journeys, models incremental, markov (order 1), shapley, linear;
// about three minutes.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { optionNumber, optionText } = require('../lib/bench-options');
const { randomSource } = require('../lib/independent-random');
// Only the score is the project's (the same 1 − ½ Σ|ŝ − s| as bench-accuracy.js); the journeys are not.
const { shareAccuracy } = require(join(__dirname, '..', '..', 'core', 'dist', 'simulation', 'shareAccuracy.js'));

const CLI = join(__dirname, '..', '..', 'core', 'bin', 'attribution.js');
const CHANNELS = ['search', 'social', 'email', 'display', 'creator', 'webinar', 'referral'];
const RATES = [0.8, 1.0, 1.2, 1.5, 0.4, 0.2, 0.3];
const EFFECTS = [0.35, 0.2, 0.25, 0.05, 0.8, 0.6, 0.4];
const SATURATION = 0.6;
const SYNERGY = { first: 4, second: 5, logOdds: 0.4 };
const INDUCED = { from: 4, to: 0, probability: 0.3 };
const EVEN = [1, 1, 1];
const STRONG_SEGMENTS = { shares: [0.5, 0.25, 0.25], logOdds: [-4.5, -3, -1.5] };
/** Per channel, its touch rate's multiplier in the cold, warm and hot segments. */
const targeting = (aimed) => CHANNELS.map((name) => aimed[name] ?? EVEN);

const SHAPES = [
  { name: 'segments (hot 10%), email, display and webinar aimed at them', segments: { shares: [0.6, 0.3, 0.1], logOdds: [-4, -3, -2] }, targeting: targeting({ email: [0.6, 1.5, 3], display: [0.8, 1.2, 2], webinar: [0.5, 1.5, 3] }) },
  { name: 'segments (hot 10%), nobody targeted', segments: { shares: [0.6, 0.3, 0.1], logOdds: [-4, -3, -2] }, targeting: targeting({}) },
  { name: 'strong segments (hot 25%), the same three targeted', segments: STRONG_SEGMENTS, targeting: targeting({ email: [0.6, 1.5, 3], display: [0.8, 1.2, 2], webinar: [0.5, 1.5, 3] }) },
  { name: 'strong segments, email alone targeted', segments: STRONG_SEGMENTS, targeting: targeting({ email: [0.6, 1.5, 3] }) },
  { name: 'strong segments, nobody targeted', segments: STRONG_SEGMENTS, targeting: targeting({}) },
  // Added 2026-12-07 while testing the logistic baseline offset (they caught a free-coefficient variant that gave email 0).
  { name: 'two segments (hot 20%), email and webinar aimed at them', segments: { shares: [0.8, 0, 0.2], logOdds: [-4, -3, -2] }, targeting: targeting({ email: [0.5, 1, 2.5], webinar: [0.5, 1, 2.5] }) },
  { name: 'strong segments (hot 5%), email and webinar aimed at them', segments: { shares: [0.75, 0.2, 0.05], logOdds: [-5, -3.5, -1.5] }, targeting: targeting({ email: [0.5, 1, 2.5], webinar: [0.5, 1, 2.5] }) },
  { name: 'touched or not (no counts), email targeted', segments: { shares: [0.8, 0, 0.2], logOdds: [-3.5, -3, -2.1] }, targeting: targeting({ email: [0.5, 1, 2.5] }), presenceOnly: true },
  { name: 'touched or not (no counts), nobody targeted', segments: { shares: [0.6, 0.3, 0.1], logOdds: [-4, -3, -2] }, targeting: targeting({}), presenceOnly: true },
];

const logistic = (value) => 1 / (1 + Math.exp(-value));
const touchEffect = (channel, touches) => (touches <= 0 ? 0 : (EFFECTS[channel] * (1 - SATURATION ** touches)) / (1 - SATURATION));

/** One data set: the paths file's lines and each channel's true incremental conversions. */
function simulate(shape, journeys, seed) {
  const random = randomSource(seed);
  const truth = new Float64Array(CHANNELS.length);
  const lines = [];
  while (lines.length < journeys) {
    const draw = random.next();
    const segment = draw < shape.segments.shares[0] ? 0 : draw < shape.segments.shares[0] + shape.segments.shares[1] ? 1 : 2;
    const baseline = shape.segments.logOdds[segment];
    const counts = CHANNELS.map((_name, channel) => {
      const rate = RATES[channel] * shape.targeting[channel][segment];
      return shape.presenceOnly ? (random.next() < 1 - Math.exp(-rate) ? 1 : 0) : random.poisson(rate);
    });
    let induced = 0;
    if (!shape.presenceOnly) for (let touch = 0; touch < counts[INDUCED.from]; touch++) if (random.next() < INDUCED.probability) induced++;
    const present = CHANNELS.map((_name, channel) => channel).filter((channel) => counts[channel] > 0 || (channel === INDUCED.to && induced > 0));
    if (present.length === 0) continue;
    const on = (mask, channel) => {
      const player = present.indexOf(channel);
      return player >= 0 && (mask & (1 << player)) !== 0;
    };
    const probability = (mask) => {
      let logOdds = baseline;
      for (const channel of present) {
        if (!on(mask, channel)) continue;
        // The creator's searches exist only with the creator.
        const touches = counts[channel] + (channel === INDUCED.to && on(mask, INDUCED.from) ? induced : 0);
        logOdds += touchEffect(channel, touches);
      }
      if (on(mask, SYNERGY.first) && on(mask, SYNERGY.second)) logOdds += SYNERGY.logOdds;
      return logistic(logOdds);
    };
    const size = 1 << present.length;
    const gain = Float64Array.from({ length: size }, (_, mask) => probability(mask));
    const weights = [1 / present.length];
    for (let members = 1; members < present.length; members++) weights[members] = (weights[members - 1] * members) / (present.length - members);
    present.forEach((channel, player) => {
      for (let mask = 0; mask < size; mask++) {
        if (mask & (1 << player)) continue;
        let members = 0;
        for (let bits = mask; bits; bits &= bits - 1) members++;
        truth[channel] += weights[members] * (gain[mask | (1 << player)] - gain[mask]);
      }
    });
    const converted = random.next() < gain[size - 1] ? 1 : 0;
    const sequence = CHANNELS.flatMap((name, channel) => Array.from({ length: counts[channel] }, () => name));
    for (let index = sequence.length - 1; index > 0; index--) {
      const swap = Math.floor(random.next() * (index + 1));
      [sequence[index], sequence[swap]] = [sequence[swap], sequence[index]];
    }
    // Each brought search comes after a creator touch.
    for (let touch = 0; touch < induced; touch++) {
      const after = sequence.lastIndexOf(CHANNELS[INDUCED.from]);
      sequence.splice(after + 1 + Math.floor(random.next() * (sequence.length - after)), 0, CHANNELS[INDUCED.to]);
    }
    lines.push(`${sequence.join(' > ')},${converted},${converted * 1000},${1 - converted}`);
  }
  return { lines, truth };
}

const seeds = optionNumber('--seeds', 4);
const journeys = optionNumber('--journeys', 100_000);
const models = optionText('--models', 'incremental,markov,shapley,linear').split(',');
console.log(`share accuracy on journeys written apart from the simulator, ${seeds} seeds × ${journeys.toLocaleString('en-US')} journeys (mean / worst)`);
console.log(`| shape | ${models.join(' | ')} |`);
console.log(`|---|${models.map(() => '---').join('|')}|`);
const folder = mkdtempSync(join(tmpdir(), 'pa-second-journeys-'));
try {
  for (const shape of SHAPES) {
    const scores = Object.fromEntries(models.map((model) => [model, []]));
    for (let seed = 1; seed <= seeds; seed++) {
      const { lines, truth } = simulate(shape, journeys, seed);
      const file = join(folder, 'paths.csv');
      writeFileSync(file, `path,total_conversions,total_conversion_value,total_null\n${lines.join('\n')}\n`);
      for (const model of models) {
        const run = spawnSync(process.execPath, [CLI, 'paths', '--input', file, '--model', model, '--format', 'json'], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`attribution paths --model ${model} exited ${run.status}: ${run.stderr}`);
        const rows = JSON.parse(run.stdout);
        scores[model].push(shareAccuracy(CHANNELS.map((name) => rows.find((row) => row.state === name)?.conversions ?? 0), truth));
      }
    }
    const cell = (values) => `${(values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(3)} / ${Math.min(...values).toFixed(3)}`;
    console.log(`| ${shape.name} | ${models.map((model) => cell(scores[model])).join(' | ')} |`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
