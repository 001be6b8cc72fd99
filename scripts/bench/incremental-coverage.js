#!/usr/bin/env node
// How often the incremental model's 95% bootstrap intervals hold the truth: per scenario, the share
// of (seed, channel) intervals [ci_low, ci_high] that contain the channel's true share of the
// credited conversions. The intervals cover sampling noise given the chosen shape, not the choice
// of shape (README.md, "Incremental"), so where the shape is wrong the coverage shows it.
//
//   node scripts/bench/incremental-coverage.js [--seeds N] [--journeys N] [--bootstrap N] [scenario ...]
//
// Defaults: the ten scenarios and the log-odds probes, 5 seeds × 100,000 journeys, 100 replicates.
'use strict';
const { optionNumber } = require('../lib/bench-options');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'core', 'dist');
const { SCENARIOS } = require(join(dist, 'simulation', 'scenarios.js'));
const { PROBE_SCENARIOS } = require(join(dist, 'simulation', 'probeScenarios.js'));
const { simulateJourneys } = require(join(dist, 'simulation', 'simulateJourneys.js'));
const { incrementalAttribution } = require(join(dist, 'models', 'incremental', 'index.js'));

const seeds = optionNumber('--seeds', 5);
const journeys = optionNumber('--journeys', 100_000);
const bootstrapSamples = optionNumber('--bootstrap', 100);
const named = process.argv.slice(2).filter((argument, index, all) => !argument.startsWith('--') && !all[index - 1]?.startsWith('--'));
const everything = [...SCENARIOS, ...PROBE_SCENARIOS];
const scenarios = named.length > 0 ? everything.filter((scenario) => named.includes(scenario.name)) : [...SCENARIOS, ...PROBE_SCENARIOS.filter((probe) => probe.mechanism === 'logistic')];

console.log(`95% interval coverage of the true credit, ${seeds} seeds × ${journeys.toLocaleString('en-US')} journeys, ${bootstrapSamples} bootstrap replicates`);
const started = Date.now();
for (const scenario of scenarios) {
  let covered = 0;
  let intervals = 0;
  let widest = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const simulation = simulateJourneys(scenario, journeys, seed);
    const result = incrementalAttribution(simulation.table, { bootstrapSamples, seed });
    const credited = result.conversions.reduce((sum, value) => sum + value, 0);
    const truthTotal = simulation.truth.reduce((sum, value) => sum + value, 0);
    simulation.channelNames.forEach((_name, channel) => {
      const truth = (simulation.truth[channel] / truthTotal) * credited;
      intervals++;
      if (truth >= result.conversionsLow[channel] && truth <= result.conversionsHigh[channel]) covered++;
      widest = Math.max(widest, (result.conversionsHigh[channel] - result.conversionsLow[channel]) / credited);
    });
  }
  console.log(`${scenario.name.padEnd(28)}${String(covered).padStart(3)} / ${intervals} covered (${((100 * covered) / intervals).toFixed(0)}%), widest interval ${(100 * widest).toFixed(1)}% of all conversions`);
}
console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
