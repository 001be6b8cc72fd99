import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathCount, type PathTable } from '../data-driven/pathTable';
import { SpareSession, startSyncSession, type SyncSession } from '../../util/syncWorker';
import type { ChainJob, FormAnswer, ParallelFits, StrengthFit } from './crossValidation';
import type { ExposurePatterns } from './exposurePatterns';
import type { Fold } from './foldSteps';
import type { FormKey } from './formCandidates';
import { MAXIMUM_STATES_FOR_PAIRS } from './patternFeatures';
import type { HelperAnswer, HelperRequest } from './fitHelperProtocol';
import { trace } from '../../util/trace';

/**
 * Below this many distinct paths the fit is quick enough that a second thread's start (about
 * 50-100 ms to load the model in a worker and rebuild the patterns) would not pay for itself.
 */
export const PARALLEL_FROM_PATHS = 50_000;
/**
 * Nor above this many states: the design has no pair terms there (patternFeatures), and the
 * helper's own copy of the patterns, folds and designs grows with the many distinct exposure
 * patterns of a large state space (measured: +207 MB at 50 states and 621,174 paths, past the
 * 500 MB the paths benchmark allows) for a fit that is then mostly the main thread's bootstrap.
 */
export const PARALLEL_UP_TO_STATES = MAXIMUM_STATES_FOR_PAIRS;
/**
 * How long to wait for one answer before doing the job here instead. A job is a few seconds at
 * most on the largest inputs measured; this bounds the wait if the helper died without answering.
 */
const PATIENCE_MS = 120_000;

export interface FitHelperOptions {
  /** Use a helper from this many distinct paths (default PARALLEL_FROM_PATHS); Infinity: never. */
  readonly parallelFromPaths?: number;
  /** Use a helper up to this many states (default PARALLEL_UP_TO_STATES). */
  readonly parallelUpToStates?: number;
  /** The compiled worker script (default: fitHelperWorker.js beside this file). */
  readonly workerScript?: string;
}

const DEFAULT_SCRIPT = join(__dirname, 'fitHelperWorker.js');

/** A helper thread booted ahead of need in this thread (prestartFitHelper), for the next FitHelper.start. */
const spareHelper = new SpareSession<HelperRequest, HelperAnswer>();

/**
 * Boots a helper thread now, while this thread does other work (loading the model's modules in a
 * new thread takes tens of milliseconds), for the next FitHelper.start to take; stopped there
 * when the table turns out too small for one.
 */
export function prestartFitHelper(workerScript = DEFAULT_SCRIPT): void {
  spareHelper.boot(workerScript);
}

/** Whether a second thread pays for itself on this table (see PARALLEL_FROM_PATHS, PARALLEL_UP_TO_STATES). */
export function worthAHelper(table: PathTable, options: FitHelperOptions = {}): boolean {
  return (
    pathCount(table) >= (options.parallelFromPaths ?? PARALLEL_FROM_PATHS) &&
    table.stateNames.length <= (options.parallelUpToStates ?? PARALLEL_UP_TO_STATES) &&
    availableParallelism() >= 2
  );
}

/**
 * A second thread for the incremental fit (fitHelperWorker.ts): given this thread's exposure
 * patterns and folds, it builds the same candidate designs, then does the jobs it is given while
 * this thread does others. Every job is deterministic in its inputs, so the answers are the ones this thread would compute; a job the
 * helper fails (or never answers) is done here instead, and the helper is not asked again.
 */
export class FitHelper implements ParallelFits {
  private asked = 0;
  private taken = 0;
  private readonly answers = new Map<number, HelperAnswer>();
  private broken = false;

  private constructor(
    private readonly session: SyncSession<HelperRequest, HelperAnswer>,
    private readonly seed: number,
  ) {}

  /**
   * A helper for this table, or undefined when the table is small, the machine has one core or the
   * script is missing. Started before the patterns exist (or taken from prestartFitHelper), so the
   * thread boots meanwhile; give it the patterns with setUp before any job.
   */
  static start(table: PathTable, seed: number, options: FitHelperOptions = {}): FitHelper | undefined {
    const script = options.workerScript ?? DEFAULT_SCRIPT;
    const booted = spareHelper.take(script);
    if (!worthAHelper(table, options) || !existsSync(script)) {
      booted?.cancel();
      return undefined;
    }
    return new FitHelper(booted ?? startSyncSession<null, HelperRequest, HelperAnswer>(script, null), seed);
  }

  /**
   * Sends the exposure patterns and folds (copied: a few MB) the helper builds its candidate
   * designs from; not waited for here (its answer is taken before the first job's, answers coming
   * in order).
   */
  setUp(patterns: ExposurePatterns, folds: readonly Fold[]): void {
    this.job({ kind: 'setup', patterns, folds, seed: this.seed });
  }

  chooseForm(candidate: number): () => FormAnswer | undefined {
    const wait = this.job({ kind: 'form', candidate });
    return () => {
      const answer = wait();
      return answer?.kind === 'form' ? answer.answer : undefined;
    };
  }

  fitChain(job: ChainJob): () => StrengthFit[] | undefined {
    const wait = this.job({ kind: 'chain', job });
    return () => {
      const answer = wait();
      return answer?.kind === 'chain' ? answer.fits : undefined;
    };
  }

  /** The Shapley shares of patterns from..to under the design `key` names (laid out from stateOffsets[from]). */
  shares(key: FormKey, coefficients: Float64Array, from: number, to: number): () => Float64Array | undefined {
    const wait = this.job({ kind: 'shares', key, coefficients, from, to });
    return () => {
      const answer = wait();
      return answer?.kind === 'shares' ? answer.shares : undefined;
    };
  }

  /** Stops the helper thread. */
  close(): void {
    this.session.cancel();
  }

  private job(request: HelperRequest): () => HelperAnswer | undefined {
    if (this.broken) return () => undefined;
    this.session.ask(request);
    const sequence = this.asked++;
    return () => this.answerTo(sequence);
  }

  /** Answers come in the order asked: earlier ones not yet taken are kept for their callers. */
  private answerTo(sequence: number): HelperAnswer | undefined {
    if (this.taken <= sequence) trace(`incremental: waiting for the helper's answer ${sequence}`);
    while (!this.broken && this.taken <= sequence) {
      const answer = this.session.next(PATIENCE_MS);
      if (answer === undefined || answer.kind === 'failure') {
        // Not silent: a failing helper is a defect to fix, even though the answers stay the same.
        const reason = answer === undefined ? `no answer within ${PATIENCE_MS / 1000} s` : answer.detail.split('\n')[0];
        process.emitWarning(`incremental model: the helper thread failed (${reason}); its work is done on the main thread`);
        this.broken = true;
        this.session.cancel();
        break;
      }
      this.answers.set(this.taken++, answer);
    }
    const answer = this.answers.get(sequence);
    this.answers.delete(sequence);
    return answer;
  }
}
