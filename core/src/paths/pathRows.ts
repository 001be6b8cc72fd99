import { closeSync, openSync, readSync } from 'node:fs';
import type { PathTableBuilder } from '../models/data-driven/pathTable';
import { readingFile } from '../util/fileSplit';
import type { PathsLayout } from './readPathsFile';
import { PathRowReader, ROW_BATCH, RowBatch } from './pathRowReader';

export type ByteBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const DIGIT_ZERO = 48;
const DECIMAL_POINT = 46;
const COMMA = 44;
const SEMICOLON = 59;
/** Four line feeds: a word holds one when (word ^ this) has a zero byte. */
const LINE_FEED_WORD = 0x0a0a0a0a;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

const SKIP = 0;
const PATH = 1;
const CONVERSIONS = 2;
const VALUE = 3;
const NULLS = 4;

/**
 * Parses the rows in bytes[from, to) (whole lines) into `builder`; `lineBefore` is the line number
 * of the line before `from`. Identical paths are aggregated. Returns the rows read and the last line.
 *
 * Two readers of a line, one result. The plain one takes the lines of the common form: no quote,
 * no blank line, no space around a count, whole-number counts, exactly the header's fields. It
 * finds the path field with a native search for the separator, hashes it a 32-bit word at a time
 * (checking each word for a line feed: a line short of fields), and reads the counts digit by
 * digit, all in one loop over locals. Any other line (and any line it doubts) goes to the general
 * reader, which splits quoted fields, reads any number form and raises the errors, naming the
 * line. Both look paths up by the raw bytes of the path field and decode a path's states once,
 * when first seen, so paths and states are numbered in order of first appearance either way.
 * A property test holds the two readers to the same tables and errors.
 */
export function parsePathRows(
  bytes: ByteBuffer,
  from: number,
  to: number,
  layout: PathsLayout,
  builder: PathTableBuilder,
  file: string,
  lineBefore: number,
  options: { readonly generalOnly?: boolean } = {},
): { rows: number; lastLine: number } {
  const reader = new PathRowReader(layout, builder, file, Math.max(1 << 16, expectedPaths(to - from)));
  reader.setInput(bytes, to);
  const read = scanRows(reader, bytes, from, to, layout, lineBefore, options.generalOnly === true);
  reader.keys.addTotalsTo(builder);
  return read;
}

/** The bytes a file is read in (a line longer than this gets a larger buffer). */
const CHUNK_BYTES = 1 << 20;

/**
 * parsePathRows over the bytes [start, end) of a file (whole lines), read a chunk at a time into one
 * buffer: on a machine where first touching fresh memory is slow (about 3 ms per MB on this
 * project's virtual machines) holding a 60 MB file whole cost more than parsing half of it, and
 * peak memory drops by the file's size. Each chunk ends at a line break; the line it cuts moves to
 * the front of the buffer for the next read. Same table, rows, line numbers and errors as reading
 * the range whole (a property test holds them to it at any chunk size).
 */
export function parsePathRange(
  file: string,
  start: number,
  end: number,
  layout: PathsLayout,
  builder: PathTableBuilder,
  lineBefore: number,
  options: { readonly chunkBytes?: number; readonly generalOnly?: boolean } = {},
): { rows: number; lastLine: number } {
  const reader = new PathRowReader(layout, builder, file, Math.max(1 << 16, expectedPaths(end - start)));
  const generalOnly = options.generalOnly === true;
  let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(options.chunkBytes ?? CHUNK_BYTES, end - start))) as ByteBuffer;
  let rows = 0;
  let line = lineBefore;
  let held = 0;
  let position = start;
  const descriptor = readingFile(file, () => openSync(file, 'r'));
  try {
    while (position < end || held > 0) {
      if (held === buffer.length) {
        // A line longer than the buffer: double it.
        const larger = Buffer.allocUnsafe(2 * buffer.length) as ByteBuffer;
        buffer.copy(larger, 0, 0, held);
        buffer = larger;
      }
      const wanted = Math.min(buffer.length - held, end - position);
      const got = wanted > 0 ? readingFile(file, () => readSync(descriptor, buffer, held, wanted, position)) : 0;
      position += got;
      const filled = held + got;
      const atEnd = position >= end || got === 0;
      // Whole lines only, but for the range's last line.
      const to = atEnd ? filled : buffer.lastIndexOf(LINE_FEED, filled - 1) + 1;
      if (to === 0) {
        held = filled;
        continue;
      }
      reader.setInput(buffer, to);
      const read = scanRows(reader, buffer, 0, to, layout, line, generalOnly);
      rows += read.rows;
      line = read.lastLine;
      held = filled - to;
      if (held > 0) buffer.copy(buffer, 0, to, filled);
      if (atEnd && held === 0) break;
    }
  } finally {
    closeSync(descriptor);
  }
  reader.keys.addTotalsTo(builder);
  return { rows, lastLine: line };
}

