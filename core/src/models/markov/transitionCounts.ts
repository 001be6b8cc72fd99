import type { ChainTuples } from './chainTuples';

/**
 * Journeys on every transition of the chain, summed path after path: start -> tuple, tuple ->
 * tuple (CSR by source) and each tuple's exits (to a tuple, conversion or null) and conversions.
 */
export interface TransitionCounts {
  /** Start tuples in order of first appearance, with their journeys. */
  readonly startTargets: Int32Array;
  readonly startWeights: Float64Array;
  /** Tuple -> tuple journeys, CSR by source; a source's targets in order of first appearance. */
  readonly transitionOffsets: Int32Array;
  readonly transitionTargets: Int32Array;
  readonly transitionWeights: Float64Array;
  /** Journeys leaving each tuple (to another tuple, conversion or null). */
  readonly outWeights: Float64Array;
  /** Journeys converting right after each tuple. */
  readonly conversionWeights: Float64Array;
}

/** Pair tables up to this many cells (16 MB) are dense arrays; larger chains hash their edges. */
const DENSE_PAIRS = 1 << 22;

/**
 * One pass over the tuples of every path. Each edge gets an id at its first occurrence and its
 * journeys are summed in path order, so every weight is the sum the same additions in the same
 * order give; the CSR then lists each source's edges in order of first occurrence.
 * O(touches + edges); edges are found through a dense source × target table when the chain is
 * small (orders 1-3 at 8 channels) and through an open-addressing hash table otherwise.
 */
export function transitionCounts(tuples: ChainTuples): TransitionCounts {
  const { table, slotTuples, slotOffsets, tupleCount } = tuples;
  const outWeights = new Float64Array(tupleCount);
  const conversionWeights = new Float64Array(tupleCount);
  const startWeightOf = new Float64Array(tupleCount);
  const startOrder: number[] = [];
  const isStart = new Uint8Array(tupleCount);
  const edges = tupleCount * tupleCount <= DENSE_PAIRS ? new DenseEdges(tupleCount) : new HashedEdges();
  let edgeWeights = new Float64Array(1024);
  for (let path = 0; path + 1 < slotOffsets.length; path++) {
    const start = slotOffsets[path];
    const end = slotOffsets[path + 1];
    if (end === start) continue;
    const journeys = table.conversions[path] + table.nulls[path];
    const first = slotTuples[start];
    if (!isStart[first]) {
      isStart[first] = 1;
      startOrder.push(first);
    }
    startWeightOf[first] += journeys;
    let previous = first;
    for (let slot = start + 1; slot < end; slot++) {
      const tuple = slotTuples[slot];
      const edge = edges.idOf(previous, tuple);
      if (edge >= edgeWeights.length) {
        const larger = new Float64Array(edgeWeights.length * 2);
        larger.set(edgeWeights);
        edgeWeights = larger;
      }
      edgeWeights[edge] += journeys;
      outWeights[previous] += journeys;
      previous = tuple;
    }
    conversionWeights[previous] += table.conversions[path];
    outWeights[previous] += journeys;
  }

  // CSR by source, stable: a source's edges keep their order of first occurrence.
  const edgeCount = edges.count;
  const transitionOffsets = new Int32Array(tupleCount + 1);
  for (let edge = 0; edge < edgeCount; edge++) transitionOffsets[edges.sources[edge] + 1]++;
  for (let tuple = 0; tuple < tupleCount; tuple++) transitionOffsets[tuple + 1] += transitionOffsets[tuple];
  const place = transitionOffsets.slice(0, tupleCount);
  const transitionTargets = new Int32Array(edgeCount);
  const transitionWeights = new Float64Array(edgeCount);
  for (let edge = 0; edge < edgeCount; edge++) {
    const slot = place[edges.sources[edge]]++;
    transitionTargets[slot] = edges.targets[edge];
    transitionWeights[slot] = edgeWeights[edge];
  }
  const startTargets = Int32Array.from(startOrder);
  const startWeights = Float64Array.from(startOrder, (tuple) => startWeightOf[tuple]);
  return { startTargets, startWeights, transitionOffsets, transitionTargets, transitionWeights, outWeights, conversionWeights };
}

/** Edge ids in order of first occurrence, with each edge's source and target. */
interface EdgeIds {
  readonly count: number;
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  idOf(source: number, target: number): number;
}

class EdgeList {
  count = 0;
  sources = new Int32Array(1024);
  targets = new Int32Array(1024);

  protected add(source: number, target: number): number {
    if (this.count === this.sources.length) {
      const sources = new Int32Array(this.count * 2);
      const targets = new Int32Array(this.count * 2);
      sources.set(this.sources);
      targets.set(this.targets);
      this.sources = sources;
      this.targets = targets;
    }
    this.sources[this.count] = source;
    this.targets[this.count] = target;
    return this.count++;
  }
}

/** Edge id by source × tupleCount + target (id + 1; 0 = not seen). */
class DenseEdges extends EdgeList implements EdgeIds {
  private readonly idPlusOne: Int32Array;

  constructor(private readonly tupleCount: number) {
    super();
    this.idPlusOne = new Int32Array(Math.max(1, tupleCount * tupleCount));
  }

  idOf(source: number, target: number): number {
    const cell = source * this.tupleCount + target;
    const known = this.idPlusOne[cell];
    if (known > 0) return known - 1;
    const edge = this.add(source, target);
    this.idPlusOne[cell] = edge + 1;
    return edge;
  }
}

/** Edge ids in an open-addressing table keyed by (source, target), linear probing. */
class HashedEdges extends EdgeList implements EdgeIds {
  private slots = new Int32Array(1 << 16);

  idOf(source: number, target: number): number {
    const mask = this.slots.length - 1;
    for (let slot = pairHash(source, target) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slots[slot];
      if (stored === 0) {
        const edge = this.add(source, target);
        this.slots[slot] = edge + 1;
        if (this.count * 2 > this.slots.length) this.rehash();
        return edge;
      }
      if (this.sources[stored - 1] === source && this.targets[stored - 1] === target) return stored - 1;
    }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let edge = 0; edge < this.count; edge++) {
      let slot = pairHash(this.sources[edge], this.targets[edge]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = edge + 1;
    }
    this.slots = slots;
  }
}

/** murmur3's finaliser (fmix32) over the pair: every input bit reaches the low bits the table uses. */
function pairHash(source: number, target: number): number {
  let mixed = Math.imul(source, 0x9e3779b1) ^ target;
  mixed ^= mixed >>> 16;
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return mixed ^ (mixed >>> 16);
}
