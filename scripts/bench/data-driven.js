#!/usr/bin/env node
// Speed of the data-driven models on ChannelAttribution-format paths files, one process per task
// (reading the file included), with peak memory. Each task runs BENCH_RUNS times (default 3); the
// fastest wall time is shown with the median, and the process's CPU time (steadier on a shared
// machine). The Markov orders 1-3 on 8 channels also run as the command itself
// (`attribution paths --input FILE --model markov --order K`), the figure the speed goal is about. Inputs are generated into a temporary folder:
// 1,000,000 journeys, one row per journey (the heaviest layout), ≈4.5 M touches over 8, 20 or 50
// channels. Figures: wall time of the whole process (node start, read, parse, fit, output), the
// in-process read+fit time and the peak resident memory.
'use strict';
const { mkdtempSync, mkdirSync, existsSync, readFileSync, openSync, writeSync, closeSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const dist = join(__dirname, '..', '..', 'core', 'dist');

if (process.argv[2] === '--task') {
  // Worker: one task, then a JSON line with its figures.
  const [, , , file, model, order, extra] = process.argv;
  const started = performance.now();
  const { readPathsFile } = require(join(dist, 'paths', 'readPathsFile.js'));
  const { attributePaths } = require(join(dist, 'paths', 'pathAttribution.js'));
  const { dataDrivenSettings } = require(join(dist, 'models', 'data-driven', 'settings.js'));
  const { renderPathCredits } = require(join(dist, 'cli', 'commands', 'paths.js'));
  const paths = readPathsFile(file);
  const read = performance.now();
  const settings = dataDrivenSettings({ dataDriven: { order: Number(order), ...(extra ? JSON.parse(extra) : {}) } });
  const rows = attributePaths(paths.table, model, settings);
  const output = renderPathCredits(rows, 'csv');
  const done = performance.now();
  process.stdout.write(
    JSON.stringify({
      rows: paths.rows,
      uniquePaths: paths.table.conversions.length,
      touches: null,
      readSeconds: (read - started) / 1000,
      fitSeconds: (done - read) / 1000,
      sinceProcessStartSeconds: done / 1000,
      peakMegabytes: process.resourceUsage().maxRSS / 1024,
      // CPU time of the whole process (user + system): less disturbed than wall time when other
      // processes share the machine.
      cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      outputRows: rows.length,
      firstRow: output.split('\n')[1],
    }) + '\n',
  );
  return;
}

// A seeded generator (mulberry32) so every run benchmarks the same files.
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `journeys` per-journey rows over `channels` channels; path length 1 + Poisson(3.5). */
function writePathsFile(file, journeys, channels, seed) {
  const random = createRandom(seed);
  const names = Array.from({ length: channels }, (_, index) => `channel_${String(index + 1).padStart(2, '0')}`);
  // Skewed channel popularity and per-channel lift, so paths repeat as in real data.
  const popularity = names.map((_, index) => 1 / (index + 1));
  const cumulative = [];
  popularity.reduce((sum, weight, index) => (cumulative[index] = sum + weight), 0);
  const totalWeight = cumulative[cumulative.length - 1];
  const lift = names.map((_, index) => 0.05 + 0.25 * ((index * 7) % channels) / channels);
  const descriptor = openSync(file, 'w');
  let buffer = 'path,total_conversions,total_conversion_value,total_null\n';
  let touches = 0;
  for (let journey = 0; journey < journeys; journey++) {
    let length = 1;
    for (let product = random(), limit = Math.exp(-3.5); product > limit; product *= random()) length++;
    let logOdds = -3;
    const states = [];
    for (let position = 0; position < length; position++) {
      const draw = random() * totalWeight;
      let channel = 0;
      while (cumulative[channel] < draw) channel++;
      states.push(names[channel]);
      logOdds += lift[channel];
    }
    touches += length;
    const converted = random() < 1 / (1 + Math.exp(-logOdds)) ? 1 : 0;
    buffer += `${states.join(' > ')},${converted},${converted ? 100 + Math.floor(random() * 900) : 0},${1 - converted}\n`;
    if (buffer.length > 1 << 20) {
      writeSync(descriptor, buffer);
      buffer = '';
    }
  }
  writeSync(descriptor, buffer);
  closeSync(descriptor);
  return touches;
}

/** Touches in a kept paths file (steps of every path). */
function countTouches(file) {
  let touches = 0;
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) if (line) touches += line.split(',')[0].split('>').length;
  return touches;
}

// BENCH_TASKS=markov (comma-separated words) runs only the tasks whose label holds one of them.
const taskFilter = process.env.BENCH_TASKS ? process.env.BENCH_TASKS.split(',') : undefined;

