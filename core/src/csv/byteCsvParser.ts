/**
 * RFC 4180 CSV parsing over bytes, incremental over Buffer chunks: the one CSV engine of the product.
 *
 * Hand-written rather than csv-parse or papaparse because it is the hot path of every command (a
 * million touchpoint rows must read and validate in about a second) and because every error must name
 * the physical line where the record starts. It never decodes a whole file into one string: fields are
 * reported as byte spans, so callers decode only the cells they keep (and parse timestamps straight from
 * short slices), which keeps garbage and retained memory low.
 *
 * Quoted fields may hold commas, doubled quotes and line breaks; records end with LF or CRLF; a leading
 * UTF-8 BOM is dropped; blank lines are skipped. A quote inside an unquoted field is kept literally
 * (spreadsheets write `5" screen`).
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** The fields of one record as byte spans of `buffer`; valid only during the callback. */
export interface FieldSpans {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when the field was quoted and held doubled quotes that must be unescaped. */
  escaped: Uint8Array;
}

export type ByteRecordHandler = (buffer: Buffer, fields: FieldSpans, line: number) => void;

const QUOTE = 34;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const NEED_MORE = -1;

/** Decodes one field span to a string (unescaping doubled quotes). */
export function fieldText(buffer: Buffer, fields: FieldSpans, index: number): string {
  const start = fields.starts[index];
  const end = fields.ends[index];
  if (start === end) return '';
  const text = buffer.toString('utf8', start, end);
  return fields.escaped[index] ? text.replace(/""/g, '"') : text;
}

/** Bytes up to this (space, tab, line breaks, control characters) are trimmed from cells. */
const WHITESPACE_MAX = 32;

/** Where an unescaped field's bytes start once leading whitespace is trimmed. */
export function trimmedFieldStart(buffer: Uint8Array, fields: FieldSpans, index: number): number {
  let start = fields.starts[index];
  const end = fields.ends[index];
  while (start < end && buffer[start] <= WHITESPACE_MAX) start++;
  return start;
}

/** Where an unescaped field's bytes end once trailing whitespace is trimmed (not before `start`). */
export function trimmedFieldEnd(buffer: Uint8Array, fields: FieldSpans, index: number, start: number): number {
  let end = fields.ends[index];
  while (end > start && buffer[end - 1] <= WHITESPACE_MAX) end--;
  return end;
}

export class ByteCsvParser {
  private carry: Buffer | undefined;
  private line = 1;
  private started = false;
  private readonly fields: FieldSpans = { count: 0, starts: new Int32Array(64), ends: new Int32Array(64), escaped: new Uint8Array(64) };

  private readonly delimiter: number;

