/**
 * `attribution paths` end to end through the real bin (needs `tsc -b` first, as `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', '..', 'bin', 'attribution.js');

describe('attribution paths', () => {
  let folder: string;
  beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'paths-cli-'))));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function run(content: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const file = join(folder, `input-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, content);
    const result = spawnSync(process.execPath, [BIN, 'paths', '--input', file, ...args], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const SMALL = 'path;total_conversions;total_null;total_conversion_value\nA > B;1;1;10\nA;0;2;0\nB > A > B;2;0;30\n';

  it('prints markov credits per state (hand values in markov.test.ts)', () => {
    const result = run(SMALL, '--model', 'markov');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('state,conversions,value\nB,1.8,24\nA,1.2,16\n');
  });

  it('reads standard input (--input -) and names it in errors', () => {
    const piped = spawnSync(process.execPath, [BIN, 'paths', '--input', '-', '--model', 'markov'], { encoding: 'utf8', input: SMALL });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(run(SMALL, '--model', 'markov').stdout);
    const bad = spawnSync(process.execPath, [BIN, 'paths', '--input', '-', '--model', 'markov'], {
      encoding: 'utf8',
      input: 'path,total_conversions\nA,-1\n',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('standard input, line 2');
  });

  it('adds confidence intervals for incremental and positions for ordered shapley', () => {
    const incremental = run(SMALL, '--model', 'incremental', '--bootstrap', '20', '--format', 'json');
    expect(incremental.status).toBe(0);
    const rows = JSON.parse(incremental.stdout) as Array<Record<string, number | string>>;
    expect(Object.keys(rows[0])).toEqual(['state', 'conversions', 'value', 'ci_low', 'ci_high']);
    const ordered = run(SMALL, '--model', 'shapley', '--ordered');
    expect(ordered.stdout.split('\n')[0]).toBe('state,position,conversions,value');
  });

  it('rejects bad input with exit code 2 and the line', () => {
    const negative = run('path,total_conversions\nA,1\nB,-1\n', '--model', 'markov');
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/line 3, column "total_conversions"/);
    expect(negative.stdout).toBe('');
    expect(run('path,total_conversions\n,1\n', '--model', 'markov').stderr).toMatch(/line 2, column "path": empty path/);
    expect(run('path|total_conversions\nA|1\n', '--model', 'markov').stderr).toMatch(/line 1: unknown separator/);
    expect(run(SMALL, '--model', 'markov', '--order', '5').status).toBe(2);
    expect(run(SMALL, '--model', 'nope').status).toBe(2);
  });
});
