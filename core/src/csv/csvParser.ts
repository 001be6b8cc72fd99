import { ByteCsvParser, fieldText } from './byteCsvParser';

export { CsvSyntaxError } from './byteCsvParser';

export interface CsvOptions {
  /** The field separator (default `,`): Salesforce Bulk API jobs also use TAB, PIPE, SEMICOLON, CARET and BACKQUOTE. */
  readonly delimiter?: string;
}

/** Receives each record's fields and the 1-based physical line the record starts on. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

/**
 * The string-level face of the byte parser (see byteCsvParser.ts for the rules): feeds text,
 * emits each record as an array of strings. For small inputs and tests; bulk readers use the bytes.
 */
export class CsvParser {
  private readonly parser: ByteCsvParser;

  constructor(onRecord: CsvRecordHandler, options: CsvOptions = {}) {
    this.parser = new ByteCsvParser((buffer, fields, line) => {
      const values: string[] = new Array(fields.count);
      for (let index = 0; index < fields.count; index++) values[index] = fieldText(buffer, fields, index);
      onRecord(values, line);
    }, options);
  }

  push(chunk: string): void {
    this.parser.push(Buffer.from(chunk, 'utf8'));
  }

  end(): void {
    this.parser.end();
  }
}

/** Parses a whole CSV text. */
export function parseCsvText(text: string, options: CsvOptions = {}): Array<{ fields: string[]; line: number }> {
  const records: Array<{ fields: string[]; line: number }> = [];
  const parser = new CsvParser((fields, line) => records.push({ fields, line }), options);
  parser.push(text);
  parser.end();
  return records;
}
