/**
 * A write-once hash index from string keys to dense positions, for a million keys at a time.
 *
 * Used instead of `Map<string, number>` on the touchpoint table: it is sized once (no rehashing as
 * it grows), stores only an Int32Array (nothing for the garbage collector to trace) and reads keys
 * back from the caller's own records, so it holds no copy of them. FNV-1a over UTF-16 code units,
 * linear probing. Each slot keeps the key's full 32-bit hash too, so a probe reads the caller's key
 * (a random memory access, the cost that dominates at a million keys) only when the hashes agree.
 */
export class StringIndex {
  private readonly slots: Int32Array;
  private readonly hashes: Uint32Array;
  private readonly mask: number;

  constructor(
    capacity: number,
    private readonly keyAt: (position: number) => string,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Uint32Array(size);
    this.mask = size - 1;
  }

  private static hash(key: string): number {
    let hash = 2166136261;
    for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 16777619);
    return hash >>> 0;
  }

  /** The position stored for `key`, or -1. */
  get(key: string): number {
    const hash = StringIndex.hash(key);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[slot];
      if (stored === 0) return -1;
      if (this.hashes[slot] === hash && this.keyAt(stored - 1) === key) return stored - 1;
    }
  }

  /** Stores `position` for `key` unless the key is present; returns the position already stored, or -1. */
  setIfAbsent(key: string, position: number): number {
    const hash = StringIndex.hash(key);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[slot];
      if (stored === 0) {
        this.slots[slot] = position + 1;
        this.hashes[slot] = hash;
        return -1;
      }
      if (this.hashes[slot] === hash && this.keyAt(stored - 1) === key) return stored - 1;
    }
  }
}
