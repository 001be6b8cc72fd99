#!/usr/bin/env node
// How close the incremental model comes to a fit that knows the simulator's mechanism
// (core/src/simulation/mechanismOracle.ts: the true touch-count law and conversion law, only their
// numbers estimated by maximum likelihood). Per seed: the model's share accuracy, the oracle's σ
// and accuracy at its most likely σ, and the oracle's credits averaged over σ by likelihood. Where
// the oracle misses too, the sample itself points the wrong way; where only the model misses, the
// model's own assumptions cost accuracy. Scenarios and probes with independent hazards or log-odds
// effects, without synergy, induced touches or recency (the oracle's forms).
//
//   node scripts/bench/incremental-oracle.js [--scenarios a,b] [--seeds A-B] [--journeys N] [--spreads 0.1,0.15,...]
//
// Defaults: the four targeting scenarios, seeds 1-20, 100,000 journeys, σ from 0.1 to 1.5 by 0.05.
'use strict';
const { optionNumber, optionRange, optionText } = require('../lib/bench-options');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'core', 'dist');
const { SCENARIOS } = require(join(dist, 'simulation', 'scenarios.js'));
const { PROBE_SCENARIOS } = require(join(dist, 'simulation', 'probeScenarios.js'));
const { simulateJourneys } = require(join(dist, 'simulation', 'simulateJourneys.js'));
const { shareAccuracy } = require(join(dist, 'simulation', 'shareAccuracy.js'));
const { mechanismOracle } = require(join(dist, 'simulation', 'mechanismOracle.js'));
const { incrementalAttribution } = require(join(dist, 'models', 'incremental', 'index.js'));

const pool = [...SCENARIOS, ...PROBE_SCENARIOS];
const scenarioNames = optionText('--scenarios', 'targeting-bias,targeting-strong-channel,targeting-linear-touches,activity-and-targeting').split(',');
const [firstSeed, lastSeed] = optionRange('--seeds', '1-20');
const journeys = optionNumber('--journeys', 100_000);
const defaultSpreads = Array.from({ length: 29 }, (_, index) => (0.1 + 0.05 * index).toFixed(2)).join(',');
const spreads = optionText('--spreads', defaultSpreads).split(',').map(Number);
if (spreads.some((spread) => !Number.isFinite(spread) || spread < 0)) {
  process.stderr.write(`--spreads: expected non-negative numbers, found ${JSON.stringify(spreads)}\n`);
  process.exit(2);
}

const summary = (values) => `${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)} / ${Math.min(...values).toFixed(3)}`;
const started = Date.now();
for (const name of scenarioNames) {
  const scenario = pool.find((candidate) => candidate.name === name);
  if (!scenario) {
    process.stderr.write(`--scenarios: no scenario '${name}' (known: ${pool.map((candidate) => candidate.name).join(', ')})\n`);
    process.exit(2);
  }
  console.log(`\n${name}: ${journeys.toLocaleString('en-US')} journeys, seeds ${firstSeed}-${lastSeed}, true spread σ ${scenario.baselineSpread}`);
  const model = [];
  const oracle = [];
  const averaged = [];
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    const simulation = simulateJourneys(scenario, journeys, seed);
    const credits = incrementalAttribution(simulation.table, { bootstrapSamples: 0, seed }).conversions;
    const result = mechanismOracle(scenario, simulation.table, spreads);
    model.push(shareAccuracy(credits, simulation.truth));
    oracle.push(shareAccuracy(result.best.credits, simulation.truth));
    averaged.push(shareAccuracy(result.averagedCredits, simulation.truth));
    console.log(
      `seed ${String(seed).padStart(2)}  model ${model.at(-1).toFixed(3)}  oracle σ ${result.best.spread.toFixed(2)} ${oracle.at(-1).toFixed(3)}  oracle averaged over σ ${averaged.at(-1).toFixed(3)}`,
    );
  }
  console.log(
    `${name} (mean / worst): model ${summary(model)}; oracle at its most likely σ ${summary(oracle)}; oracle averaged over σ ${summary(averaged)}`,
  );
}
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
