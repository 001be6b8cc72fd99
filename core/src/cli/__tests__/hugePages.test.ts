import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hugePageEnvironment, inputBytes } from '../hugePages';

const linux = { platform: 'linux' as const, hugePagesOn: true };

describe('hugePageEnvironment', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'pa-huge-'));
    writeFileSync(join(folder, 'touchpoints.csv'), 'x'.repeat(600));
    writeFileSync(join(folder, 'contacts.csv'), 'x'.repeat(400));
    writeFileSync(join(folder, 'notes.txt'), 'x'.repeat(5000));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('counts the CSV files of --data and the files other input options name, in either option form', () => {
    expect(inputBytes(['resolve', '--data', folder])).toBe(1000);
    expect(inputBytes(['paths', `--input=${join(folder, 'contacts.csv')}`, '--model', 'markov'])).toBe(400);
    expect(inputBytes(['compare', '--data', folder, '--touchpoints', join(folder, 'touchpoints.csv')])).toBe(1600);
    // What cannot be read counts nothing: the command reports it.
    expect(inputBytes(['resolve', '--data', join(folder, 'missing')])).toBe(0);
    expect(inputBytes(['resolve', '--data'])).toBe(0);
  });

  it('relaunches from the threshold on, with the tunable added to those already set', () => {
    expect(hugePageEnvironment(['resolve', '--data', folder], {}, linux, 1001)).toBeUndefined();
    expect(hugePageEnvironment(['resolve', '--data', folder], { PATH: '/bin' }, linux, 1000)).toEqual({
      PATH: '/bin',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
    expect(hugePageEnvironment(['resolve', '--data', folder], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, linux, 1000)?.GLIBC_TUNABLES).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
    );
  });

  it('runs in place elsewhere: another system, huge pages off, the tunable already set (no loop), or turned off', () => {
    const large = ['resolve', '--data', folder];
    expect(hugePageEnvironment(large, {}, { platform: 'darwin', hugePagesOn: true }, 1)).toBeUndefined();
    expect(hugePageEnvironment(large, {}, { platform: 'linux', hugePagesOn: false }, 1)).toBeUndefined();
    expect(hugePageEnvironment(large, { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, linux, 1)).toBeUndefined();
    expect(hugePageEnvironment(large, { ATTRIBUTION_HUGE_PAGES: '0' }, linux, 1)).toBeUndefined();
    // Forced: whatever the size.
    expect(hugePageEnvironment(['paths', '--input', '-'], { ATTRIBUTION_HUGE_PAGES: '1' }, linux)?.GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=1');
    // Only the batch commands: sync stops gracefully on Ctrl-C and waits on the network.
    expect(hugePageEnvironment(['sync', 'push', 'hubspot', '--data', folder], { ATTRIBUTION_HUGE_PAGES: '1' }, linux)).toBeUndefined();
    expect(hugePageEnvironment(['--version'], { ATTRIBUTION_HUGE_PAGES: '1' }, linux)).toBeUndefined();
  });
});

describe('the relaunched CLI', () => {
  it('ends, second start included, on a SIGTERM sent to the first start alone (a process manager stopping it)', async () => {
    // Reading a standard input that never ends: only a signal stops it.
    const parent = spawn(
      process.execPath,
      [join(__dirname, '..', '..', '..', 'bin', 'attribution.js'), 'paths', '--input', '-', '--model', 'linear'],
      {
        env: { ...process.env, ATTRIBUTION_HUGE_PAGES: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    parent.kill('SIGTERM');
    // 'close' waits for every holder of the output pipes: the second start too.
    const ended = await new Promise<string | null>((resolve) => parent.on('close', (_code, signal) => resolve(signal)));
    expect(ended).toBe('SIGTERM');
  }, 20_000);

  const bin = join(__dirname, '..', '..', '..', 'bin', 'attribution.js');
  const run = (args: string[], choice: string) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ATTRIBUTION_HUGE_PAGES: choice } });

  it('prints what a run in place prints and ends with its exit code', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-huge-cli-'));
    try {
      const paths = join(folder, 'paths.csv');
      writeFileSync(paths, 'path,total_conversions\na > b,3\nb,1\n');
      const relaunched = run(['paths', '--input', paths, '--model', 'linear'], '1');
      const inPlace = run(['paths', '--input', paths, '--model', 'linear'], '0');
      expect(relaunched.status).toBe(0);
      expect(relaunched.stdout).toBe(inPlace.stdout);
      expect(relaunched.stdout).toContain('a,1.5,0');
      writeFileSync(paths, 'path,total_conversions\na > b,-3\n');
      const bad = run(['paths', '--input', paths, '--model', 'linear'], '1');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('line 2');
      expect(bad.stderr).toBe(run(['paths', '--input', paths, '--model', 'linear'], '0').stderr);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
