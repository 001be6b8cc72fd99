import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Receives output text piece by piece. */
export type TextSink = (text: string) => void;

const FLUSH_CHARACTERS = 1 << 20;

/**
 * Writes a command's output to `file` atomically (a temporary file in the same folder, fsynced,
 * then renamed over the target), or to stdout when no file is given. If `produce` throws, the
 * temporary file is removed and the target is untouched: never a partial output file.
 */
export function writeOutput(file: string | undefined, produce: (sink: TextSink) => void): void {
  let pending: string[] = [];
  let pendingLength = 0;
  if (!file) {
    // Collect everything first so that a failure mid-way prints nothing partial either.
    const pieces: string[] = [];
    produce((text) => pieces.push(text));
    const text = pieces.join('');
    writeAllToDescriptor(1, text);
    return;
  }
  // node:crypto loads only when a file is written (some 3-15 ms that a run printing to stdout need not pay).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const temporary = join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const descriptor = openSync(temporary, 'w');
  let committed = false;
  try {
    const flush = (): void => {
      if (pendingLength === 0) return;
      writeAllToDescriptor(descriptor, pending.join(''));
      pending = [];
      pendingLength = 0;
    };
    produce((text) => {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= FLUSH_CHARACTERS) flush();
    });
    flush();
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

function writeAllToDescriptor(descriptor: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(descriptor, buffer, offset, buffer.length - offset);
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
