#!/usr/bin/env node
// Share accuracy of the data-driven models against known causal lift (core/src/simulation):
// for each scenario, 20 seeds × 100,000 simulated journeys (--quick: 5 seeds × 20,000; or
// --seeds N --journeys N; --models incremental,linear to run only those; name scenarios to run
// only those), the
// per-scenario mean and worst share accuracy 1 − ½ Σ|ŝ − s| of each model. `--probes`: the probe
// scenarios instead (core/src/simulation/probeScenarios.ts: shapes outside the ten, not tuned
// against, not part of the goal).
'use strict';
const { optionNumber } = require('./lib/bench-options');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'core', 'dist');
const { SCENARIOS } = require(join(dist, 'simulation', 'scenarios.js'));
const { PROBE_SCENARIOS } = require(join(dist, 'simulation', 'probeScenarios.js'));
const { simulateJourneys } = require(join(dist, 'simulation', 'simulateJourneys.js'));
const { shareAccuracy } = require(join(dist, 'simulation', 'shareAccuracy.js'));
const { incrementalAttribution } = require(join(dist, 'models', 'incremental', 'index.js'));
const { markovAttribution } = require(join(dist, 'models', 'markov', 'index.js'));
const { shapleyAttribution } = require(join(dist, 'models', 'shapley', 'index.js'));
const { pathTableCredits } = require(join(dist, 'paths', 'ruleBasedPathCredits.js'));

const quick = process.argv.includes('--quick');
const seeds = optionNumber('--seeds', quick ? 5 : 20);
const journeys = optionNumber('--journeys', quick ? 20_000 : 100_000);
const only = process.argv.slice(2).filter((argument, index, all) => !argument.startsWith('--') && !['--seeds', '--journeys', '--models'].includes(all[index - 1]));
const modelsIndex = process.argv.indexOf('--models');
const modelFilter = modelsIndex > 0 ? process.argv[modelsIndex + 1].split(',') : undefined;

const allModels = {
  incremental: (table, seed) => incrementalAttribution(table, { bootstrapSamples: 0, seed }).conversions,
  'markov-1': (table) => markovAttribution(table, { order: 1, keepRepeats: false }).conversions,
  shapley: (table, seed) => shapleyAttribution(table, { shapleyPermutations: 2000, seed }).conversions,
  'last-touch': (table) => pathTableCredits(table, 'last-touch').conversions,
  linear: (table) => pathTableCredits(table, 'linear').conversions,
};
const models = Object.fromEntries(Object.entries(allModels).filter(([name]) => !modelFilter || modelFilter.includes(name)));

const probes = process.argv.includes('--probes');
const scenarios = probes ? PROBE_SCENARIOS : SCENARIOS;
console.log(`share accuracy${probes ? ' on the probe scenarios (not part of the goal)' : ''}, ${seeds} seeds × ${journeys.toLocaleString('en-US')} journeys per scenario (mean / worst)`);
const header = ['scenario', ...Object.keys(models)];
console.log(header.map((cell, index) => (index === 0 ? cell.padEnd(26) : cell.padStart(16))).join(''));
const started = Date.now();
let incrementalWorst = { score: 1, where: '' };
for (const scenario of scenarios) {
  if (only.length > 0 && !only.includes(scenario.name)) continue;
  const scores = Object.fromEntries(Object.keys(models).map((name) => [name, []]));
  for (let seed = 1; seed <= seeds; seed++) {
    const simulation = simulateJourneys(scenario, journeys, seed);
    for (const [name, run] of Object.entries(models)) scores[name].push(shareAccuracy(run(simulation.table, seed), simulation.truth));
  }
  const cells = Object.keys(models).map((name) => {
    const values = scores[name];
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const worst = Math.min(...values);
    if (name === 'incremental' && worst < incrementalWorst.score) incrementalWorst = { score: worst, where: `${scenario.name}, seed ${values.indexOf(worst) + 1}` };
    return `${mean.toFixed(3)} / ${worst.toFixed(3)}`.padStart(16);
  });
  console.log(scenario.name.padEnd(26) + cells.join(''));
}
const elapsed = `${((Date.now() - started) / 1000).toFixed(1)} s`;
if (models.incremental)
  console.log(`incremental worst over all ${probes ? 'probes' : 'scenarios'} and seeds: ${incrementalWorst.score.toFixed(3)} (${incrementalWorst.where})${probes ? '' : ' (goal ≥ 0.900)'}; ${elapsed}`);
else console.log(elapsed);
