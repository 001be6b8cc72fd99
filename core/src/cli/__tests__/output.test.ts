import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutput } from '../output';

describe('writeOutput to a file', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'output-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes exactly the pieces it is given, in order, whatever their sizes and characters', () => {
    // Pieces from empty to larger than the 1 MB buffer, with characters of 1 to 4 UTF-8 bytes, so
    // that buffer boundaries fall everywhere, including right before a piece that no longer fits.
    const character = fc.constantFrom('a', ',', 'é', '€', '✨', '😀', '\n');
    const piece = fc.oneof(
      { weight: 20, arbitrary: fc.array(character, { maxLength: 40 }).map((characters) => characters.join('')) },
      { weight: 1, arbitrary: fc.tuple(character, fc.integer({ min: 100_000, max: 400_000 })).map(([text, count]) => text.repeat(count)) },
    );
    const file = join(directory, 'out.csv');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        writeOutput(file, (write) => pieces.forEach((text) => write(text)));
        expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
      }),
      { numRuns: 60 },
    );
  });

  it('leaves an existing file untouched and no temporary file behind when producing fails', () => {
    const file = join(directory, 'kept.csv');
    writeFileSync(file, 'before\n');
    expect(() =>
      writeOutput(file, (write) => {
        write('x'.repeat(2_000_000));
        throw new Error('failed half way');
      }),
    ).toThrow('failed half way');
    expect(readFileSync(file, 'utf8')).toBe('before\n');
    expect(readdirSync(directory).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });
});
