import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incrementalAttribution, type IncrementalAttribution } from '..';
import { SCENARIOS } from '../../../simulation/scenarios';
import { simulateJourneys } from '../../../simulation/simulateJourneys';
import { incrementalInBackground, prestartBackgroundFit } from '../backgroundFit';
import { FitHelper } from '../fitHelper';

// Compiled by `tsc -b` before the tests run.
const DIST = join(__dirname, '..', '..', '..', '..', 'dist');
const HELPER_SCRIPT = join(DIST, 'models', 'incremental', 'fitHelperWorker.js');
const BACKGROUND_SCRIPT = join(DIST, 'models', 'incremental', 'backgroundFitWorker.js');

function scenario(name: string) {
  const found = SCENARIOS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}

/** Every number of an attribution, to compare bit for bit. */
function numbers(result: IncrementalAttribution): number[][] {
  return [result.conversions, result.values, result.weights, result.incrementalConversions, result.conversionsLow ?? [], result.conversionsHigh ?? []].map((array) => Array.from(array));
}

/**
 * Runs `body` with a worker script that answers every request with `answer` (a failure), and with
 * process warnings captured; returns the warnings' texts.
 */
function withFailingWorker(answer: string, body: (script: string) => void): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'pa-failing-'));
  const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    const script = join(folder, 'failing.js');
    writeFileSync(script, `require(${JSON.stringify(join(DIST, 'util', 'syncWorker.js'))}).serveSyncRequests(() => ({ answer: ${answer} }));`);
    body(script);
    return warnings.mock.calls.map((call) => String(call[0]));
  } finally {
    warnings.mockRestore();
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('incremental fit on two threads', () => {
  // Targeting (two distinct baseline forms) and synergy: the helper's form (noisy-or, with a pair
  // term) wins, so its design is rebuilt here from the pair keys; every job kind runs.
  const table = simulateJourneys(scenario('all-mechanisms'), 40_000, 5).table;
  const oneThread = incrementalAttribution(table, { bootstrapSamples: 30, seed: 3, parallel: { parallelFromPaths: Infinity } });

  it('gives exactly the one-thread answer', () => {
    expect(existsSync(HELPER_SCRIPT)).toBe(true);
    const helper = FitHelper.start(table, 3, { parallelFromPaths: 0, workerScript: HELPER_SCRIPT });
    expect(helper).toBeDefined();
    helper?.close();
    const twoThreads = incrementalAttribution(table, { bootstrapSamples: 30, seed: 3, parallel: { parallelFromPaths: 0, workerScript: HELPER_SCRIPT } });
    expect(oneThread.link).toBe('noisy-or');
    expect(oneThread.pairTerms).toBeGreaterThan(0);
    expect(twoThreads.pairTerms).toBe(oneThread.pairTerms);
    expect(twoThreads.penalty).toBe(oneThread.penalty);
    expect(numbers(twoThreads)).toEqual(numbers(oneThread));
  });

  it('does the work itself, with a warning, when the helper fails', () => {
    const warnings = withFailingWorker("{ kind: 'failure', detail: 'out of room' }", (script) => {
      const result = incrementalAttribution(table, { bootstrapSamples: 30, seed: 3, parallel: { parallelFromPaths: 0, workerScript: script } });
      expect(numbers(result)).toEqual(numbers(oneThread));
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('out of room');
  });

  it('fits in the background with the answer of a fit on this thread', () => {
    expect(existsSync(BACKGROUND_SCRIPT)).toBe(true);
    const settings = { order: 1, keepRepeats: false, outcome: 'pipeline', bootstrapSamples: 0, seed: 3, shapleyPermutations: 2000 } as const;
    const wait = incrementalInBackground(table, settings, { parallelFromPaths: 0, workerScript: BACKGROUND_SCRIPT });
    expect(wait).toBeDefined();
    const here = incrementalAttribution(table, { bootstrapSamples: 0, seed: 3 });
    const background = wait!();
    expect(background).toBeDefined();
    expect(numbers(background!)).toEqual(numbers(here));
  });

  it('takes a background worker booted ahead of need, and discards it when the table is too small', () => {
    const settings = { order: 1, keepRepeats: false, outcome: 'pipeline', bootstrapSamples: 0, seed: 3, shapleyPermutations: 2000 } as const;
    prestartBackgroundFit(BACKGROUND_SCRIPT);
    const wait = incrementalInBackground(table, settings, { parallelFromPaths: 0, workerScript: BACKGROUND_SCRIPT });
    expect(numbers(wait!()!)).toEqual(numbers(incrementalAttribution(table, { bootstrapSamples: 0, seed: 3 })));
    prestartBackgroundFit(BACKGROUND_SCRIPT);
    expect(incrementalInBackground(table, settings, { parallelFromPaths: Infinity, workerScript: BACKGROUND_SCRIPT })).toBeUndefined();
  });

  it('reports a background fit that fails, so the caller fits on its own thread', () => {
    const settings = { order: 1, keepRepeats: false, outcome: 'pipeline', bootstrapSamples: 0, seed: 3, shapleyPermutations: 2000 } as const;
    const warnings = withFailingWorker("{ failure: 'RangeError: out of room' }", (script) => {
      const wait = incrementalInBackground(table, settings, { parallelFromPaths: 0, workerScript: script });
      expect(wait).toBeDefined();
      expect(wait!()).toBeUndefined();
      expect(wait!()).toBeUndefined();
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('out of room');
  });
});
