import type { PathTableBuilder } from '../models/data-driven/pathTable';

/**
 * Every distinct raw path field of a paths file (or state name in the paths), keyed by the field's
 * bytes (copied, when first seen, from the chunk of the file being read into the table's own key
 * bytes: the file is read a chunk at a time, see parsePathRange), with its path index (or state id)
 * and the totals of its rows. Open addressing, linear probing;
 * a slot holds the key's hash beside its entry, and an entry its start, length, path index and
 * totals side by side, so a row with a known key touches the slot, the entry and the bytes
 * compared: a million rows over two hundred thousand distinct paths miss the cache on most
 * lookups, and every array touched per row costs one more miss.
 */
export class PathKeyTable {
  /** Per slot: [hash, entry + 1]; entry + 1 = 0 marks an empty slot. */
  private slots: Int32Array;
  /** Per entry, 40 bytes: int32 [key start in keyBytes, key length, path index, unused], float64 [conversions, value, nulls]. */
  private entryInts!: Int32Array;
  private entryTotals!: Float64Array;
  /** The bytes being read (set per chunk) and a view of them. */
  private bytes: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.bytes.buffer);
  /** Every key's bytes, one after another; an entry's key start is an offset in here. */
  private keyBytes: Uint8Array;
  private keyView: DataView;
  private keyBytesUsed = 0;
  size = 0;

  constructor(expectedKeys: number) {
    let slotCount = 1 << 10;
    while (slotCount < 2 * expectedKeys) slotCount *= 2;
    this.slots = new Int32Array(2 * slotCount);
    this.allocateEntries(slotCount >> 1);
    // Room for keys of 64 bytes on average: pages never written are never mapped, and growing copies.
    this.keyBytes = new Uint8Array(64 * (slotCount >> 1));
    this.keyView = new DataView(this.keyBytes.buffer);
  }

  /** The bytes that row positions (start, end) refer to from now on: the chunk of the file being read. */
  setInput(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The entry of the key bytes[start, end) with this hash (pathKeyHash), or -1 when the key is new. */
  entryOf(start: number, end: number, hash: number): number {
    const slots = this.slots;
    const entries = this.entryInts;
    const mask = (slots.length >> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entryPlusOne = slots[2 * slot + 1];
      if (entryPlusOne === 0) return -1;
      if (slots[2 * slot] === hash) {
        const at = ENTRY_INTS * (entryPlusOne - 1);
        if (entries[at + 1] === length && this.sameBytes(entries[at], start, length)) return entryPlusOne - 1;
      }
    }
  }

  /**
   * Reads, for each of `count` keys, its first slot, then that slot's entry and the first bytes of
   * its key: nothing but loads, each row's independent of the others', so the processor overlaps
   * their cache misses (a lookup alone waits for three in a row). The lookups that follow find
   * those lines in the cache.
   */
  prefetch(hashes: Int32Array, starts: Int32Array, count: number): void {
    const slots = this.slots;
    const entries = this.entryInts;
    const bytes = this.bytes;
    const keyBytes = this.keyBytes;
    const mask = (slots.length >> 1) - 1;
    let touched = 0;
    for (let row = 0; row < count; row++) touched += slots[2 * (hashes[row] & mask) + 1];
    for (let row = 0; row < count; row++) {
      const entryPlusOne = slots[2 * (hashes[row] & mask) + 1];
      if (entryPlusOne !== 0) {
        const at = ENTRY_INTS * (entryPlusOne - 1);
        touched += entries[at + 2] + keyBytes[entries[at]] + bytes[starts[row]];
      }
    }
    this.touched = touched;
  }

  /** What prefetch read, kept so that its loads are not optimised away. */
  touched = 0;

  /** Adds the key bytes[start, end) (not in the table) with its path index; returns its entry. */
  add(start: number, end: number, hash: number, pathIndex: number): number {
    if (2 * (this.size + 1) > this.slots.length >> 1) this.grow();
    const entry = this.addUnindexed(pathIndex);
    const length = end - start;
    if (this.keyBytesUsed + length > this.keyBytes.length) {
      const larger = new Uint8Array(Math.max(2 * this.keyBytes.length, this.keyBytesUsed + length));
      larger.set(this.keyBytes.subarray(0, this.keyBytesUsed));
      this.keyBytes = larger;
      this.keyView = new DataView(larger.buffer);
    }
    this.keyBytes.set(this.bytes.subarray(start, end), this.keyBytesUsed);
    this.entryInts[ENTRY_INTS * entry] = this.keyBytesUsed;
    this.entryInts[ENTRY_INTS * entry + 1] = length;
    this.keyBytesUsed += length;
    this.place(entry, hash);
    return entry;
  }

  /** An entry with no key to look up (a quoted path, found by its text elsewhere). */
  addUnindexed(pathIndex: number): number {
    if (ENTRY_INTS * (this.size + 1) > this.entryInts.length) this.allocateEntries(2 * (this.size + 1));
    const entry = this.size++;
    this.entryInts[ENTRY_INTS * entry + 2] = pathIndex;
    return entry;
  }

  /** The path index (or state id) of an entry. */
  pathIndex(entry: number): number {
    return this.entryInts[ENTRY_INTS * entry + 2];
  }

  /** Adds a row's counts to an entry. */
  addRow(entry: number, conversions: number, value: number, nulls: number): void {
    const at = ENTRY_DOUBLES * entry + 2;
    this.entryTotals[at] += conversions;
    this.entryTotals[at + 1] += value;
    this.entryTotals[at + 2] += nulls;
  }

  /** Adds every entry's totals to its path, entries in order (the order their keys first appeared). */
  addTotalsTo(builder: PathTableBuilder): void {
    const totals = this.entryTotals;
    for (let entry = 0; entry < this.size; entry++) {
      const at = ENTRY_DOUBLES * entry + 2;
      builder.addToPath(this.entryInts[ENTRY_INTS * entry + 2], totals[at], totals[at + 1], totals[at + 2]);
    }
  }

  private allocateEntries(count: number): void {
    const buffer = new ArrayBuffer(count * ENTRY_DOUBLES * 8);
    const ints = new Int32Array(buffer);
    if (this.size > 0) ints.set(this.entryInts.subarray(0, this.size * ENTRY_INTS));
    this.entryInts = ints;
    this.entryTotals = new Float64Array(buffer);
  }

  private place(entry: number, hash: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = entry + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    if (ENTRY_INTS * (old.length >> 1) > this.entryInts.length) this.allocateEntries(old.length >> 1);
    for (let slot = 0; slot < old.length >> 1; slot++) {
      const entryPlusOne = old[2 * slot + 1];
      if (entryPlusOne !== 0) this.place(entryPlusOne - 1, old[2 * slot]);
    }
  }

  /** Whether the stored key at keyStart equals bytes[start, + length), 32-bit words at a time. */
  private sameBytes(keyStart: number, start: number, length: number): boolean {
    const keyView = this.keyView;
    const view = this.view;
    const keyBytes = this.keyBytes;
    const bytes = this.bytes;
    let index = 0;
    for (; index + 4 <= length; index += 4) if (keyView.getInt32(keyStart + index, true) !== view.getInt32(start + index, true)) return false;
    for (; index < length; index++) if (keyBytes[keyStart + index] !== bytes[start + index]) return false;
    return true;
  }
}

/** An entry is 5 doubles: the first two hold 4 int32 (key start, key length, path index, unused). */
const ENTRY_DOUBLES = 5;
const ENTRY_INTS = 2 * ENTRY_DOUBLES;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over the key's 32-bit little-endian words, then its tail bytes, the high bits folded
 * down (the table indexes by the low bits). The row scanner computes the same hash inline.
 */
export function pathKeyHash(view: DataView, bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  let index = start;
  for (; index + 4 <= end; index += 4) hash = Math.imul(hash ^ view.getInt32(index, true), FNV_PRIME);
  for (; index < end; index++) hash = Math.imul(hash ^ bytes[index], FNV_PRIME);
  return hash ^ (hash >>> 16);
}
