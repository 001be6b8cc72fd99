/**
 * An open-addressing hash table from byte ranges of one buffer to small integers. Looking up a
 * path by its raw bytes skips building a string per row, which is what dominates a
 * Map<string, number> lookup on a million rows. Keys are remembered as (start, length) of their
 * first occurrence in the buffer.
 */
export class ByteKeyTable {
  private slots: Int32Array;
  private hashes: Int32Array;
  private keyStarts: Int32Array;
  private keyLengths: Int32Array;
  private values: Int32Array;
  private count = 0;

  constructor(
    private readonly bytes: Uint8Array,
    initialCapacity = 1 << 16,
  ) {
    this.slots = new Int32Array(initialCapacity).fill(-1);
    this.hashes = new Int32Array(initialCapacity >> 1);
    this.keyStarts = new Int32Array(initialCapacity >> 1);
    this.keyLengths = new Int32Array(initialCapacity >> 1);
    this.values = new Int32Array(initialCapacity >> 1);
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
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    const length = end - start;
    for (;;) {
      const entry = this.slots[slot];
      if (entry < 0) {
        this.lastSlot = slot;
        this.lastHash = hash;
        return -1;
      }
      if (this.hashes[entry] === hash && this.keyLengths[entry] === length && this.sameBytes(this.keyStarts[entry], start, length)) return this.values[entry];
      slot = (slot + 1) & mask;
    }
  }

  private lastSlot = 0;
  private lastHash = 0;

  /** Stores `value` for the key of the last `get` that missed. */
  insertLast(start: number, end: number, value: number): void {
    const entry = this.count++;
    if (entry >= this.values.length) this.growEntries();
    this.hashes[entry] = this.lastHash;
    this.keyStarts[entry] = start;
    this.keyLengths[entry] = end - start;
    this.values[entry] = value;
    this.slots[this.lastSlot] = entry;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private sameBytes(left: number, right: number, length: number): boolean {
    const bytes = this.bytes;
    for (let index = 0; index < length; index++) if (bytes[left + index] !== bytes[right + index]) return false;
    return true;
  }

  private growEntries(): void {
    const grow = (array: Int32Array): Int32Array => {
      const larger = new Int32Array(array.length * 2);
      larger.set(array);
      return larger;
    };
    this.hashes = grow(this.hashes);
    this.keyStarts = grow(this.keyStarts);
    this.keyLengths = grow(this.keyLengths);
    this.values = grow(this.values);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}
