import type { CountMoments, ExposurePatterns } from './exposurePatterns';

/**
 * Who touches more, told apart from who is targeted. A buyer's touch rate of state s is
 *   e^(μ_s + a·u + t_s·z),  u, z independent standard normals,
 * u the buyer's general activity (active people touch more of EVERY state, and are not likelier
 * to buy for it) and z the hidden propensity to buy that targeting aims at (t_s > 0: s is aimed at
 * likely buyers, who get more of its touches). For such Poisson-lognormal counts the second
 * moments are exact:
 *   K_sr = ln(E[n_s n_r] / (m_s m_r)) = a² + t_s t_r   (s ≠ r),   K_ss = ln(E[n_s (n_s − 1)] / m_s²) = a² + t_s²,
 * m_s = E n_s. General activity lifts every pair's K by the same a²; targeting adds t_s² to the
 * targeted state's own K on top. So a² is read from how states co-vary (the weighted median of the
 * K_sr between different states: robust to the few pairs that targeting or one touch bringing
 * another lift), and a state's loading from how much MORE its counts vary than activity explains:
 * t_s = √(K_ss − a²), kept when that excess is SIGNIFICANCE standard errors above 0 (delta
 * method). When every state is over-dispersed alike (people differ in activity), no state gets a
 * loading and no propensity is read into counts. Targeting that reaches most states alike looks
 * like activity and is not found: the counts cannot tell the two apart.
 *
 * The moments are those of the touch counts before capping (ExposurePatterns.countMoments).
 * Above MAXIMUM_STATES_FOR_MOMENTS states they are not gathered and no loading is found.
 */
export interface PropensityLoadings {
  /** t_s per state (0: counts vary no more than general activity explains). */
  readonly loadings: Float64Array;
  /** a², the spread of general activity (≥ 0). */
  readonly activityVariance: number;
  /** Mean touches per journey, per state (before capping). */
  readonly means: Float64Array;
}

/** A state's excess must exceed this many standard errors of its K_ss. */
const SIGNIFICANCE = 4;
/** Share of the co-variation a shared propensity predicts that a loaded state must show (sharedLoadings). */
const MINIMUM_SHARED_SLOPE = 0.5;
/** Pairs seen together in fewer journeys than this carry no weight (their K is too noisy). */
const MINIMUM_PAIR_JOURNEYS = 30;

/** Touch count of a pattern's state slot after capping (exposurePatterns stores ln(capped count)). */
export function countAt(patterns: ExposurePatterns, slot: number): number {
  return Math.round(Math.exp(patterns.extraTouchFeature[slot]));
}

interface PairMoments {
  /** K_sr (row-major, symmetric) and the inverse of its sampling variance (0: not usable). */
  readonly logRatio: Float64Array;
  readonly weight: Float64Array;
  readonly means: Float64Array;
}

export function pairMoments(moments: CountMoments, stateCount: number): PairMoments {
  const { journeys: total, sums: sum, products: product, productSquares, together } = moments;
  const size = stateCount * stateCount;
  const means = sum.map((value) => (total > 0 ? value / total : 0));
  const logRatio = new Float64Array(size);
  const weight = new Float64Array(size);
  for (let first = 0; first < stateCount; first++) {
    for (let second = 0; second < stateCount; second++) {
      // Pattern states are in ascending order, so sums sit at [larger × stateCount + smaller].
      const key = Math.max(first, second) * stateCount + Math.min(first, second);
      if (together[key] < MINIMUM_PAIR_JOURNEYS || product[key] <= 0 || total === 0) continue;
      const mean = product[key] / total;
      const variance = productSquares[key] / total - mean * mean;
      // Delta method: Var ln(mean of x) ≈ Var x / (J · (E x)²).
      const logVariance = variance / (total * mean * mean);
      if (!(logVariance > 0)) continue;
      logRatio[first * stateCount + second] = Math.log(mean / (means[first] * means[second]));
      weight[first * stateCount + second] = 1 / logVariance;
    }
  }
  return { logRatio, weight, means };
}

/** Weighted median of the values with positive weight (0 when there are none). */
function weightedMedian(values: number[], weights: number[]): number {
  const order = values.map((_, index) => index).sort((left, right) => values[left] - values[right]);
  const half = weights.reduce((sum, weight) => sum + weight, 0) / 2;
  let running = 0;
  for (const index of order) {
    running += weights[index];
    if (running >= half) return values[index];
  }
  return 0;
}

export function propensityLoadings(patterns: ExposurePatterns): PropensityLoadings {
  const { stateCount, countMoments } = patterns;
  if (!countMoments) return { loadings: new Float64Array(stateCount), activityVariance: 0, means: new Float64Array(stateCount) };
  const { logRatio, weight, means } = pairMoments(countMoments, stateCount);
  const offDiagonal: number[] = [];
  const offDiagonalWeights: number[] = [];
  for (let first = 0; first < stateCount; first++) {
    for (let second = 0; second < first; second++) {
      const key = first * stateCount + second;
      if (weight[key] === 0) continue;
      offDiagonal.push(logRatio[key]);
      offDiagonalWeights.push(weight[key]);
    }
  }
  const activityVariance = Math.max(0, weightedMedian(offDiagonal, offDiagonalWeights));
  const loadings = new Float64Array(stateCount);
  for (let state = 0; state < stateCount; state++) {
    const key = state * stateCount + state;
    if (weight[key] === 0) continue;
    const excess = logRatio[key] - activityVariance;
    if (excess > SIGNIFICANCE / Math.sqrt(weight[key])) loadings[state] = Math.sqrt(excess);
  }
  return { loadings: sharedLoadings(loadings, logRatio, weight, activityVariance), activityVariance, means };
}

/**
 * Keeps the loadings that one shared propensity explains. If states s and r are both aimed at
 * likely buyers, they co-vary through it: K_sr − a² = t_s t_r. A state's own excess variance can
 * also come from people preferring it to the others (someone who mostly reads email gets fewer of
 * the other touches): its excess then comes with LESS co-variation with the other states, not
 * more. So when two or more states have an excess, each keeps its loading only if its co-variation
 * with the others holds at least half of what the shared propensity predicts (the weighted
 * regression slope of K_sr − a² on t_s t_r, over the other states with an excess). A single state
 * with an excess has nothing to check against and keeps it.
 */
function sharedLoadings(candidates: Float64Array, logRatio: Float64Array, weight: Float64Array, activityVariance: number): Float64Array {
  const stateCount = candidates.length;
  const loaded: number[] = [];
  for (let state = 0; state < stateCount; state++) if (candidates[state] > 0) loaded.push(state);
  if (loaded.length < 2) return candidates;
  const kept = new Float64Array(stateCount);
  for (const state of loaded) {
    let covariation = 0;
    let predicted = 0;
    for (const other of loaded) {
      const key = state * stateCount + other;
      if (other === state || weight[key] === 0) continue;
      const product = candidates[state] * candidates[other];
      covariation += weight[key] * (logRatio[key] - activityVariance) * product;
      predicted += weight[key] * product * product;
    }
    if (predicted > 0 && covariation / predicted >= MINIMUM_SHARED_SLOPE) kept[state] = candidates[state];
  }
  return kept;
}
