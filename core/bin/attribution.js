#!/usr/bin/env node
'use strict';
const argv = process.argv.slice(2);

function runHere() {
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
}

// Large inputs run in a second start under glibc's huge-page malloc (cli/hugePages.ts: a page
// fault per 2 MB instead of per 4 kB). This process then only passes on the signals sent to it
// alone (a process manager stopping it) and ends as the second start ended.
const hugePageEnvironment = require('../dist/cli/hugePages').hugePageEnvironment(argv, process.env);
if (hugePageEnvironment) {
  const child = require('node:child_process').spawn(process.execPath, [...process.execArgv, __filename, ...argv], {
    stdio: 'inherit',
    env: hugePageEnvironment,
  });
  const forwarded = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  const forward = (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const name of forwarded) process.off(name, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
  // Could not start again (out of processes, say): run here, as without the tunable.
  child.on('error', () => {
    for (const name of forwarded) process.off(name, forward);
    runHere();
  });
} else {
  runHere();
}
