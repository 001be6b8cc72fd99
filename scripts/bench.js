#!/usr/bin/env node
// Runs every benchmark in scripts/bench/ (or those named on the command line) one after another,
// each in its own process so that peak-memory figures are per benchmark.
'use strict';
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const folder = join(__dirname, 'bench');
const wanted = process.argv.slice(2);
const scripts = readdirSync(folder)
  .filter((name) => name.endsWith('.js'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();
let failed = 0;
for (const name of scripts) {
  process.stdout.write(`\n=== ${name}\n`);
  const result = spawnSync(process.execPath, ['--max-old-space-size=4096', '--expose-gc', join(folder, name)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
