import { closeSync, openSync, readSync } from 'node:fs';

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
