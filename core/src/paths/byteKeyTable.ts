/**
 * An open-addressing hash table from byte ranges of one buffer to small integers. Looking up a
 * path by its raw bytes skips building a string per row, which is what dominates a
 * Map<string, number> lookup on a million rows. Keys are remembered as (start, length) of their
 * first occurrence in the buffer.
 *
 * Each slot is one record of four int32s (hash, key start, key length, value) in a single array,
 * so a probe reads one cache line instead of one per array; with hundreds of thousands of keys
 * the table is far larger than the cache, and these misses, not the comparisons, set the cost.
 */
export class ByteKeyTable {
  /** RECORD ints per slot: hash, start, length (−1 = empty), value. */
  private records: Int32Array;
  private count = 0;
  private lastSlot = 0;
  private lastHash = 0;

  constructor(
    private readonly bytes: Uint8Array,
    initialCapacity = 1 << 16,
  ) {
    this.records = emptyRecords(initialCapacity);
  }

  /** FNV-1a over the bytes. */
  hash(start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ this.bytes[index], 0x01000193);
    return hash;
  }

  /**
   * The value stored for bytes[start, end), or -1. Remembers the probe for `insertLast`. `hash`,
   * when the caller computed it while scanning, must equal `this.hash(start, end)`.
   */
  get(start: number, end: number, hash = this.hash(start, end)): number {
    const records = this.records;
    const mask = (records.length >> 2) - 1;
    let slot = spread(hash) & mask;
    const length = end - start;
    for (;;) {
      const at = slot << 2;
      const keyLength = records[at + 2];
      if (keyLength < 0) {
        this.lastSlot = slot;
        this.lastHash = hash;
        return -1;
      }
      if (records[at] === hash && keyLength === length && this.sameBytes(records[at + 1], start, length)) return records[at + 3];
      slot = (slot + 1) & mask;
    }
  }

  /** Stores `value` for the key of the last `get` that missed. */
  insertLast(start: number, end: number, value: number): void {
    const at = this.lastSlot << 2;
    this.records[at] = this.lastHash;
    this.records[at + 1] = start;
    this.records[at + 2] = end - start;
    this.records[at + 3] = value;
    this.count++;
    if (this.count * 2 > this.records.length >> 2) this.rehash();
  }

  private sameBytes(left: number, right: number, length: number): boolean {
    const bytes = this.bytes;
    for (let index = 0; index < length; index++) if (bytes[left + index] !== bytes[right + index]) return false;
    return true;
  }

  private rehash(): void {
    const old = this.records;
    const records = emptyRecords((old.length >> 2) * 2);
    const mask = (records.length >> 2) - 1;
    for (let from = 0; from < old.length; from += 4) {
      if (old[from + 2] < 0) continue;
      let slot = spread(old[from]) & mask;
      while (records[(slot << 2) + 2] >= 0) slot = (slot + 1) & mask;
      records.set(old.subarray(from, from + 4), slot << 2);
    }
    this.records = records;
  }
}

function emptyRecords(slots: number): Int32Array {
  const records = new Int32Array(slots * 4);
  for (let slot = 0; slot < slots; slot++) records[slot * 4 + 2] = -1;
  return records;
}

/**
 * FNV-1a's low bits are poorly mixed (a product carries bits upward only: bit 0 is the parity of
 * the bytes' bit 0), so slots taken from them cluster; murmur3's finaliser (fmix32) spreads every
 * bit over the low ones first.
 */
export function spread(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return mixed ^ (mixed >>> 16);
}
