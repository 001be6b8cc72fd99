import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../dataset/inputError';
import { pathCount } from '../../models/data-driven/pathTable';
import { parsePathsText, readPathsFile } from '../readPathsFile';

function pathsOf(text: string): Record<string, [number, number, number]> {
  const { table } = parsePathsText(text, 'paths.csv');
  const result: Record<string, [number, number, number]> = {};
  for (let path = 0; path < pathCount(table); path++) {
    const names = Array.from(table.pathStates.subarray(table.pathOffsets[path], table.pathOffsets[path + 1]), (state) => table.stateNames[state]);
    result[names.join('>')] = [table.conversions[path], table.values[path], table.nulls[path]];
  }
  return result;
}

function errorOf(text: string): InputError {
  try {
    parsePathsText(text, 'paths.csv');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readPathsFile', () => {
  it('reads comma-separated unique paths with value and nulls', () => {
    expect(pathsOf('path,total_conversions,total_conversion_value,total_null\nA > B,2,150.5,3\nB,0,0,4\n')).toEqual({ 'A>B': [2, 150.5, 3], B: [0, 0, 4] });
  });

  it('reads semicolon-separated rows, quoted fields, CRLF and a BOM', () => {
    const text = '\uFEFFpath;total_conversions;total_null\r\n"A; the sequel > B";1;0\r\nB;0;2\r\n';
    expect(pathsOf(text)).toEqual({ 'A; the sequel>B': [1, 0, 0], B: [0, 0, 2] });
  });

  it('aggregates one row per journey; without total_null a row with no conversion is one non-converting journey', () => {
    expect(pathsOf('path,total_conversions\nA > B,1\nA>B,1\nA > B,0\n C ,0\n')).toEqual({ 'A>B': [2, 0, 1], C: [0, 0, 1] });
  });

  it('rejects an empty path with its line', () => {
    expect(errorOf('path,total_conversions\nA,1\n,2\n').message).toBe('paths.csv, line 3, column "path": empty path');
    expect(errorOf('path,total_conversions\nA >  > B,1\n').message).toMatch(/^paths\.csv, line 2, column "path": empty state in path/);
  });

  it('rejects an unknown separator with its line', () => {
    expect(errorOf('path\ttotal_conversions\nA\t1\n').message).toMatch(/^paths\.csv, line 1: unknown separator/);
  });

  it('rejects negative or non-numeric counts with line and column', () => {
    expect(errorOf('path,total_conversions,total_null\nA,1,0\nB,-2,0\n').message).toBe('paths.csv, line 3, column "total_conversions": expected a non-negative number, found "-2"');
    expect(errorOf('path;total_conversions;total_null\nA;1;x\n').message).toBe(
      'paths.csv, line 2, column "total_null": expected a non-negative number (a decimal point or comma), found "x"',
    );
    expect(errorOf('path,total_conversions\nA,0x10\n').message).toMatch(/line 2, column "total_conversions": expected a non-negative number, found "0x10"/);
    expect(errorOf('path,total_conversions\nA,Infinity\n').message).toMatch(/found "Infinity"/);
    // In a comma-separated file a quoted "1,5" could be 15 with a thousands separator: refused.
    expect(errorOf('path,total_conversions\nA,"1,5"\n').message).toMatch(/found "1,5"/);
  });

  it('reads decimal commas in semicolon-separated files (R write.csv2, European Excel)', () => {
    expect(pathsOf('path;total_conversions;total_conversion_value;total_null\nA > B;1,5;1234,56;2\nB;0;,5;3\n')).toEqual({ 'A>B': [1.5, 1234.56, 2], B: [0, 0.5, 3] });
    expect(errorOf('path;total_conversions\nA;1.234,5\n').message).toMatch(/found "1\.234,5"/);
  });

  it('rejects missing columns, short rows and files without rows', () => {
    expect(errorOf('path,conversions\nA,1\n').message).toMatch(/^paths\.csv, line 1: missing column total_conversions/);
    expect(errorOf('path,total_conversions,total_null\nA,1\n').message).toMatch(/^paths\.csv, line 2: expected 3 fields/);
    expect(errorOf('path,total_conversions\n').message).toMatch(/no path rows/);
    expect(errorOf('').message).toMatch(/empty/);
  });

  it('reads a file and names it in errors', () => {
    const folder = mkdtempSync(join(tmpdir(), 'paths-test-'));
    try {
      const file = join(folder, 'paths.csv');
      writeFileSync(file, 'path,total_conversions\nA > B,1\n');
      expect(readPathsFile(file).rows).toBe(1);
      expect(() => readPathsFile(join(folder, 'missing.csv'))).toThrow(/missing\.csv: cannot read the file/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads a pipe (no size to split by) whole', () => {
    const folder = mkdtempSync(join(tmpdir(), 'paths-fifo-'));
    try {
      const fifo = join(folder, 'paths.fifo');
      execFileSync('mkfifo', [fifo]);
      // Another process writes while this one reads (opening a pipe waits for both ends).
      const writer = spawn('sh', ['-c', `printf 'path,total_conversions,total_null\\nA > B,2,1\\nB,1,3\\n' > "${fifo}"`]);
      const file = readPathsFile(fifo);
      writer.kill();
      expect(file.rows).toBe(2);
      expect(Array.from(file.table.conversions)).toEqual([2, 1]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
