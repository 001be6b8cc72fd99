import { InputError } from '../src/dataset/inputError';

/** A text's UTF-8 bytes split at the given cut points (as a file reader's chunks would split them). */
export function chunksOf(text: string, cuts: number[] = []): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** The InputError `read` throws (a test failure when it throws nothing, or something else). */
export function inputErrorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
