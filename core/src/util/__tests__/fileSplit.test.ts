import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimatedLines } from '../fileSplit';

describe('estimatedLines', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'file-split-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('counts a small range exactly, with a last line that has no line feed', () => {
    const file = join(directory, 'small.csv');
    writeFileSync(file, 'a,b\n1,2\n3,4\n5,6');
    expect(estimatedLines(file, 0, 15)).toBe(4);
    // From the start of the second line to the end: three lines.
    expect(estimatedLines(file, 4, 15)).toBe(3);
    expect(estimatedLines(file, 15, 15)).toBe(0);
    expect(estimatedLines(join(directory, 'missing.csv'), 0, 100)).toBe(0);
  });

  it('estimates a large range with rows that change length along the file at or a little above the true count', () => {
    // Long rows first, short rows after (as in a simulated export): a fixed bytes-per-row guess
    // fits neither part; the sampled windows see both.
    const longRows = Array.from({ length: 40_000 }, (_, index) => `tp-${index},${'x'.repeat(150 + (index % 40))}`);
    const shortRows = Array.from({ length: 90_000 }, (_, index) => `tp-${40_000 + index},${'y'.repeat(60 + (index % 50))}`);
    const file = join(directory, 'large.csv');
    const text = [...longRows, ...shortRows].join('\n') + '\n';
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    const whole = estimatedLines(file, 0, size);
    expect(whole).toBeGreaterThanOrEqual(130_000);
    expect(whole).toBeLessThan(130_000 * 1.2);
    const secondPartStart = Buffer.byteLength(longRows.join('\n') + '\n');
    const secondPart = estimatedLines(file, secondPartStart, size);
    expect(secondPart).toBeGreaterThanOrEqual(90_000);
    expect(secondPart).toBeLessThan(90_000 * 1.2);
  });
});
