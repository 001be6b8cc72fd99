import { fieldText, trimmedFieldEnd, trimmedFieldStart, type FieldSpans } from './byteCsvParser';

/** A cell's trimmed bytes: bytes[start, end). */
export interface CellSpan {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/**
 * Hands out cells as trimmed byte spans, for readers that convert cells from their bytes without
 * making strings. Unescaped cells are spans of the parser's buffer (valid until the next record);
 * escaped ("quoted") cells are decoded, trimmed as text and re-encoded into a fresh copy. The
 * returned span object is reused: read its fields before asking for the next cell.
 */
export class CellSpanReader {
  private readonly span: CellSpan = { bytes: new Uint8Array(0), start: 0, end: 0 };

  /** The cell at header `position` of the current record; an empty span when the column is absent (-1). */
  cell(buffer: Buffer, fields: FieldSpans, position: number): CellSpan {
    const span = this.span;
    if (position < 0) {
      span.bytes = buffer;
      span.start = span.end = 0;
      return span;
    }
    if (fields.escaped[position]) {
      const encoded = Buffer.from(fieldText(buffer, fields, position).trim(), 'utf8');
      span.bytes = encoded;
      span.start = 0;
      span.end = encoded.length;
      return span;
    }
    span.bytes = buffer;
    span.start = trimmedFieldStart(buffer, fields, position);
    span.end = trimmedFieldEnd(buffer, fields, position, span.start);
    return span;
  }
}

/** A span's text (for error messages). */
export function spanText(span: CellSpan): string {
  return Buffer.from(span.bytes.subarray(span.start, span.end)).toString('utf8');
}
