import type { Touchpoint } from '../schemas/touchpoint';
import { grownTo } from '../util/typedArrays';
import type { ByteDictionary, KeyBytes } from '../csv/byteDictionary';
import { compareText } from '../util/compareText';

/** The text fields of a touchpoint, each held as a dictionary-coded column. */
export const TOUCHPOINT_TEXT_FIELDS = ['type', 'url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'promo_code', 'search_query'] as const;
export type TouchpointTextField = (typeof TOUCHPOINT_TEXT_FIELDS)[number];

const FIELD_COUNT = TOUCHPOINT_TEXT_FIELDS.length;

/** The distinct values of a text column: code c's text is `text(c)`; `size` of them, code 0 the empty string. */
export interface TextValues {
  readonly size: number;
  text(code: number): string;
  /**
   * The values as UTF-8 when they were read from bytes (value c at bytes[offsets[c],
   * offsets[c + 1])): for code that reads them without making strings.
   */
  readonly utf8?: KeyBytes;
}

/** A text column as codes into a table of distinct values; code 0 is always the empty string. */
export interface TextColumn extends TextValues {
  readonly codes: Int32Array;
}

/** The text column of texts given one per row: codes in order of first appearance after the empty string's 0. */
export function textColumnOf(texts: readonly string[]): TextColumn {
  const codeOf = new Map<string, number>([['', 0]]);
  const values = [''];
  const codes = new Int32Array(texts.length);
  texts.forEach((text, index) => {
    let code = codeOf.get(text);
    if (code === undefined) {
      code = values.length;
      codeOf.set(text, code);
      values.push(text);
    }
    codes[index] = code;
  });
  return { codes, ...stringTextValues(values) };
}

/** Values held as strings (value 0 the empty string). */
export function stringTextValues(values: readonly string[]): TextValues {
  return { size: values.length, text: (code) => values[code] };
}

/**
 * Values that are a byte dictionary's keys (key 0 the empty string): each value is decoded the
 * first time it is asked for, and its bytes are there for code that reads them as bytes. A
 * million-row touchpoints.csv holds 160,000 distinct URLs, 20 MB of text, that mostly only the
 * resolver's byte-level look at click ids ever reads (boundedCache.ts): decoding them all up front
 * took 125-135 ms and that much again of the garbage collector's copying.
 */
export function dictionaryTextValues(dictionary: ByteDictionary): TextValues {
  return { size: dictionary.size, text: (code) => dictionary.text(code), utf8: dictionary.keyBytes() };
}

/** Where the touchpoint ids live: decoded on demand, so a million ids are not a million strings. */
export interface TouchpointIds {
  get(index: number): string;
  /** Orders two touchpoints by id as JavaScript compares strings (the journeys' tie-break). */
  compare(left: number, right: number): number;
  /** The ids as UTF-8, id i at bytes[offsets[i], offsets[i + 1]), when held so: for writers that copy bytes. */
  readonly utf8?: KeyBytes;
}

/**
 * The touchpoints of a data set, one entry per distinct touchpoint_id, by column: times in a
 * Float64Array, text fields dictionary-coded. Reading a million CSV rows into this shape allocates
 * a few arrays instead of a million objects, which is what makes the read fit in about a second;
 * every hot path (resolution, journeys, models) reads the columns. `touchpointRecord` rebuilds the
 * record of one touchpoint for the code that wants records (sync, output, tests).
 */
export interface TouchpointTable {
  readonly count: number;
  readonly ids: TouchpointIds;
  readonly occurredAt: Float64Array;
  /** The contact of the touchpoint's first row (the record's contact_id). */
  readonly firstContact: Int32Array;
  readonly text: Readonly<Record<TouchpointTextField, TextColumn>>;
}

/** One text field of one touchpoint. */
export function touchpointText(table: TouchpointTable, field: TouchpointTextField, index: number): string {
  const column = table.text[field];
  return column.text(column.codes[index]);
}

/** What a touchpoint says about how the person arrived: its record without the ids. */
export type TouchpointFields = Omit<Touchpoint, 'touchpoint_id' | 'contact_id'>;

/** One touchpoint's fields, without decoding its ids (resolution reads only these). */
export function touchpointFields(table: TouchpointTable, index: number): TouchpointFields {
  return {
    occurred_at: table.occurredAt[index],
    type: touchpointText(table, 'type', index),
    url: touchpointText(table, 'url', index),
    referrer: touchpointText(table, 'referrer', index),
    utm_source: touchpointText(table, 'utm_source', index),
    utm_medium: touchpointText(table, 'utm_medium', index),
    utm_campaign: touchpointText(table, 'utm_campaign', index),
    utm_term: touchpointText(table, 'utm_term', index),
    utm_content: touchpointText(table, 'utm_content', index),
    promo_code: touchpointText(table, 'promo_code', index),
    search_query: touchpointText(table, 'search_query', index),
  };
}

/** The record of one touchpoint, as the CSV row that defined it. */
export function touchpointRecord(table: TouchpointTable, index: number, contactIdOf: (contactIndex: number) => string): Touchpoint {
  return { touchpoint_id: table.ids.get(index), contact_id: contactIdOf(table.firstContact[index]), ...touchpointFields(table, index) };
}

/** Orders two touchpoints by time, then by touchpoint_id: the order of a journey. */
export function compareTouchpoints(table: TouchpointTable, left: number, right: number): number {
  const difference = table.occurredAt[left] - table.occurredAt[right];
  return difference !== 0 ? difference : table.ids.compare(left, right);
}

/** Ids held as strings (tables built from records). */
export function stringIds(ids: readonly string[]): TouchpointIds {
  return {
    get: (index) => ids[index],
    compare: (left, right) => compareText(ids[left], ids[right]),
  };
}

/** A builder's content as plain arrays: per touchpoint (time, text codes) and per row (contact, touchpoint). */
export interface ExportedTouchpointRows {
  readonly occurredAt: Float64Array;
  readonly codes: Int32Array[];
  readonly rowContact: Int32Array;
  readonly rowTouchpoint: Int32Array;
}

/** Why a row that repeats a touchpoint_id is not a valid share of that touchpoint. */
export type RepeatProblem = { kind: 'same-contact' } | { kind: 'different-field'; field: keyof Touchpoint };

/**
 * Collects touchpoint rows (one per touchpoint and contact) into a TouchpointTable plus the row →
 * (contact, touchpoint) pairs. The first row of an id defines the touchpoint; a later row with the
 * same id shares it with another contact and must agree on every other field.
 */
export class TouchpointTableBuilder {
  private capacity: number;
  private uniqueCount = 0;
  private occurredAt: Float64Array;
  private firstContact: Int32Array;
  private firstRow: Int32Array;
  private readonly codes: Int32Array[];
  private rowCount = 0;
  private rowContact: Int32Array;
  private rowTouchpoint: Int32Array;
  private readonly sharersOf = new Map<number, Set<number>>();

  constructor(expectedRows = 1024) {
    this.capacity = Math.max(16, expectedRows);
    this.occurredAt = new Float64Array(this.capacity);
    this.firstContact = new Int32Array(this.capacity);
    this.firstRow = new Int32Array(this.capacity);
    this.codes = TOUCHPOINT_TEXT_FIELDS.map(() => new Int32Array(this.capacity));
    this.rowContact = new Int32Array(this.capacity);
    this.rowTouchpoint = new Int32Array(this.capacity);
  }

  get touchpointCount(): number {
    return this.uniqueCount;
  }

  /** The row (0-based, in input order) that first defined touchpoint `index`. */
  firstRowOf(index: number): number {
    return this.firstRow[index];
  }

  /**
   * Adds a row. `touchpoint` is the id's dense index: equal to `touchpointCount` for a new id.
   * `textCodes[codesAt ...]` holds the row's codes in TOUCHPOINT_TEXT_FIELDS order. Returns the problem when the
   * row repeats an id invalidly (nothing is added then).
   */
  addRow(touchpoint: number, contact: number, occurredAt: number, textCodes: Int32Array, codesAt = 0): RepeatProblem | undefined {
    if (touchpoint === this.uniqueCount) {
      if (touchpoint === this.capacity) this.growTouchpoints();
      this.occurredAt[touchpoint] = occurredAt;
      this.firstContact[touchpoint] = contact;
      this.firstRow[touchpoint] = this.rowCount;
      for (let field = 0; field < FIELD_COUNT; field++) this.codes[field][touchpoint] = textCodes[codesAt + field];
      this.uniqueCount++;
    } else {
      const problem = this.checkRepeat(touchpoint, contact, occurredAt, textCodes, codesAt);
      if (problem) return problem;
    }
    if (this.rowCount === this.rowContact.length) {
      this.rowContact = grownTo(this.rowContact, this.rowContact.length * 2);
      this.rowTouchpoint = grownTo(this.rowTouchpoint, this.rowTouchpoint.length * 2);
    }
    this.rowContact[this.rowCount] = contact;
    this.rowTouchpoint[this.rowCount] = touchpoint;
    this.rowCount++;
    return undefined;
  }

  /**
   * Appends rows whose touchpoints are all new here, in one pass of bulk copies (a worker thread's
   * part of the file, merged when it shares no touchpoint with the rows already added).
   * `occurredAt[l]` and `codes[field][l]` describe new touchpoint l, which gets index
   * touchpointCount + l; `rowContact` holds each row's contact and `rowTouchpoint` its l, numbered in
   * order of first appearance. The rows were checked where they were read (a repeated touchpoint
   * among them agrees on every field and names another contact), so none is checked again.
   */
  appendNewTouchpoints(occurredAt: Float64Array, codes: readonly Int32Array[], rowContact: Int32Array, rowTouchpoint: Int32Array): void {
    const base = this.uniqueCount;
    const added = occurredAt.length;
    while (base + added > this.capacity) this.growTouchpoints();
    this.occurredAt.set(occurredAt, base);
    for (let field = 0; field < FIELD_COUNT; field++) this.codes[field].set(codes[field], base);
    const rows = rowContact.length;
    if (this.rowCount + rows > this.rowContact.length) {
      this.rowContact = grownTo(this.rowContact, this.rowCount + rows);
      this.rowTouchpoint = grownTo(this.rowTouchpoint, this.rowCount + rows);
    }
    const firstContact = this.firstContact;
    const firstRow = this.firstRow;
    const ownRowContact = this.rowContact;
    const ownRowTouchpoint = this.rowTouchpoint;
    let nextNew = 0;
    for (let row = 0; row < rows; row++) {
      const local = rowTouchpoint[row];
      const at = this.rowCount + row;
      if (local === nextNew) {
        firstContact[base + local] = rowContact[row];
        firstRow[base + local] = at;
        nextNew++;
      }
      ownRowContact[at] = rowContact[row];
      ownRowTouchpoint[at] = base + local;
    }
    this.rowCount += rows;
    this.uniqueCount += added;
  }

  private checkRepeat(touchpoint: number, contact: number, occurredAt: number, textCodes: Int32Array, codesAt: number): RepeatProblem | undefined {
    if (this.occurredAt[touchpoint] !== occurredAt) return { kind: 'different-field', field: 'occurred_at' };
    for (let field = 0; field < FIELD_COUNT; field++) {
      if (this.codes[field][touchpoint] !== textCodes[codesAt + field]) return { kind: 'different-field', field: TOUCHPOINT_TEXT_FIELDS[field] };
    }
    let sharers = this.sharersOf.get(touchpoint);
    if (!sharers) this.sharersOf.set(touchpoint, (sharers = new Set([this.firstContact[touchpoint]])));
    if (sharers.has(contact)) return { kind: 'same-contact' };
    sharers.add(contact);
    return undefined;
  }

  private growTouchpoints(): void {
    this.capacity *= 2;
    this.occurredAt = grownTo(this.occurredAt, this.capacity);
    this.firstContact = grownTo(this.firstContact, this.capacity);
    this.firstRow = grownTo(this.firstRow, this.capacity);
    for (let field = 0; field < this.codes.length; field++) this.codes[field] = grownTo(this.codes[field], this.capacity);
  }

  /**
   * The rows and per-touchpoint columns so far, as views of the builder's arrays, each on its own
   * buffer: a worker transfers those buffers to the caller (no copy) and builds nothing more.
   */
  exportRows(): ExportedTouchpointRows {
    const count = this.uniqueCount;
    return {
      occurredAt: this.occurredAt.subarray(0, count),
      codes: this.codes.map((codes) => codes.subarray(0, count)),
      rowContact: this.rowContact.subarray(0, this.rowCount),
      rowTouchpoint: this.rowTouchpoint.subarray(0, this.rowCount),
    };
  }

  /**
   * The finished table, and each contact's touchpoints in CSR layout: the touchpoints of contact c
   * are touchpointIndexes[contactOffsets[c] .. contactOffsets[c + 1]), in row order.
   */
  finish(
    ids: TouchpointIds,
    values: readonly TextValues[],
    contactCount: number,
  ): { table: TouchpointTable; contactOffsets: Int32Array; touchpointIndexes: Int32Array } {
    const count = this.uniqueCount;
    // Views of the builder's arrays when they are nearly full, copies otherwise: copying a million
    // rows' columns would touch 60 MB of fresh memory, and each fresh page costs a page fault.
    const nearlyFull = this.capacity <= count * 1.25;
    const trimmed = <Column extends Float64Array | Int32Array>(column: Column): Column => (nearlyFull ? column.subarray(0, count) : column.slice(0, count)) as Column;
    const text = {} as Record<TouchpointTextField, TextColumn>;
    TOUCHPOINT_TEXT_FIELDS.forEach((field, position) => {
      text[field] = { ...values[position], codes: trimmed(this.codes[position]) };
    });
    const table: TouchpointTable = {
      count,
      ids,
      occurredAt: trimmed(this.occurredAt),
      firstContact: trimmed(this.firstContact),
      text,
    };
    const contactOffsets = new Int32Array(contactCount + 1);
    for (let row = 0; row < this.rowCount; row++) contactOffsets[this.rowContact[row] + 1]++;
    for (let contact = 0; contact < contactCount; contact++) contactOffsets[contact + 1] += contactOffsets[contact];
    const fill = contactOffsets.slice(0, contactCount);
    const touchpointIndexes = new Int32Array(this.rowCount);
    for (let row = 0; row < this.rowCount; row++) touchpointIndexes[fill[this.rowContact[row]]++] = this.rowTouchpoint[row];
    return { table, contactOffsets, touchpointIndexes };
  }
}
