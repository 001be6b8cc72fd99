import type { SyncProgress, SyncRunSummary } from './syncEngine';

/**
 * Progress of a long run on stderr, only when stderr is a terminal (records done and total, rate,
 * time left), redrawn at most every 200 ms; nothing when piped, so logs stay clean.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((progress: SyncProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let lastDrawn = 0;
  return (progress) => {
    const now = Date.now();
    if (now - lastDrawn < 200 && progress.done < progress.total) return;
    lastDrawn = now;
    const seconds = Math.max(0.001, progress.elapsedMs / 1000);
    const rate = progress.done / seconds;
    const left = rate > 0 ? (progress.total - progress.done) / rate : 0;
    stream.write(
      `\r${progress.kind}: ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} · ${Math.round(rate).toLocaleString('en-US')}/s · ${Math.ceil(left)} s left   `,
    );
    if (progress.done >= progress.total) stream.write('\n');
  };
}

/** The one-line summary printed at the end of every run. */
export function summaryLine(summary: SyncRunSummary): string {
  const seconds = summary.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.written / seconds) : summary.written;
  return (
    `${summary.crm} ${summary.mode}: ${summary.status} — written ${summary.written}, failed ${summary.failed}, skipped ${summary.skipped}, ` +
    `pending ${summary.pending}; ${rate} records/s; ${summary.apiCalls} API calls (${summary.rateLimited} rate-limited); lag ${(summary.lagMs / 1000).toFixed(1)} s; ${summary.budget}`
  );
}
