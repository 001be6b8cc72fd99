#!/usr/bin/env node
// Foundation benchmark (issue 2): on generated data of ~1,000,000 touchpoints, 200,000 contacts and
// 100,000 deals: reading + validating the CSVs, building journeys + running all eleven rule-based
// models, and `attribution compare --models all` end to end (wall time and peak memory).
// Sizes: BENCH_CONTACTS (default 200000). Data is cached in the OS temp folder between runs.
'use strict';
const { existsSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { writeSyntheticDataset } = require('../lib/synthetic-dataset');
const { hostSpeedLine } = require('../lib/host-speed');
const core = require('../../core/dist');

const contacts = Number(process.env.BENCH_CONTACTS ?? 200_000);
const folder = join(tmpdir(), `pa-bench-core-${contacts}`);
if (!existsSync(join(folder, 'deals.csv'))) {
  const started = performance.now();
  writeSyntheticDataset(folder, { contacts, touchpointsPerContact: 5, dealsPerContact: 0.5, seed: 42 });
  console.log(`generated ${folder} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const rulesFile = join(folder, 'rules.json');
writeFileSync(rulesFile, JSON.stringify({ slots: { firstTouch: 0.3, leadCreation: 0.3, dealCreation: 0.3 }, middle: 0.1, channelMultipliers: { influencer: 1.5 }, touchTypeMultipliers: { meeting: 2 } }));

function best(runs, task) {
  let fastest = Infinity;
  let result;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = task();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return { milliseconds: fastest, result };
}

console.log(hostSpeedLine('before'));
// The first read in a fresh process is what a CLI run pays (code not yet optimised, every page of
// memory touched for the first time); later reads in the same process are faster.
const freshReads = [];
for (let attempt = 0; attempt < 3; attempt++) {
  const child = spawnSync(process.execPath, ['-e', `
    const core = require(${JSON.stringify(join(__dirname, '..', '..', 'core', 'dist'))});
    const files = core.datasetFiles(${JSON.stringify(folder)});
    const started = process.hrtime.bigint();
    core.readDataset(files);
    process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));`], { encoding: 'utf8' });
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  freshReads.push(Number(child.stdout));
}
const read = best(3, () => core.readDataset(core.datasetFiles(folder)));
const dataset = read.result;
const touchpointRows = dataset.touchpointIndexes.length;
const perMillion = (milliseconds) => (milliseconds / 1000 / (touchpointRows / 1e6)).toFixed(3);
freshReads.sort((a, b) => a - b);
console.log(`input: ${touchpointRows.toLocaleString('en-US')} touchpoint rows, ${dataset.contactTable.count.toLocaleString('en-US')} contacts, ${dataset.dealTable.count.toLocaleString('en-US')} deals, ${dataset.campaigns.length} campaigns`);
console.log(`read and validate the four CSVs, first read in a fresh process: best ${(freshReads[0] / 1000).toFixed(3)} s, median ${(freshReads[1] / 1000).toFixed(3)} s (${perMillion(freshReads[0])} / ${perMillion(freshReads[1])} s per million touchpoint rows; target <= 1.0)`);
console.log(`read and validate the four CSVs, best of 3 in one process: ${(read.milliseconds / 1000).toFixed(3)} s (${perMillion(read.milliseconds)} s per million touchpoint rows)`);

const resolveStarted = performance.now();
const resolutions = core.defaultResolver().resolve(dataset);
console.log(`resolve ${dataset.touchpointTable.count.toLocaleString('en-US')} touchpoints (${core.defaultResolver().name}): ${((performance.now() - resolveStarted) / 1000).toFixed(3)} s`);
const settings = { asOf: Date.parse('2026-11-01T00:00:00Z'), lookbackDays: 365, halfLifeDays: 7, customRules: core.parseCustomRules(require(rulesFile)) };
const models = core.RULE_BASED_MODELS;
const run = best(3, () => {
  const prepared = core.prepareModels(dataset, resolutions, models, settings);
  let credited = 0;
  let touches = 0;
  for (const entry of prepared) core.forEachCredit(entry, (_journey, _position, _touch, _share, credit) => { credited += credit; touches++; });
  return { credited, touches, journeys: prepared[0].journeys.length };
});
console.log(`build journeys and run all ${models.length} rule-based models: ${(run.milliseconds / 1000).toFixed(3)} s (${run.result.journeys.toLocaleString('en-US')} journeys, ${run.result.touches.toLocaleString('en-US')} credited (deal, touch, model) rows; target <= 1.5)`);

const ruleBasedNames = models.map((model) => model.name).join(',');
for (const [label, modelList] of [[`the ${models.length} rule-based models`, ruleBasedNames], ['all (rule-based and data-driven)', 'all']]) {
const endToEnd = [];
let peak = 0;
for (let attempt = 0; attempt < 3; attempt++) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(__dirname, '..', '..', 'core', 'bin', 'attribution.js'), 'compare', '--data', folder, '--models', modelList, '--rules', rulesFile, '--as-of', '2026-11-01', '--format', 'csv'], {
    env: { ...process.env, ATTRIBUTION_REPORT_RESOURCES: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  endToEnd.push(performance.now() - started);
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  peak = Math.max(peak, Number(/peak_rss_mb=([\d.]+)/.exec(child.stderr)?.[1] ?? 0));
}
console.log(`attribution compare, ${label}, end to end: best ${(Math.min(...endToEnd) / 1000).toFixed(2)} s, median ${(endToEnd.sort((a, b) => a - b)[1] / 1000).toFixed(2)} s wall (target <= 4), peak memory ${peak.toFixed(0)} MB (target <= 1536)`);
}
console.log(hostSpeedLine('after'));
