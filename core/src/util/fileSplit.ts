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

/** Windows sampled by estimatedLines, and the bytes read at each. */
const LINE_SAMPLE_WINDOWS = 16;
const LINE_SAMPLE_BYTES = 32 * 1024;
/** Room estimatedLines adds over its estimate: rows vary in length along a file. */
const LINE_ESTIMATE_MARGIN = 1.08;

/**
 * About how many lines bytes [start, end) of a file hold, from the line feeds in evenly spaced
 * windows (all of the range when it is small), with a margin over: to size a reader's arrays once.
 * A fixed bytes-per-row guess undercounted the second part of a simulated file (118 bytes a row
 * there, 168 in the first part), and growing a million-row table's columns at the end of the read
 * cost 120 ms of copying and fresh pages.
 */
export function estimatedLines(file: string, start: number, end: number): number {
  const length = end - start;
  if (length <= 0) return 0;
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch {
    return 0;
  }
  try {
    const buffer = Buffer.allocUnsafe(LINE_SAMPLE_BYTES);
    const countLineFeeds = (bytesRead: number): number => {
      let lineFeeds = 0;
      for (let index = 0; index < bytesRead; index++) if (buffer[index] === 10) lineFeeds++;
      return lineFeeds;
    };
    if (length <= LINE_SAMPLE_WINDOWS * LINE_SAMPLE_BYTES) {
      // A small range: counted exactly (a last line without its line feed counts too).
      let lineFeeds = 0;
      for (let position = start; position < end; position += LINE_SAMPLE_BYTES)
        lineFeeds += countLineFeeds(readSync(descriptor, buffer, 0, Math.min(LINE_SAMPLE_BYTES, end - position), position));
      return lineFeeds + 1;
    }
    const stride = (length - LINE_SAMPLE_BYTES) / (LINE_SAMPLE_WINDOWS - 1);
    let sampled = 0;
    let lineFeeds = 0;
    for (let window = 0; window < LINE_SAMPLE_WINDOWS; window++) {
      const bytesRead = readSync(descriptor, buffer, 0, LINE_SAMPLE_BYTES, start + Math.floor(window * stride));
      lineFeeds += countLineFeeds(bytesRead);
      sampled += bytesRead;
    }
    if (sampled === 0) return 0;
    return Math.ceil((Math.max(lineFeeds, 1) / sampled) * length * LINE_ESTIMATE_MARGIN);
  } catch {
    return 0;
  } finally {
    closeSync(descriptor);
  }
}
