import { grownTo } from '../../util/typedArrays';

/**
 * Interns integer sequences (paths of state ids, Markov tuples): an open-addressing hash table
 * over sequences stored back to back in one growable Int32Array. Far cheaper than a Map keyed by
 * joined strings when a million paths are aggregated.
 */
export class SequenceIndex {
  private slots: Int32Array<ArrayBuffer>;
  private hashes: Int32Array;
  private offsets: Int32Array;
  private items: Int32Array;
  private itemCount = 0;
  size = 0;

  /**
   * `expectedSequences` sizes the arrays (they still grow past it): growing a table of hundreds of
   * thousands of paths by doubling from a few thousand copies it a dozen times into fresh memory.
   */
  constructor(expectedSequences = 2048) {
    let slotCount = 1 << 12;
    while (slotCount < 2 * expectedSequences) slotCount *= 2;
    this.slots = new Int32Array(slotCount).fill(-1);
    this.hashes = new Int32Array(slotCount / 2);
    this.offsets = new Int32Array(slotCount / 2);
    // Room for 8 items a sequence: untouched pages cost nothing, and a growth copies the whole array.
    this.items = new Int32Array(Math.max(1 << 14, 8 * expectedSequences));
  }

  /** Id of `sequence[start, start + length)`, a new one (= previous size) when unseen. */
  intern(sequence: ArrayLike<number>, start: number, length: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let index = 0; index < length; index++) hash = Math.imul(hash ^ (sequence[start + index] + 1), 0x01000193);
    hash ^= length;
    const mask = this.slots.length - 1;
    let slot = spread(hash) & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.hashes[id] === hash && this.equals(id, sequence, start, length)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id + 1 >= this.offsets.length) {
      this.offsets = grownTo(this.offsets, this.offsets.length * 2);
      this.hashes = grownTo(this.hashes, this.hashes.length * 2);
    }
    if (this.itemCount + length > this.items.length) this.items = grownTo(this.items, Math.max(this.items.length * 2, this.itemCount + length));
    for (let index = 0; index < length; index++) this.items[this.itemCount + index] = sequence[start + index];
    this.itemCount += length;
    this.offsets[id + 1] = this.itemCount;
    this.hashes[id] = hash;
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The sequences, CSR: sequence i is items[offsets[i] .. offsets[i + 1]). */
  layout(): { offsets: Int32Array; items: Int32Array } {
    return { offsets: this.offsets.slice(0, this.size + 1), items: this.items.slice(0, this.itemCount) };
  }

  private equals(id: number, sequence: ArrayLike<number>, start: number, length: number): boolean {
    const from = this.offsets[id];
    if (this.offsets[id + 1] - from !== length) return false;
    for (let index = 0; index < length; index++) if (this.items[from + index] !== sequence[start + index]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = spread(this.hashes[id]) & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

/**
 * FNV-1a's low bits are poorly mixed (a product carries bits upward only), and state ids are small
 * numbers, so slots taken from them cluster; murmur3's finaliser (fmix32) spreads every bit over
 * the low ones first.
 */
function spread(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return mixed ^ (mixed >>> 16);
}
