import { collapseRepeats, pathCount, type PathTable } from '../data-driven/pathTable';

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
  /** Gauss-Seidel sweep order: tuples met late in paths first, so most updates use fresh values. */
  readonly sweepOrder: Int32Array;
}

/** Builds the chain; repeats collapse unless `keepRepeats`. O(total touches). */
export function buildMarkovChain(input: PathTable, order: number, keepRepeats: boolean): MarkovChain {
  if (!Number.isInteger(order) || order < 1 || order > 4) throw new RangeError(`Markov order must be 1..4, got ${order}`);
  const table = keepRepeats ? input : collapseRepeats(input);
  const stateCount = table.stateNames.length;
  const base = stateCount + 1;
  // A tuple is keyed by the number sum((state + 1) * base^j); exact while base^order < 2^53.
  const numericKeys = Math.pow(base, order) < Number.MAX_SAFE_INTEGER;
  const tupleIdByKey = new Map<number | string, number>();
  const memberOffsets: number[] = [0];
  const members: number[] = [];
  const positionSum: number[] = [];
  const positionWeight: number[] = [];
  const edgeWeights = new Map<number, number>();
  const startWeights = new Map<number, number>();
  const conversionWeight: number[] = [];
  const outWeight: number[] = [];
  const paths = pathCount(table);
  const window = new Int32Array(order);
  let tupleCount = 0;

  const tupleOf = (length: number): number => {
    let key: number | string = numericKeys ? 0 : '';
    for (let index = 0; index < length; index++) {
      if (numericKeys) key = (key as number) * base + window[index] + 1;
      else key = `${key as string}${index === 0 ? '' : ','}${window[index]}`;
    }
    let id = tupleIdByKey.get(key);
    if (id === undefined) {
      id = tupleCount++;
      tupleIdByKey.set(key, id);
      const seen = new Set<number>();
      for (let index = 0; index < length; index++) if (!seen.has(window[index])) seen.add(window[index]);
      for (const state of [...seen].sort((left, right) => left - right)) members.push(state);
      memberOffsets.push(members.length);
      positionSum.push(0);
      positionWeight.push(0);
      conversionWeight.push(0);
      outWeight.push(0);
    }
    return id;
  };

  // Edge keys need an upper bound on the tuple count: at most the number of touches.
  const edgeBase = table.pathStates.length + 1;
  for (let path = 0; path < paths; path++) {
    const start = table.pathOffsets[path];
    const end = table.pathOffsets[path + 1];
    const journeys = table.conversions[path] + table.nulls[path];
    if (end === start || journeys === 0) continue;
    let previous = -1;
    for (let slot = start; slot < end; slot++) {
      const length = Math.min(order, slot - start + 1);
      for (let index = 0; index < length; index++) window[index] = table.pathStates[slot - length + 1 + index];
      const tuple = tupleOf(length);
      positionSum[tuple] += journeys * (slot - start);
      positionWeight[tuple] += journeys;
      if (previous < 0) startWeights.set(tuple, (startWeights.get(tuple) ?? 0) + journeys);
      else {
        const key = previous * edgeBase + tuple;
        edgeWeights.set(key, (edgeWeights.get(key) ?? 0) + journeys);
        outWeight[previous] += journeys;
      }
      previous = tuple;
    }
    conversionWeight[previous] += table.conversions[path];
    outWeight[previous] += journeys;
  }

  const transitionOffsets = new Int32Array(tupleCount + 1);
  for (const key of edgeWeights.keys()) transitionOffsets[Math.floor(key / edgeBase) + 1]++;
  for (let tuple = 0; tuple < tupleCount; tuple++) transitionOffsets[tuple + 1] += transitionOffsets[tuple];
  const fill = transitionOffsets.slice(0, tupleCount);
  const transitionTargets = new Int32Array(edgeWeights.size);
  const transitionProbabilities = new Float64Array(edgeWeights.size);
  for (const [key, weight] of edgeWeights) {
    const source = Math.floor(key / edgeBase);
    const slot = fill[source]++;
    transitionTargets[slot] = key - source * edgeBase;
    transitionProbabilities[slot] = weight / outWeight[source];
  }
  const conversionProbabilities = new Float64Array(tupleCount);
  for (let tuple = 0; tuple < tupleCount; tuple++) conversionProbabilities[tuple] = outWeight[tuple] > 0 ? conversionWeight[tuple] / outWeight[tuple] : 0;

  let startTotal = 0;
  for (const weight of startWeights.values()) startTotal += weight;
  const startTargets = Int32Array.from(startWeights.keys());
  const startProbabilities = Float64Array.from(startWeights.values(), (weight) => weight / startTotal);

  const meanPosition = positionSum.map((sum, tuple) => (positionWeight[tuple] > 0 ? sum / positionWeight[tuple] : 0));
  const sweepOrder = Int32Array.from({ length: tupleCount }, (_, tuple) => tuple).sort((left, right) => meanPosition[right] - meanPosition[left]);
  return {
    order,
    tupleMemberOffsets: Int32Array.from(memberOffsets),
    tupleMembers: Int32Array.from(members),
    tupleCount,
    startTargets,
    startProbabilities,
    transitionOffsets,
    transitionTargets,
    transitionProbabilities,
    conversionProbabilities,
    sweepOrder,
  };
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
  for (let index = 0; index < chain.startTargets.length; index++) probability += chain.startProbabilities[index] * solution[chain.startTargets[index]];
  return probability;
}

/**
 * Removal effect of every path state s: 1 - P(convert without s) / P(convert), where removing s
 * sends every tuple containing s to null (at order k, all higher-order states holding s).
 */
export function removalEffects(chain: MarkovChain, stateCount: number): { baseProbability: number; effects: Float64Array } {
  const full = new Float64Array(chain.tupleCount);
  const baseProbability = conversionProbability(chain, undefined, full);
  const effects = new Float64Array(stateCount);
  if (baseProbability <= 0) return { baseProbability, effects };
  const tuplesOfState: number[][] = Array.from({ length: stateCount }, () => []);
  for (let tuple = 0; tuple < chain.tupleCount; tuple++) {
    for (let slot = chain.tupleMemberOffsets[tuple]; slot < chain.tupleMemberOffsets[tuple + 1]; slot++) tuplesOfState[chain.tupleMembers[slot]].push(tuple);
  }
  const removed = new Uint8Array(chain.tupleCount);
  const solution = new Float64Array(chain.tupleCount);
  for (let state = 0; state < stateCount; state++) {
    if (tuplesOfState[state].length === 0) continue;
    for (const tuple of tuplesOfState[state]) removed[tuple] = 1;
    // Removing a state only lowers absorption probabilities: the full solution is a close start.
    solution.set(full);
    const probability = conversionProbability(chain, removed, solution);
    effects[state] = Math.max(0, 1 - probability / baseProbability);
    for (const tuple of tuplesOfState[state]) removed[tuple] = 0;
  }
  return { baseProbability, effects };
}
