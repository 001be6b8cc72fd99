import { grownTo } from '../util/typedArrays';
import { compareText } from '../util/compareText';

/** A dictionary's keys as UTF-8: key c is bytes[offsets[c], offsets[c + 1]). */
export interface KeyBytes {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

/** A dictionary's keys in a form that crosses threads. */
export interface ExportedKeys extends KeyBytes {
  /** Each key's hash (every dictionary hashes alike): the receiver need not hash the keys again. */
  readonly hashes: Int32Array;
}

type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string };

const EMPTY_SLOT = 0;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Bits of the hash filter: 16 M bits, 2 MB. */
const FILTER_BITS = 24;
/** Keys longer than this are copied natively. */
const NATIVE_COPY_FROM = 32;

/**
 * A dictionary of byte strings: each distinct byte sequence gets a dense code (0, 1, 2, ... in order
 * of first appearance), and its text is decoded only when asked for.
 *
 * This is what lets the CSV reader keep a column as codes instead of strings: looking a cell up by
 * its raw bytes allocates nothing, so a million cells that repeat a few thousand values cost a
 * million hash probes and a few thousand strings, not a million strings for the garbage collector.
 * The dictionary copies each new key into its own byte store, so keys outlive the chunk they were
 * read from. FNV-1a hashing, linear probing; each slot keeps the full hash so a probe compares
 * bytes only when the hashes agree.
 */
export class ByteDictionary {
  private store: Buffer;
  private storeLength = 0;
  private offsets: Int32Array;
  private entryHashes: Int32Array;
  private slots: Int32Array;
  private texts: Array<string | undefined>;
  private entries = 0;

  /** `expectedEntries` sizes the index; `expectedKeyBytes` the key store (16 bytes a key unless given). */
  constructor(expectedEntries = 1024, expectedKeyBytes = 16) {
    let slotCount = 1024;
    while (slotCount < expectedEntries * 2) slotCount *= 2;
    this.slots = new Int32Array(slotCount);
    this.offsets = new Int32Array(slotCount / 2 + 1);
    this.entryHashes = new Int32Array(slotCount / 2 + 1);
    this.store = Buffer.allocUnsafe(Math.max(4096, expectedEntries * expectedKeyBytes));
    this.storeView = new DataView(this.store.buffer, this.store.byteOffset, this.store.length);
    this.texts = [];
  }

  /** A dictionary for a text column of a table: code 0 is the empty cell, as TextColumn expects. */
  static withEmptyKey(expectedEntries = 1024, expectedKeyBytes = 16): ByteDictionary {
    const dictionary = new ByteDictionary(expectedEntries, expectedKeyBytes);
    dictionary.intern(new Uint8Array(0), 0, 0);
    return dictionary;
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.entries;
  }