/** Reads the lines in bytes[from, to) into the reader's keys (see parsePathRows); the rows read and the last line. */
function scanRows(
  reader: PathRowReader,
  bytes: ByteBuffer,
  from: number,
  to: number,
  layout: PathsLayout,
  lineBefore: number,
  generalOnly: boolean,
): { rows: number; lastLine: number } {
  const separatorByte = layout.separator.charCodeAt(0);
  const lastColumn = layout.columnCount - 1;
  const roles = new Int8Array(layout.columnCount);
  roles[layout.pathColumn] = PATH;
  roles[layout.conversionsColumn] = CONVERSIONS;
  if (layout.valueColumn >= 0) roles[layout.valueColumn] = VALUE;
  if (layout.nullColumn >= 0) roles[layout.nullColumn] = NULLS;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** The first quote at or after the current line (`to` when none): lines before it hold none. */
  let nextQuote = -1;
  const batch = new RowBatch();
  let batched = 0;
  let rows = 0;
  let line = lineBefore;
  let at = from;
  // The loop keeps its positions in locals (no closure writes them): V8 then holds them in
  // registers instead of a heap context, which matters at a million rows.
  while (at < to) {
    line++;
    const lineStart = at;
    if (nextQuote < lineStart) {
      nextQuote = bytes.indexOf(QUOTE, lineStart);
      if (nextQuote < 0 || nextQuote > to) nextQuote = to;
    }
    let plain = !generalOnly && bytes[lineStart] > 32;
    let pathStart = 0;
    let pathEnd = 0;
    let hash = 0;
    let conversions = 0;
    let value = 0;
    let nulls = -1;
    let index = lineStart;
    for (let column = 0; plain; column++) {
      const role = roles[column];
      if (role === PATH) {
        let start = index;
        let end: number;
        let fieldEnd: number;
        if (bytes[index] === QUOTE) {
          // A quoted path, as R's write.csv and writers that quote all text write every one: plain
          // when no quote is inside it and the field ends at the closing quote (a line feed inside
          // is caught by the hash loop below).
          start = index + 1;
          end = bytes.indexOf(QUOTE, start);
          if (end < 0 || end >= to) {
            plain = false;
            break;
          }
          fieldEnd = end + 1;
          const next = fieldEnd < to ? bytes[fieldEnd] : LINE_FEED;
          if (column < lastColumn ? next !== separatorByte : next !== LINE_FEED && next !== CARRIAGE_RETURN) {
            plain = false;
            break;
          }
        } else if (column < lastColumn) {
          end = bytes.indexOf(separatorByte, index);
          if (end < 0 || end > to) end = to;
          fieldEnd = end;
        } else {
          end = bytes.indexOf(LINE_FEED, index);
          if (end < 0 || end > to) end = to;
          if (end > index && bytes[end - 1] === CARRIAGE_RETURN) end--;
          // More fields than the header names: the general reader ignores the extra ones.
          const separatorAt = bytes.indexOf(separatorByte, index);
          if (separatorAt >= 0 && separatorAt < end) {
            plain = false;
            break;
          }
          fieldEnd = end;
        }
        if (start === index) {
          // Unquoted: a quote inside belongs to the general reader (an earlier quoted field's
          // quotes do not count).
          if (nextQuote < index) {
            nextQuote = bytes.indexOf(QUOTE, index);
            if (nextQuote < 0 || nextQuote > to) nextQuote = to;
          }
          if (nextQuote < end) {
            plain = false;
            break;
          }
        }
        let wordHash = FNV_OFFSET;
        let lineFeeds = 0;
        let position = start;
        for (; position + 4 <= end; position += 4) {
          const word = view.getInt32(position, true);
          const probe = word ^ LINE_FEED_WORD;
          lineFeeds |= (probe - 0x01010101) & ~probe;
          wordHash = Math.imul(wordHash ^ word, FNV_PRIME);
        }
        for (; position < end; position++) {
          const byte = bytes[position];
          if (byte === LINE_FEED) lineFeeds = -1;
          wordHash = Math.imul(wordHash ^ byte, FNV_PRIME);
        }
        if ((lineFeeds & 0x80808080) !== 0) {
          plain = false;
          break;
        }
        pathStart = start;
        pathEnd = end;
        hash = wordHash ^ (wordHash >>> 16);
        index = fieldEnd;
      } else if (role === SKIP) {
        if (bytes[index] === QUOTE) {
          // A quoted field the paths do not use (R's row names): skipped to its closing quote.
          const close = bytes.indexOf(QUOTE, index + 1);
          const lineFeed = bytes.indexOf(LINE_FEED, index);
          if (close < 0 || close >= to || (lineFeed >= 0 && lineFeed < close) || (close + 1 < to && bytes[close + 1] === QUOTE)) {
            plain = false;
            break;
          }
          index = close + 1;
        } else {
          while (index < to) {
            const byte = bytes[index];
            if (byte === separatorByte || byte === LINE_FEED || byte === CARRIAGE_RETURN || byte === QUOTE) break;
            index++;
          }
        }
      } else {
        // Writers that quote every field (Python's QUOTE_ALL) quote the counts too: "12".
        const quoted = bytes[index] === QUOTE;
        if (quoted) index++;
        const digitsStart = index;
        let number = 0;
        while (index < to) {
          const digit = bytes[index] - DIGIT_ZERO;
          if (digit < 0 || digit > 9) break;
          number = number * 10 + digit;
          index++;
        }
        let digitCount = index - digitsStart;
        const mark = index < to ? bytes[index] : -1;
        // A `;` file may write a decimal comma (R's write.csv2, European Excel): then at least one digit follows it.
        const decimalComma =
          mark === COMMA && separatorByte === SEMICOLON && index + 1 < to && bytes[index + 1] - DIGIT_ZERO >= 0 && bytes[index + 1] - DIGIT_ZERO <= 9;
        if (digitCount > 0 && (mark === DECIMAL_POINT || decimalComma)) {
          // A decimal (values in money: 1234.56). With at most 15 digits in all, the digits as one
          // whole number and 10^decimals are exact, so their quotient is the correctly rounded
          // value, the one Number() gives the general reader.
          index++;
          let scale = 1;
          while (index < to) {
            const digit = bytes[index] - DIGIT_ZERO;
            if (digit < 0 || digit > 9) break;
            number = number * 10 + digit;
            scale *= 10;
            digitCount++;
            index++;
          }
          number /= scale;
        }
        // Up to 15 digits are exact in a double (as byteNumber reads them).
        if (digitCount === 0 || digitCount > 15 || (quoted && (index >= to || bytes[index++] !== QUOTE))) {
          plain = false;
          break;
        }
        if (role === CONVERSIONS) conversions = number;
        else if (role === VALUE) value = number;
        else nulls = number;
      }
      if (column < lastColumn) {
        if (index < to && bytes[index] === separatorByte) {
          index++;
          continue;
        }
        plain = false;
        break;
      }
      // After the last column: the line's end (LF, CR LF, or the end of the part).
      if (index < to && bytes[index] === CARRIAGE_RETURN) index++;
      if (index >= to) at = to;
      else if (bytes[index] === LINE_FEED) at = index + 1;
      else plain = false;
      break;
    }
    if (!plain) {
      let lineEnd = bytes.indexOf(LINE_FEED, lineStart);
      if (lineEnd < 0 || lineEnd > to) lineEnd = to;
      at = lineEnd + 1;
      // Rows keep their order: the batch goes first.
      if (batched > 0) batched = reader.addBatch(batch, batched);
      if (reader.generalLine(lineStart, lineEnd, line)) rows++;
      continue;
    }
    batch.pathStarts[batched] = pathStart;
    batch.pathEnds[batched] = pathEnd;
    batch.hashes[batched] = hash;
    batch.lines[batched] = line;
    batch.conversions[batched] = conversions;
    batch.values[batched] = value;
    batch.nulls[batched] = nulls < 0 ? (conversions === 0 ? 1 : 0) : nulls;
    if (++batched === ROW_BATCH) batched = reader.addBatch(batch, batched);
    rows++;
  }
  if (batched > 0) reader.addBatch(batch, batched);
  return { rows, lastLine: line };
}

/**
 * A guess at the distinct paths in `bytes` of a paths file, to size the tables: a row is rarely
 * under 40 bytes, and per-journey files repeat their paths (a million journeys held 206,000
 * distinct paths in the benchmark); aggregated files outgrow the guess and the tables grow.
 */
export function expectedPaths(bytes: number): number {
  return Math.min(1 << 22, Math.max(1024, Math.round(bytes / 200)));
}
