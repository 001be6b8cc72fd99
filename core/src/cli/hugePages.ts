import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { optionValues } from './argvOptions';

/**
 * Large runs under glibc's huge-page malloc.
 *
 * On Linux the first touch of each fresh 4 kB page of memory costs a page fault; on this project's
 * machine about 11 µs each, a third of the time of `resolve` on a million touchpoints. With the
 * tunable `glibc.malloc.hugetlb=1` (glibc ≥ 2.35, transparent huge pages in `madvise` or `always`
 * mode) malloc, which holds the columns, text and output buffers, asks for 2 MB pages, and the
 * faults fall by a third to a half. Tunables are read once, when a process starts, so the CLI
 * starts itself again with the tunable set when its input is large. The second start costs what a
 * Node start costs (130-150 ms on this machine), so only inputs of HUGE_PAGES_FROM_BYTES or more
 * relaunch. Measured (2026-12-07, interleaved runs):
 * - the tunable set by hand: `resolve` on `simulate --contacts 400000` (1,019,292 touchpoints,
 *   136 MB of touchpoints.csv) 165,000 → 110,000 faults; `paths --model markov --order 3` on a
 *   million journeys (63 MB) 33,000 → 16,000 faults and 0.84-0.90 → 0.71-0.77 s, which a second
 *   start would eat: under the threshold;
 * - relaunched, against ATTRIBUTION_HUGE_PAGES=0, four pairs each: that `resolve` 5.15-5.44 →
 *   4.98-5.07 s; `compare` on the core benchmark's data (160 MB) 3.89-3.96 → 3.72-3.88 s.
 * Elsewhere (other C libraries, older glibc) the tunable is ignored and only the second start is
 * paid; where the kernel has huge pages off there is no relaunch.
 *
 * `ATTRIBUTION_HUGE_PAGES=0` never relaunches; `=1` relaunches whatever the input's size.
 */
export const HUGE_PAGES_FROM_BYTES = 100 * 1024 * 1024;

const TUNABLE = 'glibc.malloc.hugetlb';
/**
 * The commands that relaunch: batch reads that hold large inputs in memory, with no signal
 * handling of their own (the first start forwards SIGTERM, SIGHUP and SIGINT to the second). Sync
 * commands stop gracefully on Ctrl-C and spend their time on the network: they run in place.
 */
const RELAUNCHING_COMMANDS = new Set(['compare', 'credit', 'resolve', 'paths', 'score']);
/** Options whose value is an input file, or a folder of input files (--data). */
const INPUT_OPTIONS = ['--data', '--input', '--campaigns', '--contacts', '--touchpoints', '--deals'];
const TRANSPARENT_HUGE_PAGES = '/sys/kernel/mm/transparent_hugepage/enabled';

/** What hugePageEnvironment reads of the machine (tests set it). */
export interface MachineFacts {
  readonly platform: NodeJS.Platform;
  /** The kernel's transparent huge pages are not off. */
  readonly hugePagesOn: boolean;
}

/**
 * The environment to start the CLI again with (the tunable added), or undefined to run here: not
 * Linux, not a relaunching command, the tunable already set (this is the relaunched process, or
 * the user chose a value), turned off, huge pages off in the kernel, or input under `fromBytes`.
 */
export function hugePageEnvironment(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  machine: MachineFacts = { platform: process.platform, hugePagesOn: !hugePagesOff() },
  fromBytes = HUGE_PAGES_FROM_BYTES,
): NodeJS.ProcessEnv | undefined {
  const choice = env.ATTRIBUTION_HUGE_PAGES;
  if (machine.platform !== 'linux' || choice === '0' || (env.GLIBC_TUNABLES ?? '').includes(TUNABLE) || !RELAUNCHING_COMMANDS.has(argv[0] ?? ''))
    return undefined;
  if (choice !== '1' && (!machine.hugePagesOn || inputBytes(argv) < fromBytes)) return undefined;
  const tunables = env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${TUNABLE}=1` : `${TUNABLE}=1`;
  return { ...env, GLIBC_TUNABLES: tunables };
}

/** Bytes of the input files the arguments name (a folder: its CSV files); 0 for what cannot be read. */
export function inputBytes(argv: readonly string[]): number {
  let total = 0;
  for (const name of INPUT_OPTIONS) for (const value of optionValues(argv, name)) total += sizeOf(value);
  return total;
}

function sizeOf(path: string): number {
  try {
    const stats = statSync(path);
    if (stats.isFile()) return stats.size;
    if (!stats.isDirectory()) return 0;
    let total = 0;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) total += statSync(join(path, entry.name)).size;
    }
    return total;
  } catch {
    // The command itself reports a missing or unreadable input, with its name.
    return 0;
  }
}

/** The kernel's transparent huge pages are `[never]` (the file unreadable: not known to be off). */
function hugePagesOff(): boolean {
  try {
    return readFileSync(TRANSPARENT_HUGE_PAGES, 'utf8').includes('[never]');
  } catch {
    return false;
  }
}