// BENCH_RUNS=N runs each task N times (default 3): the best and the median are shown.
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor((values.length - 1) / 2)];

function runTask(label, file, model, order, extra) {
  if (taskFilter && !taskFilter.some((word) => label.includes(word))) return undefined;
  const results = [];
  for (let attempt = 0; attempt < runs; attempt++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [__filename, '--task', file, model, String(order), extra ? JSON.stringify(extra) : ''], { encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      throw new Error(`${label} failed`);
    }
    results.push({ wall, ...JSON.parse(child.stdout.trim().split('\n').pop()) });
  }
  const best = results.reduce((left, right) => (right.wall < left.wall ? right : left));
  console.log(
    `${label.padEnd(38)} process wall ${best.wall.toFixed(2)} s (median of ${runs} ${median(results.map((r) => r.wall)).toFixed(2)} s), cpu ${Math.min(...results.map((r) => r.cpuSeconds)).toFixed(2)} s | in-process read ${best.readSeconds.toFixed(2)} s + fit ${best.fitSeconds.toFixed(2)} s | peak ${Math.max(...results.map((r) => r.peakMegabytes)).toFixed(0)} MB`,
  );
  return best;
}

/**
 * The command itself, as a user runs it: `attribution paths --input FILE --model markov --order K`
 * (node start, CLI, read, fit, output to a pipe), whole-process wall time and peak memory.
 */
function runCommand(label, file, order) {
  if (taskFilter && !taskFilter.some((word) => label.includes(word))) return undefined;
  const bin = join(__dirname, '..', '..', 'core', 'bin', 'attribution.js');
  const walls = [];
  let peak = 0;
  for (let attempt = 0; attempt < runs; attempt++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [bin, 'paths', '--input', file, '--model', 'markov', '--order', String(order)], {
      encoding: 'utf8',
      env: { ...process.env, ATTRIBUTION_REPORT_RESOURCES: '1' },
    });
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      throw new Error(`${label} failed`);
    }
    const reported = /peak_rss_mb=([\d.]+)/.exec(child.stderr);
    if (reported) peak = Math.max(peak, Number(reported[1]));
  }
  console.log(`${label.padEnd(38)} process wall ${Math.min(...walls).toFixed(2)} s (median of ${runs} ${median(walls).toFixed(2)} s) | peak ${peak.toFixed(0)} MB`);
  return walls;
}

// BENCH_INPUT_DIR=DIR keeps the generated files there (and reuses them when present), for
// repeated runs while working on the models; by default they go to a temporary folder.
const keptFolder = process.env.BENCH_INPUT_DIR;
if (keptFolder) mkdirSync(keptFolder, { recursive: true });
const folder = keptFolder ?? mkdtempSync(join(tmpdir(), 'bench-data-driven-'));
const { hostSpeedLine } = require('../lib/host-speed');
console.log(hostSpeedLine('before'));
try {
  const journeys = Number(process.env.BENCH_JOURNEYS ?? 1_000_000);
  const inputs = {};
  for (const channels of [8, 20, 50]) {
    const file = join(folder, `paths-${channels}.csv`);
    const touches = keptFolder && existsSync(file) ? countTouches(file) : writePathsFile(file, journeys, channels, 42 + channels);
    inputs[channels] = file;
    console.log(`input: ${journeys.toLocaleString('en-US')} journeys (one row each), ${touches.toLocaleString('en-US')} touches, ${channels} channels, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  }
  const eight = inputs[8];
  runCommand('attribution paths markov order 1, 8 ch', eight, 1);
  runCommand('attribution paths markov order 2, 8 ch', eight, 2);
  runCommand('attribution paths markov order 3, 8 ch', eight, 3);
  runTask('markov order 1, 8 channels', eight, 'markov', 1);
  runTask('markov order 2, 8 channels', eight, 'markov', 2);
  runTask('markov order 3, 8 channels', eight, 'markov', 3);
  runTask('markov order 4, 8 channels', eight, 'markov', 4);
  runTask('incremental + 100 bootstrap CIs, 8 ch', eight, 'incremental', 1, { bootstrapSamples: 100 });
  runTask('markov order 3, 50 channels', inputs[50], 'markov', 3);
  runTask('incremental + 100 bootstrap CIs, 20 ch', inputs[20], 'incremental', 1, { bootstrapSamples: 100 });
  runTask('incremental + 100 bootstrap CIs, 50 ch', inputs[50], 'incremental', 1, { bootstrapSamples: 100 });
  runTask('exact shapley, 20 states', inputs[20], 'shapley', 1);
} finally {
  if (!keptFolder) rmSync(folder, { recursive: true, force: true });
}
console.log(hostSpeedLine('after'));

