import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpareSession, startSyncSession, startSyncWorker } from '../syncWorker';

// Compiled by `tsc -b` before the tests run (as the readers' worker scripts are).
const SYNC_WORKER = join(__dirname, '..', '..', '..', 'dist', 'util', 'syncWorker.js');

describe('syncWorker', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'pa-sync-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const file = join(folder, name);
    writeFileSync(file, `const sync = require(${JSON.stringify(SYNC_WORKER)});\n${body}`);
    return file;
  }

  it('waits synchronously for a single answer built from the start request', () => {
    const worker = startSyncWorker<{ numbers: number[] }, number>(
      script('sum.js', 'sync.answerSyncCaller(sync.syncWorkerRequest().numbers.reduce((a, b) => a + b, 0));'),
      { numbers: [1, 2, 3, 4] },
    );
    expect(worker.wait(20_000)).toBe(10);
    worker.cancel();
  });

  it('holds a conversation: answers come in the order asked, each taken when wanted', () => {
    const session = startSyncSession<{ base: number }, { add: number; delayMs: number }, number>(
      script(
        'add.js',
        `const { base } = sync.syncWorkerRequest();
         sync.serveSyncRequests(({ add, delayMs }) => { const until = Date.now() + delayMs; while (Date.now() < until); return { answer: base + add }; });`,
      ),
      { base: 100 },
    );
    session.ask({ add: 1, delayMs: 30 });
    session.ask({ add: 2, delayMs: 0 });
    expect(session.next(20_000)).toBe(101);
    session.ask({ add: 3, delayMs: 0 });
    expect(session.next(20_000)).toBe(102);
    expect(session.next(20_000)).toBe(103);
    session.cancel();
    session.cancel();
  });

  it('gives up after its patience when the worker never answers', () => {
    const session = startSyncSession<null, number, number>(script('silent.js', 'sync.serveSyncRequests(() => ({ answer: 1 }));'), null);
    const started = Date.now();
    expect(session.next(300)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    session.cancel();
  });

  it('hands a session booted ahead of need to the caller of the same script, once', () => {
    const echo = script('echo.js', 'sync.serveSyncRequests((request) => ({ answer: request * 2 }));');
    const spare = new SpareSession<number, number>();
    spare.boot(echo);
    const booted = spare.take(echo);
    expect(booted).toBeDefined();
    booted!.ask(21);
    expect(booted!.next(20_000)).toBe(42);
    booted!.cancel();
    expect(spare.take(echo)).toBeUndefined();
    // Booted for one script and asked for another: none is handed over.
    spare.boot(echo);
    expect(spare.take(join(folder, 'other.js'))).toBeUndefined();
    expect(spare.take(echo)).toBeUndefined();
  });
});
