import { writeSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';

/**
 * Timing trace for finding where a run's time goes across its threads: with ATTRIBUTION_TRACE=1
 * in the environment, `trace(label)` writes one line to standard error: milliseconds since the
 * process started (the same clock in every thread: performance.timeOrigin is per thread), the
 * thread, the process's page faults so far, and the label. Written synchronously to the file descriptor, so a worker's lines are not
 * held up behind a busy main thread. Off (one property read) otherwise.
 */
const enabled = process.env.ATTRIBUTION_TRACE === '1';
const processStart = Date.now() - process.uptime() * 1000;

export function trace(label: string): void {
  if (!enabled) return;
  const elapsed = performance.timeOrigin + performance.now() - processStart;
  // Page faults (process-wide): where first touches of fresh memory cost time (about 3 ms per MB on this project's VMs).
  const faults = process.resourceUsage().minorPageFault;
  writeSync(2, `[trace ${elapsed.toFixed(0).padStart(6)} ms ${isMainThread ? 'main' : `thread ${threadId}`}, ${faults} page faults] ${label}\n`);
}
