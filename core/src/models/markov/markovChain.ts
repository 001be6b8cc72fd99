import type { PathTable } from '../data-driven/pathTable';
import { chainTuples } from './chainTuples';
import { transitionCounts } from './transitionCounts';

/**
 * An absorbing Markov chain of order k over a path table (Anderl et al. 2016, "Mapping the
 * customer journey: lessons learned from graph-based online attribution modeling"; the layout of
 * ChannelAttribution). A chain state is the tuple of the last k path states (shorter at the start
 * of a path); every path runs (start) -> tuple_1 -> ... -> tuple_n -> (conversion | null), its
 * converting journeys ending in conversion and its non-converting ones in null.
 *
 * Transitions are stored CSR by source tuple, as probabilities.
 */
export interface MarkovChain {
  readonly order: number;
  /** Path states (channels) each tuple contains, CSR: tupleMembers[tupleMemberOffsets[t] .. [t + 1]). */
  readonly tupleMemberOffsets: Int32Array;
  readonly tupleMembers: Int32Array;
  readonly tupleCount: number;
  /** Start -> tuple probabilities. */
  readonly startTargets: Int32Array;
  readonly startProbabilities: Float64Array;
  /** Tuple -> tuple probabilities, CSR by source. */
  readonly transitionOffsets: Int32Array;
  readonly transitionTargets: Int32Array;
  readonly transitionProbabilities: Float64Array;
  /** Tuple -> conversion probability. */
  readonly conversionProbabilities: Float64Array;
  /**
   * Gauss-Seidel sweep order: depth-first post-order from the start, so every tuple is updated
   * after its successors except along cycles; a sweep then solves the acyclic part exactly and
   * only the (small) probability mass on cycles needs further sweeps.
   */
  readonly sweepOrder: Int32Array;
}

/** Builds the chain; repeats collapse unless `keepRepeats`. O(total touches). */
export function buildMarkovChain(input: PathTable, order: number, keepRepeats: boolean): MarkovChain {
  if (!Number.isInteger(order) || order < 1 || order > 4) throw new RangeError(`Markov order must be 1..4, got ${order}`);
  const tuples = chainTuples(input, order, keepRepeats);
  const { tupleCount, tupleStateOffsets, tupleStates } = tuples;
  const counts = transitionCounts(tuples);
  const { transitionOffsets, transitionTargets, transitionWeights, outWeights, startTargets } = counts;
  const transitionProbabilities = new Float64Array(transitionTargets.length);
  for (let source = 0; source < tupleCount; source++) {
    for (let slot = transitionOffsets[source]; slot < transitionOffsets[source + 1]; slot++)
      transitionProbabilities[slot] = transitionWeights[slot] / outWeights[source];
  }
  // The distinct path states of each tuple, sorted.
  const memberOffsets = new Int32Array(tupleCount + 1);
  const memberList: number[] = [];
  for (let tuple = 0; tuple < tupleCount; tuple++) {
    const distinct = [...new Set(tupleStates.subarray(tupleStateOffsets[tuple], tupleStateOffsets[tuple + 1]))].sort((left, right) => left - right);
    memberList.push(...distinct);
    memberOffsets[tuple + 1] = memberList.length;
  }
  const conversionProbabilities = new Float64Array(tupleCount);
  for (let tuple = 0; tuple < tupleCount; tuple++)
    conversionProbabilities[tuple] = outWeights[tuple] > 0 ? counts.conversionWeights[tuple] / outWeights[tuple] : 0;

  let startTotal = 0;
  for (const weight of counts.startWeights) startTotal += weight;
  const startProbabilities = Float64Array.from(counts.startWeights, (weight) => weight / startTotal);

  const sweepOrder = postOrder(tupleCount, transitionOffsets, transitionTargets, startTargets);
  return numberedInSweepOrder({
    order,
    tupleMemberOffsets: memberOffsets,
    tupleMembers: Int32Array.from(memberList),
    tupleCount,
    startTargets,
    startProbabilities,
    transitionOffsets,
    transitionTargets,
    transitionProbabilities,
    conversionProbabilities,
    sweepOrder,
  });
}

/**
 * The same chain with tuple t renumbered to its position in the sweep order, so that a sweep
 * reads the transition arrays front to back (and a tuple's successors, swept just before it, sit
 * nearby) instead of jumping through them: at 50 channels, order 3 (100,000 tuples, 640,000
 * transitions, 50 removals side by side) the jumps missed the cache on most tuples. Every sweep
 * does the same additions in the same order on the same values, so the results are bit-identical.
 */
