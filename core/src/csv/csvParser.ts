/**
 * RFC 4180 CSV parsing, incremental over text chunks.
 *
 * Hand-written rather than csv-parse or papaparse because it is the hot path of every command
 * (a million touchpoint rows must read and validate in under a second) and because every error
 * must name the physical line where the record starts. Quoted fields may hold commas, doubled
 * quotes and newlines; records end with LF or CRLF; a leading UTF-8 BOM is dropped; blank lines
 * are skipped. A quote inside an unquoted field is kept literally (spreadsheets write `5" screen`).
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

/** Receives each record's fields and the 1-based physical line the record starts on. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

const QUOTE = 34;
const COMMA = 44;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

export class CsvParser {
  private pending = '';
  private line = 1;
  private started = false;

  constructor(private readonly onRecord: CsvRecordHandler) {}

  /** Feeds the next piece of text; records completed by it are emitted. */
  push(chunk: string): void {
    let text = this.pending === '' ? chunk : this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const consumed = this.parse(text, false);
    this.pending = consumed < text.length ? text.slice(consumed) : '';
  }

  /** Ends the input; the last record may lack a line break. */
  end(): void {
    const text = this.pending;
    this.pending = '';
    if (!this.started && text.charCodeAt(0) === 0xfeff) this.parse(text.slice(1), true);
    else this.parse(text, true);
  }

  /** Parses whole records from `text`; returns how many characters were consumed. */
  private parse(text: string, isLast: boolean): number {
    const length = text.length;
    let position = 0;
    let nextQuote = text.indexOf('"');
    if (nextQuote < 0) nextQuote = length;

    while (position < length) {
      let lineEnd = text.indexOf('\n', position);
      if (lineEnd < 0) {
        if (!isLast) return position;
        lineEnd = length;
      }
      if (nextQuote < position) {
        nextQuote = text.indexOf('"', position);
        if (nextQuote < 0) nextQuote = length;
      }
      if (nextQuote >= lineEnd) {
        // Fast path: a record with no quotes is one line split on commas.
        let contentEnd = lineEnd;
        if (contentEnd > position && text.charCodeAt(contentEnd - 1) === CARRIAGE_RETURN) contentEnd--;
        if (contentEnd > position) this.onRecord(text.slice(position, contentEnd).split(','), this.line);
        this.line++;
        position = lineEnd + 1;
        continue;
      }
      const recordEnd = this.parseQuotedRecord(text, position, isLast);
      if (recordEnd < 0) return position;
      position = recordEnd;
    }
    return length;
  }

  /** The slow path for a record holding quoted fields; returns the index after it, or -1 for "need more text". */
  private parseQuotedRecord(text: string, start: number, isLast: boolean): number {
    const length = text.length;
    const fields: string[] = [];
    const startLine = this.line;
    let line = this.line;
    let lineStart = start;
    let position = start;
    for (;;) {
      if (position < length && text.charCodeAt(position) === QUOTE) {
        let value = '';
        let segmentStart = position + 1;
        let cursor = segmentStart;
        for (;;) {
          const closing = text.indexOf('"', cursor);
          if (closing < 0) {
            if (!isLast) return -1;
            throw new CsvSyntaxError('a quoted field is never closed (missing ")', startLine, position - lineStart + 1);
          }
          for (let newline = text.indexOf('\n', cursor); newline >= 0 && newline < closing; newline = text.indexOf('\n', newline + 1)) {
            line++;
            lineStart = newline + 1;
          }
          if (closing + 1 >= length && !isLast) return -1;
          if (text.charCodeAt(closing + 1) === QUOTE) {
            value += text.slice(segmentStart, closing + 1);
            segmentStart = cursor = closing + 2;
            continue;
          }
          value += text.slice(segmentStart, closing);
          position = closing + 1;
          break;
        }
        fields.push(value);
      } else {
        let end = position;
        while (end < length) {
          const code = text.charCodeAt(end);
          if (code === COMMA || code === LINE_FEED) break;
          end++;
        }
        let fieldEnd = end;
        if (end < length && text.charCodeAt(end) === LINE_FEED && fieldEnd > position && text.charCodeAt(fieldEnd - 1) === CARRIAGE_RETURN) fieldEnd--;
        else if (end >= length && !isLast) return -1;
        fields.push(text.slice(position, fieldEnd));
        position = end;
      }
      if (position >= length) {
        if (!isLast) return -1;
        this.onRecord(fields, startLine);
        this.line = line + 1;
        return length;
      }
      const delimiter = text.charCodeAt(position);
      if (delimiter === COMMA) {
        position++;
        if (position >= length && isLast) {
          fields.push('');
          this.onRecord(fields, startLine);
          this.line = line + 1;
          return length;
        }
        continue;
      }
      if (delimiter === CARRIAGE_RETURN && text.charCodeAt(position + 1) === LINE_FEED) position++;
      if (text.charCodeAt(position) === LINE_FEED) {
        this.onRecord(fields, startLine);
        this.line = line + 1;
        return position + 1;
      }
      if (position + 1 >= length && !isLast && delimiter === CARRIAGE_RETURN) return -1;
      throw new CsvSyntaxError(
        `unexpected character ${JSON.stringify(text[position])} after a closing quote (expected , or a line break)`,
        line,
        position - lineStart + 1,
      );
    }
  }
}

/** Parses a whole CSV text; convenient for tests and small files. */
export function parseCsvText(text: string): Array<{ fields: string[]; line: number }> {
  const records: Array<{ fields: string[]; line: number }> = [];
  const parser = new CsvParser((fields, line) => records.push({ fields, line }));
  parser.push(text);
  parser.end();
  return records;
}
