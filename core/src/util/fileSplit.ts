import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../dataset/inputError';

/** The offset just after the first line feed at or after `from`, or -1. */
export function lineStartAfter(file: string, from: number, size: number): number {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (let position = from; position < size; position += buffer.length) {
      const bytesRead = readSync(descriptor, buffer, 0, buffer.length, position);
      const newline = buffer.subarray(0, bytesRead).indexOf(10);
      if (newline >= 0) return position + newline + 1 < size ? position + newline + 1 : -1;
    }
    return -1;
  } finally {
    closeSync(descriptor);
  }
}

/** `operation`'s result; a failure of the file system becomes an InputError naming the file. */
export function readingFile<T>(file: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
}

/** Bytes [start, end) of a file in one buffer; InputError naming the file when it cannot be read. */
export function readFileRange(file: string, start: number, end: number): Buffer {
  return readingFile(file, () => {
    const bytes = Buffer.allocUnsafe(end - start);
    const descriptor = openSync(file, 'r');
    try {
      let filled = 0;
      while (filled < bytes.length) {
        const read = readSync(descriptor, bytes, filled, bytes.length - filled, start + filled);
        if (read === 0) break;
        filled += read;
      }
      return filled === bytes.length ? bytes : bytes.subarray(0, filled);
    } finally {
      closeSync(descriptor);
    }
  });
}

/** A file's size in bytes, or 0 when it cannot be stat'ed (its reader then reports the file with its own message). */
export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
