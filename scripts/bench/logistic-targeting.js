#!/usr/bin/env node
// The incremental model on targeting under a log-odds mechanism (each touch adds to the buyer's
// log-odds): the four targeted log-odds probes plus eight more shapes (which channel is targeted,
// how strongly, how much buyers differ, general activity). Prints each shape's share accuracy,
// mean / worst over the seeds, and the panel's mean and worst: the figures README.md's "Shapes
// outside the ten scenarios" quotes for the kept penalty rule and the variants measured against it.
//
//   node scripts/bench/logistic-targeting.js [--seeds N] [--journeys N]
//
// Defaults: 8 seeds × 100,000 journeys (about 2 minutes on 2 cores).
'use strict';
const { optionNumber } = require('../lib/bench-options');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'core', 'dist');
const { PROBE_SCENARIOS, logOddsChannels } = require(join(dist, 'simulation', 'probeScenarios.js'));
const { simulateJourneys } = require(join(dist, 'simulation', 'simulateJourneys.js'));
const { shareAccuracy } = require(join(dist, 'simulation', 'shareAccuracy.js'));
const { incrementalAttribution } = require(join(dist, 'models', 'incremental', 'index.js'));

const seeds = optionNumber('--seeds', 8);
const journeys = optionNumber('--journeys', 100_000);

// The log-odds probes' channels, with `targeting` (channel name → loading) aimed at likely buyers.
function shape(name, targeting, baselineSpread, extra = {}) {
  const overrides = Object.fromEntries(Object.entries(targeting).map(([channel, loading]) => [channel, { targeting: loading }]));
  return { name, description: name, mechanism: 'logistic', baselineLogOdds: -3.2, baselineSpread, channels: logOddsChannels(overrides), ...extra };
}
const panel = [
  shape('email 0.6, spread 0.9', { email: 0.6 }, 0.9),
  shape('creator 0.6, spread 0.9', { creator: 0.6 }, 0.9),
  shape('email + creator 0.6, spread 0.6', { email: 0.6, creator: 0.6 }, 0.6),
  shape('email + creator 0.6, spread 0.9', { email: 0.6, creator: 0.6 }, 0.9),
  shape('email + creator 0.3, spread 0.9', { email: 0.3, creator: 0.3 }, 0.9),
  shape('email 0.4 + display 0.5', { email: 0.4, display: 0.5 }, 0.6),
  shape('paid_search 0.5', { paid_search: 0.5 }, 0.6),
  shape('email 0.5, activity 0.5', { email: 0.5 }, 0.6, { activitySpread: 0.5 }),
  ...PROBE_SCENARIOS.filter((probe) => probe.mechanism === 'logistic' && probe.channels.some((channel) => channel.targeting > 0)),
];

console.log(`incremental share accuracy on log-odds targeting shapes, ${seeds} seeds × ${journeys.toLocaleString('en-US')} journeys (mean / worst)`);
const all = [];
const started = Date.now();
for (const scenario of panel) {
  const scores = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const simulation = simulateJourneys(scenario, journeys, seed);
    scores.push(shareAccuracy(incrementalAttribution(simulation.table, { bootstrapSamples: 0, seed }).conversions, simulation.truth));
  }
  all.push(...scores);
  const mean = scores.reduce((sum, value) => sum + value, 0) / scores.length;
  console.log(`${scenario.name.padEnd(34)}${mean.toFixed(3)} / ${Math.min(...scores).toFixed(3)}`);
}
console.log(`panel: mean ${(all.reduce((sum, value) => sum + value, 0) / all.length).toFixed(4)}, worst ${Math.min(...all).toFixed(3)} over ${all.length} runs; ${((Date.now() - started) / 1000).toFixed(1)} s`);
