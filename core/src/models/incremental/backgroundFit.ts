import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PathTable } from '../data-driven/pathTable';
import type { DataDrivenSettings } from '../data-driven/settings';
import { SpareSession, startSyncSession } from '../../util/syncWorker';
import { trace } from '../../util/trace';
import type { IncrementalAttribution } from '.';
import type { BackgroundRequest } from './fitHelperProtocol';
import { worthAHelper, type FitHelperOptions } from './fitHelper';
import { warnStatesWithoutOverlap } from './overlap';

/** What the background worker answers: the attribution, or why it failed. */
export type BackgroundAnswer = { readonly attribution: IncrementalAttribution } | { readonly failure: string };

/** A fit takes seconds on the largest inputs measured; past this the fit is done on the main thread instead. */
const PATIENCE_MS = 600_000;
const DEFAULT_SCRIPT = join(__dirname, 'backgroundFitWorker.js');

/**
 * With a worker already booted (prestartBackgroundFit: the data set is large), the fit moves to it
 * from this many distinct paths rather than the helper's PARALLEL_FROM_PATHS: its start is paid
 * already, off the critical path, and the fit runs beside the other models. A data set's paths can
 * fall under PARALLEL_FROM_PATHS while its fit still takes a second: the benchmark's 300,000
 * contacts and deals make 49,148 distinct paths once converting paths end at the deal's creation,
 * and its fit took 1.1 s on the main thread.
 */
const BOOTED_FROM_PATHS = 20_000;

/** A background worker booted ahead of need (prestartBackgroundFit), for the next incrementalInBackground. */
const spareWorker = new SpareSession<BackgroundRequest, BackgroundAnswer>();

/**
 * Boots the background worker now, while the main thread still builds journeys and paths and the
 * second core is idle: loading the model's modules in a new thread (and the helper thread it boots
 * in turn) is then off the critical path. Discarded by incrementalInBackground when the table turns
 * out too small for one (stopped there).
 */
export function prestartBackgroundFit(workerScript = DEFAULT_SCRIPT): void {
  spareWorker.boot(workerScript);
}

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
  const workerScript = options.workerScript ?? DEFAULT_SCRIPT;
  const booted = spareWorker.take(workerScript);
  const helperOptions = booted ? { ...options, parallelFromPaths: options.parallelFromPaths ?? BOOTED_FROM_PATHS } : options;
  if (!worthAHelper(table, helperOptions) || !existsSync(workerScript)) {
    booted?.cancel();
    return undefined;
  }
  const session = booted ?? startSyncSession<null, BackgroundRequest, BackgroundAnswer>(workerScript, null);
  session.ask({ table, seed: settings.seed });
  let answer: BackgroundAnswer | undefined;
  let waited = false;
  return () => {
    if (!waited) {
      waited = true;
      trace('incremental: waiting for the background fit');
      answer = session.next(PATIENCE_MS);
      trace('incremental: background fit received');
      session.cancel();
      if (answer === undefined || 'failure' in answer) {
        const reason = answer === undefined ? `no answer within ${PATIENCE_MS / 1000} s` : answer.failure.split('\n')[0];
        process.emitWarning(`incremental model: the background fit failed (${reason}); fitting on the main thread`);
      } else warnStatesWithoutOverlap(answer.attribution.statesWithoutOverlap);
    }
    return answer && 'attribution' in answer ? answer.attribution : undefined;
  };
}
