#!/usr/bin/env node
'use strict';
// ATTRIBUTION_REPORT_RESOURCES=1 prints the peak resident memory on stderr at exit (benchmarks).
if (process.env.ATTRIBUTION_REPORT_RESOURCES === '1') {
  process.on('exit', () => {
    process.stderr.write(`resources: peak_rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
  });
}
require('../dist/cli/main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
