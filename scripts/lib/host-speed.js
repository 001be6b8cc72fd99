'use strict';
// How fast this machine runs right now. The project's 2-core VM shares its host, and the same
// fixed CPU loop takes anywhere from about 170 to 450 ms from one minute to the next; a benchmark
// figure means little without it. Benchmarks print it before and after their runs.

/** Milliseconds a fixed loop of random-access arithmetic over an 8 MB array takes (lower is faster). */
function hostLoopMilliseconds() {
  const started = process.hrtime.bigint();
  const values = new Float64Array(1 << 20);
  let sum = 0;
  for (let round = 0; round < 60; round++) {
    for (let index = 0; index < values.length; index++) {
      values[index] = values[(index * 7919) & (values.length - 1)] * 0.5 + index;
      sum += values[index];
    }
  }
  if (!(sum > 0)) throw new Error('host speed loop: unexpected sum');
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** A line to print with benchmark figures. */
function hostSpeedLine(when) {
  return `host speed ${when}: fixed loop ${hostLoopMilliseconds().toFixed(0)} ms (about 170-230 ms when the host is quiet; figures taken above that are slower)`;
}

module.exports = { hostLoopMilliseconds, hostSpeedLine };
