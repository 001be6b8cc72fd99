#!/usr/bin/env node
// Resolution benchmark: resolve 1,000,000 simulated touchpoints (URL and referrer parsing, tag,
// landing page, referrer and promo-code matching, and the EM inference of untagged first touches).
// Budget: ≤ 3 s and ≤ 1.5 GB. The data set is simulated in memory first (not timed).
// `--worlds`: instead, the accuracy on differently shaped simulated worlds (seeds 1-8, 5,000
// contacts each): the default world, fewer creators, slower responses, a bigger organic
// baseline, exponential instead of log-normal delays, and all of these at once.
'use strict';
if (process.argv.includes('--worlds')) {
  const { measureOnSimulation } = require('../../core/dist/scoring/simulatedAccuracy');
  const worlds = [
    ['default', {}],
    ['4-6 creators', { creators: [4, 6] }],
    ['delays x3', { delayScale: 3 }],
    ['organic x3', { organicScale: 3 }],
    ['exponential delays', { delayShape: 'exponential' }],
    ['5-7 creators, delays x2.5, organic x2.5, exponential', { creators: [5, 7], delayScale: 2.5, organicScale: 2.5, delayShape: 'exponential' }],
  ];
  const percent = (value) => `${(100 * value).toFixed(2)}%`;
  process.stdout.write('| world | touchpoints (seeds 1-8) | carried (min) | ambiguous gap to Bayes, mean (max) | organic left (min) | ECE all (max) | ECE ambiguous (max) |\n|---|---|---|---|---|---|---|\n');
  for (const [name, shape] of worlds) {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => measureOnSimulation({ seed, contacts: 5000, shape }));
    const pick = (field) => rows.map((row) => row[field]);
    const gaps = pick('gapPoints');
    process.stdout.write(
      `| ${name} | ${pick('touchpoints').reduce((sum, value) => sum + value, 0).toLocaleString('en-US')} | ${percent(Math.min(...pick('carried')))} | ${(gaps.reduce((sum, value) => sum + value, 0) / gaps.length).toFixed(2)} (${Math.max(...gaps).toFixed(2)}) | ${percent(Math.min(...pick('organicLeft')))} | ${Math.max(...pick('calibrationError')).toFixed(3)} | ${Math.max(...pick('ambiguousCalibrationError')).toFixed(3)} |\n`,
    );
  }
  process.exit(0);
}
const { simulateDataset } = require('../../core/dist/simulate/simulateDataset');
const { createDataset } = require('../../core/dist/dataset/dataset');
const { resolveDataset } = require('../../core/dist/resolution/touchpointResolver');

const targetTouchpoints = Number(process.env.BENCH_TOUCHPOINTS ?? 1_000_000);
const touchpointsPerContact = 2.53;
const simulationStart = process.hrtime.bigint();
const simulation = simulateDataset({ seed: 7, contacts: Math.round(targetTouchpoints / touchpointsPerContact) });
const dataset = createDataset(simulation.tables);
const simulatedSeconds = Number(process.hrtime.bigint() - simulationStart) / 1e9;
const distinctUrls = new Set(dataset.touchpointTable.text.url.codes).size;
process.stdout.write(
  `input: ${dataset.touchpointTable.count} touchpoints (${distinctUrls} distinct URLs), ${dataset.contacts.length} contacts, ${dataset.campaigns.length} campaigns (simulated in ${simulatedSeconds.toFixed(1)} s, not timed)\n`,
);

// Wall time depends on what else runs on the machine; CPU time (user + system of this process,
// GC threads included) is the steadier figure on a shared machine.
const rounds = [];
const cpuRounds = [];
let report;
for (let round = 0; round < 3; round++) {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = resolveDataset(dataset);
  rounds.push(Number(process.hrtime.bigint() - start) / 1e9);
  const cpu = process.cpuUsage(cpuBefore);
  cpuRounds.push((cpu.user + cpu.system) / 1e6);
  report = result.report;
}
const best = Math.min(...rounds);
process.stdout.write(
  `resolve: best ${best.toFixed(3)} s wall, runs ${rounds.map((seconds) => seconds.toFixed(3)).join(' / ')} s; CPU ${cpuRounds.map((seconds) => seconds.toFixed(3)).join(' / ')} s (budget 3 s)\n`,
);
process.stdout.write(
  `matches: ${Object.entries(report.byMatch)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ')}; inferred candidates ${report.inferred.candidates}, EM iterations ${report.inferred.iterations}\n`,
);
process.stdout.write(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (budget 1536 MB; includes the simulated input)\n`);
