import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Receives output text piece by piece. */
export type TextSink = (text: string) => void;

/** The buffer output is encoded into before each write. */
const FLUSH_BYTES = 1 << 20;

/**
 * Output encoded straight into one buffer, handed on when full: no joined string and no fresh
 * buffer per flush for files (on this project's VMs first touches of fresh memory cost about 3 ms
 * per MB; a million rows of `resolve` took 0.47 s in join-and-encode alone). Large writers can
 * copy bytes they already hold (ids, repeated row tails) with `bytes` instead of building strings.
 */
export class OutputBuffer {
  private buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;

  /** `handOn` receives each full buffer's bytes; when it `keepsBuffers`, the next bytes go to a new buffer. */
  constructor(
    private readonly handOn: (bytes: Buffer, length: number) => void,
    private readonly keepsBuffers: boolean,
  ) {}

  readonly text: TextSink = (text) => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (3 * text.length > this.buffer.length - this.used) {
      this.flush();
      if (3 * text.length > this.buffer.length) {
        const encoded = Buffer.from(text, 'utf8');
        this.handOn(encoded, encoded.length);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  };

  /** Appends bytes [start, end) of `source`. */
  bytes(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length > this.buffer.length - this.used) {
      this.flush();
      if (length > this.buffer.length) {
        this.handOn(Buffer.from(source.subarray(start, end)), length);
        return;
      }
    }
    // A whole array is copied as it is; of a part, short ones byte by byte (a call into the
    // typed-array copy costs more than a few bytes' loop) and longer ones through a view (one
    // allocation: a million 80-byte rows took 55 ms through views against 15 ms whole).
    const buffer = this.buffer;
    if (start === 0 && end === source.length) {
      buffer.set(source, this.used);
      this.used += length;
    } else if (length <= 16) for (let index = start; index < end; index++) buffer[this.used++] = source[index];
    else {
      buffer.set(source.subarray(start, end), this.used);
      this.used += length;
    }
  }

  flush(): void {
    if (this.used === 0) return;
    this.handOn(this.buffer, this.used);
    if (this.keepsBuffers) this.buffer = Buffer.allocUnsafe(FLUSH_BYTES);
    this.used = 0;
  }
}

/**
 * Writes a command's output to `file` atomically (a temporary file in the same folder, fsynced,
 * then renamed over the target), or to stdout when no file is given. If `produce` throws, the
 * temporary file is removed and the target is untouched: never a partial output file. `produce`
 * gets the text sink and, for writers that copy bytes, the output buffer behind it.
 */
export function writeOutput(file: string | undefined, produce: (sink: TextSink, output: OutputBuffer) => void): void {
  if (!file) {
    // Collect everything first so that a failure mid-way prints nothing partial either.
    const pieces: Buffer[] = [];
    const output = new OutputBuffer((bytes, length) => pieces.push(length === bytes.length ? bytes : bytes.subarray(0, length)), true);
    produce(output.text, output);
    output.flush();
    for (const piece of pieces) writeAllBytes(1, piece, piece.length);
    return;
  }
  // node:crypto loads only when a file is written (some 3-15 ms that a run printing to stdout need not pay).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const temporary = join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const descriptor = openSync(temporary, 'w');
  let committed = false;
  try {
    const output = new OutputBuffer((bytes, length) => writeAllBytes(descriptor, bytes, length), false);
    produce(output.text, output);
    output.flush();
    fsyncSync(descriptor);
    closeSync(descriptor);
    renameSync(temporary, file);
    committed = true;
  } finally {
    if (!committed) {
      try {
        closeSync(descriptor);
      } catch {
        /* already closed */
      }
      try {
        unlinkSync(temporary);
      } catch {
        /* never created or already gone */
      }
    }
  }
}

function writeAllBytes(descriptor: number, buffer: Buffer, length: number): void {
  let offset = 0;
  while (offset < length) {
    try {
      offset += writeSync(descriptor, buffer, offset, length - offset);
    } catch (error) {
      // A non-blocking stdout pipe answers EAGAIN when the reader is slow: retry.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** RFC 4180 field quoting. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (/[",\r\n]/.test(text) || (text.length > 0 && (text[0] === ' ' || text[text.length - 1] === ' '))) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(values: Array<string | number | boolean | null | undefined>): string {
  return values.map(csvField).join(',') + '\n';
}

/** Rounds for output: shares to 12 decimals, money to 6; keeps integers and removes float noise. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A plain text table with right-aligned numeric columns. */
export function renderTable(headers: string[], rows: string[][], numericColumns: ReadonlySet<number>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (numericColumns.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

const groupedNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export function formatMoney(value: number): string {
  return groupedNumber.format(Math.round(value));
}
