import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Compiled by `tsc -b` before the tests run.
const TRACE = join(__dirname, '..', '..', '..', 'dist', 'util', 'trace.js');
const script = `
const { Worker } = require('node:worker_threads');
const { trace } = require(${JSON.stringify(TRACE)});
trace('before the worker');
const worker = new Worker(\`require(\${JSON.stringify(${JSON.stringify(TRACE)})}).trace('in the worker')\`, { eval: true });
worker.on('exit', () => trace('after the worker'));
`;

describe('trace', () => {
  it('writes nothing unless ATTRIBUTION_TRACE=1', () => {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ATTRIBUTION_TRACE: '' } });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('writes one line per label, with the time since the process started, the thread and the page faults so far', () => {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ATTRIBUTION_TRACE: '1' } });
    expect(run.status).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => /^\[trace +(\d+) ms (main|thread \d+), (\d+) page faults\] (.*)$/.exec(line));
    expect(parsed.map((match) => match?.[4])).toEqual(['before the worker', 'in the worker', 'after the worker']);
    // The process's faults only grow.
    const faults = parsed.map((match) => Number(match?.[3]));
    expect(faults[0]).toBeGreaterThan(0);
    expect(faults[2]).toBeGreaterThanOrEqual(faults[0]);
    expect(parsed.map((match) => match?.[2])).toEqual(['main', expect.stringMatching(/^thread \d+$/), 'main']);
    const times = parsed.map((match) => Number(match?.[1]));
    // One clock across threads: the worker's line falls between the main thread's two.
    expect(times[0]).toBeLessThanOrEqual(times[1]);
    expect(times[1]).toBeLessThanOrEqual(times[2]);
  });
});