function numberedInSweepOrder(chain: MarkovChain): MarkovChain {
  const { tupleCount, sweepOrder, transitionOffsets, transitionTargets, transitionProbabilities, tupleMemberOffsets, tupleMembers } = chain;
  const newId = new Int32Array(tupleCount);
  for (let position = 0; position < tupleCount; position++) newId[sweepOrder[position]] = position;
  const offsets = new Int32Array(tupleCount + 1);
  const targets = new Int32Array(transitionTargets.length);
  const probabilities = new Float64Array(transitionTargets.length);
  const memberOffsets = new Int32Array(tupleCount + 1);
  const members = new Int32Array(tupleMembers.length);
  const conversionProbabilities = new Float64Array(tupleCount);
  let edges = 0;
  let memberCount = 0;
  for (let position = 0; position < tupleCount; position++) {
    const tuple = sweepOrder[position];
    for (let slot = transitionOffsets[tuple]; slot < transitionOffsets[tuple + 1]; slot++) {
      targets[edges] = newId[transitionTargets[slot]];
      probabilities[edges++] = transitionProbabilities[slot];
    }
    offsets[position + 1] = edges;
    for (let slot = tupleMemberOffsets[tuple]; slot < tupleMemberOffsets[tuple + 1]; slot++) members[memberCount++] = tupleMembers[slot];
    memberOffsets[position + 1] = memberCount;
    conversionProbabilities[position] = chain.conversionProbabilities[tuple];
  }
  const identity = new Int32Array(tupleCount);
  for (let position = 0; position < tupleCount; position++) identity[position] = position;
  return {
    order: chain.order,
    tupleMemberOffsets: memberOffsets,
    tupleMembers: members,
    tupleCount,
    startTargets: chain.startTargets.map((tuple) => newId[tuple]),
    startProbabilities: chain.startProbabilities,
    transitionOffsets: offsets,
    transitionTargets: targets,
    transitionProbabilities: probabilities,
    conversionProbabilities,
    sweepOrder: identity,
  };
}

/** Iterative depth-first post-order over the tuple graph, from the start's targets first. */
function postOrder(tupleCount: number, offsets: Int32Array, targets: Int32Array, roots: Int32Array): Int32Array {
  const order = new Int32Array(tupleCount);
  const visited = new Uint8Array(tupleCount);
  const stack = new Int32Array(tupleCount);
  const nextEdge = new Int32Array(tupleCount);
  let written = 0;
  const visit = (root: number): void => {
    if (visited[root]) return;
    let depth = 0;
    stack[depth++] = root;
    visited[root] = 1;
    nextEdge[root] = offsets[root];
    while (depth > 0) {
      const tuple = stack[depth - 1];
      if (nextEdge[tuple] < offsets[tuple + 1]) {
        const target = targets[nextEdge[tuple]++];
        if (!visited[target]) {
          visited[target] = 1;
          nextEdge[target] = offsets[target];
          stack[depth++] = target;
        }
      } else {
        order[written++] = tuple;
        depth--;
      }
    }
  };
  for (const root of roots) visit(root);
  for (let tuple = 0; tuple < tupleCount; tuple++) visit(tuple);
  return order;
}

export const SOLVER_TOLERANCE = 1e-12;
const MAX_SWEEPS = 1_000_000;

/**
 * Probability of absorption in `conversion` from the start, with the tuples flagged in `removed`
 * sent straight to null (their conversion probability is 0). Solves x = b + P x, x_t = P(convert
 * | at tuple t), by Gauss-Seidel sweeps until no value moves by more than 1e-12; the chain is
 * absorbing (every tuple lies on an observed path that ends), so the iteration converges to the
 * unique solution. `solution` is the starting point and receives x.
 */
export function conversionProbability(chain: MarkovChain, removed: Uint8Array | undefined, solution: Float64Array): number {
  const { sweepOrder, transitionOffsets, transitionTargets, transitionProbabilities, conversionProbabilities } = chain;
  if (removed) for (let tuple = 0; tuple < chain.tupleCount; tuple++) if (removed[tuple]) solution[tuple] = 0;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largestChange = 0;
    for (let index = 0; index < sweepOrder.length; index++) {
      const tuple = sweepOrder[index];
      if (removed && removed[tuple]) continue;
      let value = conversionProbabilities[tuple];
      for (let slot = transitionOffsets[tuple]; slot < transitionOffsets[tuple + 1]; slot++) {
        value += transitionProbabilities[slot] * solution[transitionTargets[slot]];
      }
      const change = Math.abs(value - solution[tuple]);
      if (change > largestChange) largestChange = change;
      solution[tuple] = value;
    }
    if (largestChange <= SOLVER_TOLERANCE) break;
  }
  let probability = 0;
  for (let index = 0; index < chain.startTargets.length; index++)
    probability += chain.startProbabilities[index] * solution[chain.startTargets[index]];
  return probability;
}

