import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PathTable } from '../data-driven/pathTable';
import type { DataDrivenSettings } from '../data-driven/settings';
import { startSyncWorker } from '../../util/syncWorker';
import type { IncrementalAttribution } from '.';
import type { BackgroundStart } from './fitHelperProtocol';
import { worthAHelper, type FitHelperOptions } from './fitHelper';
import { trace } from '../../util/trace';

/** What the background worker answers: the attribution, or why it failed. */
export type BackgroundAnswer = { readonly attribution: IncrementalAttribution } | { readonly failure: string };

/** A fit takes seconds on the largest inputs measured; past this the fit is done on the main thread instead. */
const PATIENCE_MS = 600_000;

/**
 * The incremental fit (without intervals, as per-deal credit needs) on another thread, for
 * `compare --models all`: the main thread meanwhile fits and credits the other models. Deterministic
 * in the table and the seed, so the answer is the one the main thread would compute.
 */
export function incrementalInBackground(
  table: PathTable,
  settings: DataDrivenSettings,
  options: FitHelperOptions = {},
): (() => IncrementalAttribution | undefined) | undefined {
  const workerScript = options.workerScript ?? join(__dirname, 'backgroundFitWorker.js');
  if (!worthAHelper(table, options) || !existsSync(workerScript)) return undefined;
  const worker = startSyncWorker<BackgroundStart, BackgroundAnswer>(workerScript, { table, seed: settings.seed });
  let answer: BackgroundAnswer | undefined;
  let waited = false;
  return () => {
    if (!waited) {
      waited = true;
      trace('incremental: waiting for the background fit');
      answer = worker.wait(PATIENCE_MS);
      trace('incremental: background fit received');
      worker.cancel();
      if (answer === undefined || 'failure' in answer) {
        const reason = answer === undefined ? `no answer within ${PATIENCE_MS / 1000} s` : answer.failure.split('\n')[0];
        process.emitWarning(`incremental model: the background fit failed (${reason}); fitting on the main thread`);
      }
    }
    return answer && 'attribution' in answer ? answer.attribution : undefined;
  };
}