  /** The code of bytes[start, end), adding it when new (a new key gets code `size` before the call). */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, this.hash(bytes, start, end));
  }

  /**
   * intern with the key's hash already known (another dictionary's exported `hashes`: every
   * dictionary hashes alike), for merging one dictionary's keys into another.
   */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    if (this.sealed) throw new Error('this dictionary took keys without indexing them: it can no longer look keys up');
    this.viewOver(bytes);
    const slot = this.probe(bytes, start, end, hash);
    const stored = this.slots[slot];
    if (stored !== EMPTY_SLOT) return stored - 1;
    const code = this.append(bytes, start, end, hash);
    this.slots[slot] = code + 1;
    if (this.entries * 2 > this.slots.length) this.rehash();
    return code;
  }

  /** The code of bytes[start, end), or -1 when absent. */
  find(bytes: Uint8Array, start: number, end: number): number {
    if (this.sealed) throw new Error('this dictionary took keys without indexing them: it can no longer look keys up');
    return this.slots[this.probe(bytes, start, end, this.hash(bytes, start, end))] - 1;
  }

  /**
   * A bit set over the keys' hashes: given a key's hash (another dictionary's exported `hashes`:
   * every dictionary hashes alike), it answers "certainly absent" for most absent keys from 2 MB
   * instead of a probe into the whole table (a cache miss per key for a million keys).
   */
  hashFilter(): (hash: number) => boolean {
    const bits = new Uint32Array(1 << (FILTER_BITS - 5));
    const mask = (1 << FILTER_BITS) - 1;
    for (let code = 0; code < this.entries; code++) {
      const bit = this.entryHashes[code] & mask;
      bits[bit >>> 5] |= 1 << (bit & 31);
    }
    return (hash) => {
      const bit = hash & mask;
      return (bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
    };
  }

  /**
   * Adds keys [0, count) of another dictionary's export, all new here, without indexing them (as
   * appendUnindexed, in one copy): they get codes size .. size + count - 1. Returns the first.
   */
  appendKeysUnindexed(keys: ExportedKeys, count: number): number {
    this.sealed = true;
    const first = this.entries;
    const from = keys.offsets[0];
    const length = keys.offsets[count] - from;
    if (this.entries + count + 1 > this.offsets.length) {
      this.offsets = grownTo(this.offsets, this.entries + count + 1);
      this.entryHashes = grownTo(this.entryHashes, this.entries + count + 1);
    }
    if (this.storeLength + length > this.store.length) this.growStore(this.storeLength + length);
    this.store.set(keys.bytes.subarray(from, from + length), this.storeLength);
    const shift = this.storeLength - from;
    const offsets = this.offsets;
    for (let code = 1; code <= count; code++) offsets[first + code] = keys.offsets[code] + shift;
    this.entryHashes.set(keys.hashes.subarray(0, count), first);
    this.storeLength += length;
    this.entries += count;
    return first;
  }

  /**
   * Adds a key the caller knows is new, without indexing it: after this the dictionary only decodes
   * and compares (for a read's final merge, when no more lookups follow).
   */
  appendUnindexed(bytes: Uint8Array, start: number, end: number): number {
    this.sealed = true;
    return this.append(bytes, start, end, 0);
  }

  private sealed = false;

  /** The slot holding the key, or the empty slot where it would go. */
  private probe(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slots[slot];
      if (stored === EMPTY_SLOT) return slot;
      const code = stored - 1;
      if (this.entryHashes[code] === hash && this.offsets[code + 1] - this.offsets[code] === length && this.sameBytes(code, bytes, start, length)) return slot;
    }
  }

  private viewBytes: Uint8Array | undefined;
  private view: DataView = new DataView(new ArrayBuffer(0));

  /**
   * FNV-1a over 32-bit little-endian words, then the tail bytes: three times faster than byte by
   * byte on URLs, and the same for a key wherever it sits (reads are relative to the key's start).
   */
  private hash(bytes: Uint8Array, start: number, end: number): number {
    this.viewOver(bytes);
    const view = this.view;
    let hash = FNV_OFFSET;
    let index = start;
    for (; index + 4 <= end; index += 4) hash = Math.imul(hash ^ view.getInt32(index, true), FNV_PRIME);
    for (; index < end; index++) hash = Math.imul(hash ^ bytes[index], FNV_PRIME);
    // Fold the high bits down: the table indexes by the low bits.
    return hash ^ (hash >>> 16);
  }

  /** Points `view` (what sameBytes compares with) at `bytes`. */
  private viewOver(bytes: Uint8Array): void {
    if (bytes !== this.viewBytes) {
      this.viewBytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }

  /** The code of a string key (UTF-8 encoded), adding it when new. */
  internText(text: string): number {
    const length = encodeText(text);
    const code = length >= 0 ? this.intern(scratch, 0, length) : this.internEncoded(text);
    if (this.texts[code] === undefined) this.texts[code] = text;
    return code;
  }

  /** The code of a string key, or -1 when absent. */
  findText(text: string): number {
    const length = encodeText(text);
    if (length >= 0) return this.find(scratch, 0, length);
    const encoded = Buffer.from(text, 'utf8');
    return this.find(encoded, 0, encoded.length);
  }

  private internEncoded(text: string): number {
    const encoded = Buffer.from(text, 'utf8');
    return this.intern(encoded, 0, encoded.length);
  }

  /** The key of `code` as text, decoded once and then kept. */
  text(code: number): string {
    let text = this.texts[code];
    if (text === undefined) {
      text = (this.store as Utf8Buffer).utf8Slice(this.offsets[code], this.offsets[code + 1]);
      this.texts[code] = text;
    }
    return text;
  }

  /** The key of `code` as text, decoded afresh and not kept (for keys read once, like row ids). */
  decode(code: number): string {
    return this.texts[code] ?? (this.store as Utf8Buffer).utf8Slice(this.offsets[code], this.offsets[code + 1]);
  }

  /**
   * The keys as bytes, key c at bytes[offsets[c], offsets[c + 1]), each array on a buffer of its own,
   * to transfer to another thread (the dictionary is unusable after the transfer). Views of the
   * dictionary's own arrays, copied only if the store shares Node's small-buffer pool.
   */
  exportKeys(): ExportedKeys {
    const store = this.store;
    const ownsBuffer = store.byteOffset === 0 && store.buffer.byteLength === store.length;
    const bytes = ownsBuffer ? new Uint8Array(store.buffer, 0, this.storeLength) : Uint8Array.prototype.slice.call(store, 0, this.storeLength);
    const offsets = this.offsets.subarray(0, this.entries + 1);
    return { bytes, offsets, hashes: this.entryHashes.subarray(0, this.entries) };
  }

  /**
   * The keys as bytes, key c at bytes[offsets[c], offsets[c + 1]): views of the dictionary's own
   * arrays, valid until it next grows (take them once it is complete).
   */
  keyBytes(): KeyBytes {
    return { bytes: this.store.subarray(0, this.storeLength), offsets: this.offsets.subarray(0, this.entries + 1) };
  }

  /** Every key as text, in code order. */
  allTexts(): string[] {
    const texts = new Array<string>(this.entries);
    for (let code = 0; code < this.entries; code++) texts[code] = this.text(code);
    return texts;
  }

  /** Orders two keys as their texts compare in JavaScript (UTF-16 code units), without decoding ASCII keys. */
  compare(left: number, right: number): number {
    const store = this.store;
    const leftStart = this.offsets[left];
    const rightStart = this.offsets[right];
    const leftLength = this.offsets[left + 1] - leftStart;
    const rightLength = this.offsets[right + 1] - rightStart;
    const shorter = Math.min(leftLength, rightLength);
    for (let index = 0; index < shorter; index++) {
      const leftByte = store[leftStart + index];
      const rightByte = store[rightStart + index];
      // UTF-8 byte order is code point order, not JavaScript's UTF-16 order: past ASCII, compare the texts.
      if (leftByte >= 0x80 || rightByte >= 0x80) {
        return compareText(this.decode(left), this.decode(right));
      }
      if (leftByte !== rightByte) return leftByte - rightByte;
    }
    return leftLength - rightLength;
  }

  /**
   * Whether key `code` equals bytes[start, start + length), 32-bit words at a time (Buffer.compare
   * would cost more in argument checks than the compare itself on URL-sized keys). `this.view` is
   * the view over `bytes` that hash() just made.
   */
  private sameBytes(code: number, bytes: Uint8Array, start: number, length: number): boolean {
    const store = this.store;
    const storeView = this.storeView;
    const view = this.view;
    const offset = this.offsets[code];
    let index = 0;
    for (; index + 4 <= length; index += 4) if (storeView.getInt32(offset + index, true) !== view.getInt32(start + index, true)) return false;
    for (; index < length; index++) if (store[offset + index] !== bytes[start + index]) return false;
    return true;
  }

  private storeView: DataView;

  private append(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const code = this.entries++;
    if (this.entries + 1 > this.offsets.length) {
      this.offsets = grownTo(this.offsets, this.offsets.length * 2);
      this.entryHashes = grownTo(this.entryHashes, this.entryHashes.length * 2);
    }
    const length = end - start;
    if (this.storeLength + length > this.store.length) this.growStore(this.storeLength + length);
    const store = this.store;
    const at = this.storeLength;
    if (length > NATIVE_COPY_FROM) store.set(bytes.subarray(start, end), at);
    else for (let index = 0; index < length; index++) store[at + index] = bytes[start + index];
    this.storeLength += length;
    this.offsets[code + 1] = this.storeLength;
    this.entryHashes[code] = hash;
    return code;
  }

  private growStore(needed: number): void {
    const larger = Buffer.allocUnsafe(Math.max(this.store.length * 2, needed));
    this.store.copy(larger, 0, 0, this.storeLength);
    this.store = larger;
    this.storeView = new DataView(larger.buffer, larger.byteOffset, larger.length);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.entries; code++) {
      let slot = this.entryHashes[code] & mask;
      while (slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

let scratch = new Uint8Array(256);

/**
 * Copies an ASCII `text` into the shared scratch array and returns its length, or -1 for text
 * beyond ASCII (the caller encodes that itself). The same scratch array every call, so the hash's
 * DataView over it is made once, not per key.
 */
function encodeText(text: string): number {
  const length = text.length;
  if (length > scratch.length) scratch = new Uint8Array(length * 2);
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) return -1;
    scratch[index] = code;
  }
  return length;
}