/** Cells (tuples × removals) solved together; bounds the batch memory at 8 M doubles (64 MB). */
const BATCH_CELLS = 8 * 1024 * 1024;

/**
 * Removal effect of every path state s: 1 - P(convert without s) / P(convert), where removing s
 * sends every tuple containing s to null (at order k, all higher-order states holding s).
 * The removals are solved side by side (one column per removed state, a tuple's columns
 * contiguous), so each Gauss-Seidel sweep reads every transition once for the whole batch.
 */
export function removalEffects(chain: MarkovChain, stateCount: number): { baseProbability: number; effects: Float64Array } {
  const full = new Float64Array(chain.tupleCount);
  const baseProbability = conversionProbability(chain, undefined, full);
  const effects = new Float64Array(stateCount);
  if (baseProbability <= 0) return { baseProbability, effects };
  const occurs = new Uint8Array(stateCount);
  for (const state of chain.tupleMembers) occurs[state] = 1;
  const removable: number[] = [];
  for (let state = 0; state < stateCount; state++) if (occurs[state]) removable.push(state);
  const batchSize = Math.max(1, Math.min(removable.length, Math.floor(BATCH_CELLS / Math.max(1, chain.tupleCount))));
  for (let first = 0; first < removable.length; first += batchSize) {
    const batch = removable.slice(first, first + batchSize);
    const probabilities = batchRemovalProbabilities(chain, batch, full);
    batch.forEach((state, column) => (effects[state] = Math.max(0, 1 - probabilities[column] / baseProbability)));
  }
  return { baseProbability, effects };
}

/** P(convert) with each state of `removedStates` removed in turn (see removalEffects). */
function batchRemovalProbabilities(chain: MarkovChain, removedStates: readonly number[], full: Float64Array): Float64Array {
  const width = removedStates.length;
  const { tupleCount, sweepOrder, transitionOffsets, transitionTargets, transitionProbabilities, conversionProbabilities } = chain;
  const columnOfState = new Map(removedStates.map((state, column) => [state, column]));
  const solution = new Float64Array(tupleCount * width);
  const removed = new Uint8Array(tupleCount * width);
  for (let tuple = 0; tuple < tupleCount; tuple++) {
    // Removing a state only lowers absorption probabilities: the full solution is a close start.
    solution.fill(full[tuple], tuple * width, (tuple + 1) * width);
    for (let slot = chain.tupleMemberOffsets[tuple]; slot < chain.tupleMemberOffsets[tuple + 1]; slot++) {
      const column = columnOfState.get(chain.tupleMembers[slot]);
      if (column !== undefined) {
        removed[tuple * width + column] = 1;
        solution[tuple * width + column] = 0;
      }
    }
  }
  const accumulator = new Float64Array(width);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largestChange = 0;
    for (let index = 0; index < sweepOrder.length; index++) {
      const tuple = sweepOrder[index];
      accumulator.fill(conversionProbabilities[tuple]);
      for (let slot = transitionOffsets[tuple]; slot < transitionOffsets[tuple + 1]; slot++) {
        const probability = transitionProbabilities[slot];
        const targetBase = transitionTargets[slot] * width;
        for (let column = 0; column < width; column++) accumulator[column] += probability * solution[targetBase + column];
      }
      const base = tuple * width;
      for (let column = 0; column < width; column++) {
        if (removed[base + column]) continue;
        const change = Math.abs(accumulator[column] - solution[base + column]);
        if (change > largestChange) largestChange = change;
        solution[base + column] = accumulator[column];
      }
    }
    if (largestChange <= SOLVER_TOLERANCE) break;
  }
  const probabilities = new Float64Array(width);
  for (let index = 0; index < chain.startTargets.length; index++) {
    const base = chain.startTargets[index] * width;
    for (let column = 0; column < width; column++) probabilities[column] += chain.startProbabilities[index] * solution[base + column];
  }
  return probabilities;
}
