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

  it('writes byte pieces (parts of larger arrays) between text pieces exactly, across buffer boundaries', () => {
    const text = fc.oneof(
      { weight: 10, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
      { weight: 1, arbitrary: fc.integer({ min: 200_000, max: 1_200_000 }).map((count) => 'é'.repeat(count)) },
    );
    const bytes = fc
      .tuple(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 1_500_000 }))
      .map(([content, from, to, padding]) => {
        // A long array sometimes: a piece larger than the whole buffer.
        const array = padding > 1_300_000 ? new Uint8Array(padding).fill(0x41) : content;
        const start = array.length === 0 ? 0 : from % array.length;
        const end = start + (array.length === 0 ? 0 : to % (array.length - start + 1));
        return { array, start, end };
      });
    const piece = fc.oneof(
      text.map((value) => ({ text: value })),
      bytes,
    );
    const file = join(directory, 'bytes.bin');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        writeOutput(file, (write, output) => {
          for (const part of pieces) {
            if ('text' in part) write(part.text);
            else output.bytes(part.array, part.start, part.end);
          }
        });
        const expected = Buffer.concat(
          pieces.map((part) => ('text' in part ? Buffer.from(part.text, 'utf8') : Buffer.from(part.array.subarray(part.start, part.end)))),
        );
        expect(readFileSync(file).equals(expected)).toBe(true);
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