  /** `delimiter`: the field separator, one ASCII character other than a quote or line break (default `,`). */
  constructor(
    private readonly onRecord: ByteRecordHandler,
    options: { delimiter?: string } = {},
  ) {
    const delimiter = options.delimiter ?? ',';
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code >= 0x80 || code === QUOTE || code === LINE_FEED || code === CARRIAGE_RETURN) {
      throw new RangeError(`the CSV delimiter must be one ASCII character other than a quote or a line break, found ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = code;
  }

  /** Feeds the next bytes; records completed by them are emitted. */
  push(chunk: Buffer): void {
    let buffer = chunk;
    let start = 0;
    if (this.carry) {
      // Finish the record cut by the chunk boundary from a small joined head, then parse the chunk
      // in place: joining whole 8 MB chunks would copy every byte once more.
      const newline = this.started ? chunk.indexOf(LINE_FEED) : -1;
      if (newline >= 0) {
        const head = Buffer.concat([this.carry, chunk.subarray(0, newline + 1)]);
        this.carry = undefined;
        const consumed = this.parse(head, 0, false);
        if (consumed === head.length) start = newline + 1;
        else buffer = Buffer.concat([head.subarray(consumed), chunk.subarray(newline + 1)]); // a quoted field goes on
      } else {
        buffer = Buffer.concat([this.carry, chunk]);
        this.carry = undefined;
      }
    }
    if (!this.started) {
      if (buffer.length < 3 && buffer.length > 0 && buffer[0] === 0xef) {
        this.carry = Buffer.from(buffer);
        return;
      }
      if (buffer.length > 0) this.started = true;
      if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
    }
    const consumed = this.parse(buffer, start, false);
    if (consumed < buffer.length) this.carry = Buffer.from(buffer.subarray(consumed));
    buffer = undefined as unknown as Buffer;
  }

  /** Whether bytes pushed so far end inside a record (so the next byte does not start one). */
  get midRecord(): boolean {
    return this.carry !== undefined && this.carry.length > 0;
  }

  /** The line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Starts the parse mid-file: the first byte pushed begins a record on `line` (no header, no BOM).
   * For reading the second part of a file while another thread reads the first.
   */
  startAt(line: number): void {
    this.line = line;
    this.started = true;
  }

  /** Ends the input; the last record may lack a line break. */
  end(): void {
    const buffer = this.carry ?? Buffer.alloc(0);
    this.carry = undefined;
    const start = !this.started && buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    this.parse(buffer, start, true);
  }

  /** Makes room for at least `capacity` fields. */
  private reserve(capacity: number): void {
    const fields = this.fields;
    if (capacity > fields.starts.length) {
      let size = fields.starts.length;
      while (size < capacity) size *= 2;
      const starts = new Int32Array(size);
      const ends = new Int32Array(size);
      const flags = new Uint8Array(size);
      starts.set(fields.starts);
      ends.set(fields.ends);
      flags.set(fields.escaped);
      fields.starts = starts;
      fields.ends = ends;
      fields.escaped = flags;
    }
  }

  private addField(start: number, end: number, escaped: number): void {
    const fields = this.fields;
    if (fields.count === fields.starts.length) this.reserve(fields.count + 1);
    fields.starts[fields.count] = start;
    fields.ends[fields.count] = end;
    fields.escaped[fields.count] = escaped;
    fields.count++;
  }

  /** Parses whole records from buffer[start..); returns the offset after the last whole record. */
  private parse(buffer: Buffer, start: number, isLast: boolean): number {
    const length = buffer.length;
    let position = start;
    let nextQuote = buffer.indexOf(QUOTE, position);
    if (nextQuote < 0) nextQuote = length;
    while (position < length) {
      let lineEnd = buffer.indexOf(LINE_FEED, position);
      if (lineEnd < 0) {
        if (!isLast) return position;
        lineEnd = length;
      }
      if (nextQuote < position) {
        nextQuote = buffer.indexOf(QUOTE, position);
        if (nextQuote < 0) nextQuote = length;
      }
      if (nextQuote >= lineEnd) {
        // Fast path: a record with no quotes is one line split on commas.
        let contentEnd = lineEnd;
        if (contentEnd > position && buffer[contentEnd - 1] === CARRIAGE_RETURN) contentEnd--;
        if (contentEnd > position) {
          // A line of n bytes has at most n + 1 fields: reserve once, then fill without checks.
          this.reserve(contentEnd - position + 1);
          const fields = this.fields;
          const starts = fields.starts;
          const ends = fields.ends;
          const escaped = fields.escaped;
          const delimiter = this.delimiter;
          let count = 0;
          let fieldStart = position;
          for (let cursor = position; cursor < contentEnd; cursor++) {
            if (buffer[cursor] === delimiter) {
              starts[count] = fieldStart;
              ends[count] = cursor;
              escaped[count] = 0;
              count++;
              fieldStart = cursor + 1;
            }
          }
          starts[count] = fieldStart;
          ends[count] = contentEnd;
          escaped[count] = 0;
          fields.count = count + 1;
          this.onRecord(buffer, fields, this.line);
        }
        this.line++;
        position = lineEnd + 1;
        continue;
      }
      const recordEnd = this.parseQuotedRecord(buffer, position, isLast);
      if (recordEnd === NEED_MORE) return position;
      position = recordEnd;
    }
    return length;
  }

  /** The slow path for a record holding quoted fields; returns the offset after it, or NEED_MORE. */
  private parseQuotedRecord(buffer: Buffer, start: number, isLast: boolean): number {
    const length = buffer.length;
    const startLine = this.line;
    let line = this.line;
    let lineStart = start;
    let position = start;
    this.fields.count = 0;
    for (;;) {
      if (position < length && buffer[position] === QUOTE) {
        const contentStart = position + 1;
        let cursor = contentStart;
        let escaped = 0;
        for (;;) {
          const closing = buffer.indexOf(QUOTE, cursor);
          if (closing < 0) {
            if (!isLast) return NEED_MORE;
            throw new CsvSyntaxError('a quoted field is never closed (missing ")', startLine, position - lineStart + 1);
          }
          for (let newline = buffer.indexOf(LINE_FEED, cursor); newline >= 0 && newline < closing; newline = buffer.indexOf(LINE_FEED, newline + 1)) {
            line++;
            lineStart = newline + 1;
          }
          if (closing + 1 >= length && !isLast) return NEED_MORE;
          if (buffer[closing + 1] === QUOTE) {
            escaped = 1;
            cursor = closing + 2;
            continue;
          }
          this.addField(contentStart, closing, escaped);
          position = closing + 1;
          break;
        }
      } else {
        let end = position;
        while (end < length) {
          const byte = buffer[end];
          if (byte === this.delimiter || byte === LINE_FEED) break;
          end++;
        }
        if (end >= length && !isLast) return NEED_MORE;
        let fieldEnd = end;
        if (end < length && buffer[end] === LINE_FEED && fieldEnd > position && buffer[fieldEnd - 1] === CARRIAGE_RETURN) fieldEnd--;
        this.addField(position, fieldEnd, 0);
        position = end;
      }
      if (position >= length) {
        if (!isLast) return NEED_MORE;
        this.onRecord(buffer, this.fields, startLine);
        this.line = line + 1;
        return length;
      }
      const delimiter = buffer[position];
      if (delimiter === this.delimiter) {
        position++;
        if (position >= length) {
          if (!isLast) return NEED_MORE;
          this.addField(position, position, 0);
          this.onRecord(buffer, this.fields, startLine);
          this.line = line + 1;
          return length;
        }
        continue;
      }
      if (delimiter === CARRIAGE_RETURN && position + 1 >= length && !isLast) return NEED_MORE;
      if (delimiter === CARRIAGE_RETURN && buffer[position + 1] === LINE_FEED) position++;
      if (buffer[position] === LINE_FEED) {
        this.onRecord(buffer, this.fields, startLine);
        this.line = line + 1;
        return position + 1;
      }
      throw new CsvSyntaxError(
        `unexpected character ${JSON.stringify(String.fromCharCode(buffer[position]))} after a closing quote (expected ${String.fromCharCode(this.delimiter)} or a line break)`,
        line,
        position - lineStart + 1,
      );
    }
  }
}
