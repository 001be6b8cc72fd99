#!/usr/bin/env node
'use strict';
const argv = process.argv.slice(2);

// Large inputs run in a second start under glibc's huge-page malloc (cli/hugePages.ts: a page
// fault per 2 MB instead of per 4 kB). This process then only waits and passes on how it ended.
const hugePageEnvironment = require('../dist/cli/hugePages').hugePageEnvironment(argv, process.env);
if (hugePageEnvironment) {
  const run = require('node:child_process').spawnSync(process.execPath, [...process.execArgv, __filename, ...argv], {
    stdio: 'inherit',
    env: hugePageEnvironment,
  });
  if (run.error === undefined) {
    if (run.signal) process.kill(process.pid, run.signal);
    process.exitCode = run.status ?? 1;
    return;
  }
  // Could not start again (out of processes, say): run here, as without the tunable.
}

// ATTRIBUTION_REPORT_RESOURCES=1 prints the peak resident memory on stderr at exit (benchmarks).
if (process.env.ATTRIBUTION_REPORT_RESOURCES === '1') {
  process.on('exit', () => {
    process.stderr.write(`resources: peak_rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
  });
}
require('../dist/cli/main')
  .main(argv)
  .then((code) => {
    process.exitCode = code;
  });
