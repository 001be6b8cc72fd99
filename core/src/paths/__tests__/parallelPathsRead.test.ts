import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../dataset/inputError';
import { readPathsFile } from '../readPathsFile';
import { plainPathTable } from '../../models/data-driven/__tests__/pathFixtures';

// The worker runs compiled code: `npm test` builds (tsc -b) before jest runs.
const WORKER_SCRIPT = join(__dirname, '..', '..', '..', 'dist', 'paths', 'pathRowsWorker.js');

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'pa-paths-split-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Both readers on the same text: the table (or the error) of a one-thread read and of a split read. */
function readBoth(text: string): { split: unknown; single: unknown } {
  const file = join(folder, `paths-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, text);
  const outcome = (options: Parameters<typeof readPathsFile>[1]): unknown => {
    try {
      const { table, rows, separator, hasValue, hasNull } = readPathsFile(file, options);
      return {
        rows,
        separator,
        hasValue,
        hasNull,
        ...plainPathTable(table),
      };
    } catch (error) {
      if (error instanceof InputError) return { error: error.message };
      throw error;
    }
  };
  return { split: outcome({ parallelFromBytes: 0, workerScript: WORKER_SCRIPT }), single: outcome({ parallelFromBytes: Infinity }) };
}

describe('readPathsFile split over two threads', () => {
  test('the worker script is built', () => {
    expect(existsSync(WORKER_SCRIPT)).toBe(true);
  });

  test('builds the table a one-thread read builds: states and paths in order of first appearance, totals summed', () => {
    const state = fc.constantFrom('email', 'paid search', 'maya.codes', 'webinar', 'Ünïcode', 'a;b', 'x,y');
    const row = fc.record({
      path: fc.array(state, { minLength: 1, maxLength: 4 }),
      conversions: fc.nat({ max: 5 }),
      value: fc.nat({ max: 1000 }),
      nulls: fc.nat({ max: 5 }),
      blankBefore: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n'), (rows, separator, newline) => {
        const quote = (text: string): string => (text.includes(separator) || text.includes('"') ? `"${text.replace(/"/g, '""')}"` : text);
        const lines = [`path${separator}total_conversions${separator}total_conversion_value${separator}total_null`];
        for (const { path, conversions, value, nulls, blankBefore } of rows) {
          if (blankBefore) lines.push('');
          lines.push([quote(path.join(' > ')), conversions, value / 4, nulls].join(separator));
        }
        const { split, single } = readBoth(lines.join(newline) + newline);
        expect(split).toEqual(single);
      }),
      { numRuns: 60 },
    );
  });

  test.each([
    ['a negative count in the second half', (lines: string[]) => (lines[180] = 'email > webinar,-1,0,3'), /line 181.*expected a non-negative number/],
    ['an empty path in the second half', (lines: string[]) => (lines[150] = ' ,1,10,0'), /line 151.*empty path/],
    ['errors in both halves: the first wins', (lines: string[]) => ((lines[20] = 'email,x,0,0'), (lines[190] = ',1,0,0')), /line 21.*expected a non-negative number/],
    ['too few fields in the second half', (lines: string[]) => (lines[199] = 'email'), /line 200.*expected 4 fields/],
  ])('reports %s at the same line as one thread', (_name, damage, expected) => {
    const lines = ['path,total_conversions,total_conversion_value,total_null'];
    for (let index = 1; index <= 200; index++) lines.push(`${['email', 'webinar', 'paid search'][index % 3]} > maya.codes,${index % 2},${index},${index % 3}`);
    damage(lines);
    const { split, single } = readBoth(lines.join('\n') + '\n');
    expect((single as { error: string }).error).toMatch(expected);
    expect(split).toEqual(single);
  });

  test('a second half with only blank lines, and a file with no rows at all', () => {
    const header = 'path,total_conversions\n';
    const rows = readBoth(header + 'email > webinar,1\n'.repeat(50) + '\n'.repeat(2000));
    expect(rows.split).toEqual(rows.single);
    expect((rows.single as { rows: number }).rows).toBe(50);
    const none = readBoth(header + '\n'.repeat(500));
    expect((none.single as { error: string }).error).toMatch(/no path rows after the header/);
    expect(none.split).toEqual(none.single);
  });
});
