/**
 * Hierarchical empirical-Bayes estimate of each campaign's expected inferred responses (the
 * M-step of the inference in inferredMatcher.ts).
 *
 * Mechanism: a post that drives many tagged clicks, landing-page visits and promo codes also
 * drives proportionally many branded searches and direct visits; the proportion depends on the
 * platform (a podcast has no link to click, so its listeners search; a story's viewers tap the
 * link) and on the audience (one creator's followers respond alike across that creator's
 * campaigns). So the ratio r = inferred responses / evidenced new contacts is modelled as nested
 * Gamma draws (hierarchical Poisson-Gamma; Gelman et al., Bayesian Data Analysis, 3rd ed., §5.3):
 *
 *   r_group (pooled) → r_platform ~ Gamma(α₁, mean r_group) → r_creator ~ Gamma(α₂, mean r_platform)
 *   → A_c ~ Gamma(α₃, mean r_creator · n_c)
 *
 * Each node's ratio is its Gamma posterior mean given its campaigns' counts and its parent's ratio,
 * (Σ S + α) / (Σ n + α / r_parent), with S the campaigns' expected inferred responses (E-step sums)
 * and n their evidenced new contacts. The shapes α (how much the nodes of a level differ) are not
 * constants: they are estimated at every iteration by the method of moments, each node against its
 * siblings (E[(S − μ)² − S] = μ² / α for a Poisson count whose mean is Gamma-distributed around μ),
 * so data whose creators all respond alike pool strongly and data whose creators differ pool
 * weakly (parametric empirical Bayes; Morris, JASA 1983).
 */

/** Bounds of every estimated shape: 0.5 (nodes differ by ~140%) to 1000 (nodes are alike). */
export const MIN_SHAPE = 0.5;
export const MAX_SHAPE = 1000;

export interface CampaignHierarchy {
  /**
   * Node of each campaign at each level, from the coarsest (level 0: kinds of campaign that
   * respond differently by nature, e.g. creator campaigns vs one channel's campaigns, not pooled
   * with each other) to the finest above the campaign (e.g. the creator). Levels must nest: two
   * campaigns in one node of a level are in one node of every coarser level. The campaign itself
   * is the last level, implicitly.
   */
  readonly levels: readonly Int32Array[];
}

export interface HierarchicalEstimate {
  /** Posterior mean of each campaign's expected responses, lift[campaign * kindCount + kind]. */
  readonly lift: Float64Array;
  /** Estimated shape of each level below level 0, the campaign level last. */
  readonly levelShapes: Float64Array;
  /**
   * ∂lift / ∂(the campaign's own E-step sum), parents held fixed: how much one response counted
   * for a campaign raises its own estimate (used to take an event's own weight out of its posterior).
   */
  readonly sensitivity: Float64Array;
}

/**
 * Method-of-moments estimate of a Gamma shape from counts S and their expected values μ:
 * 1/α = Σ[(S − μ)² − V] / Σ μ², clamped to [MIN_SHAPE, MAX_SHAPE], where V is each count's
 * sampling variance: S itself for a plain Poisson count (the default), less for an expected
 * count of an EM fit (see hierarchicalLift). No evidence of spread beyond that noise gives MAX_SHAPE.
 */
export function momentShape(observed: ArrayLike<number>, expected: ArrayLike<number>, noise: ArrayLike<number> = observed): number {
  let excess = 0;
  let scale = 0;
  for (let index = 0; index < observed.length; index++) {
    const deviation = observed[index] - expected[index];
    excess += deviation * deviation - noise[index];
    scale += expected[index] * expected[index];
  }
  if (scale <= 0 || excess <= scale / MAX_SHAPE) return MAX_SHAPE;
  return Math.min(MAX_SHAPE, Math.max(MIN_SHAPE, scale / excess));
}

interface LevelTotals {
  readonly nodeOf: Int32Array;
  readonly nodeCount: number;
  /** sums[node * kindCount + kind]: Σ of the node's campaigns' E-step sums. */
  readonly sums: Float64Array;
  /** noise[node * kindCount + kind]: Σ of the node's campaigns' sampling variances of those sums. */
  readonly noise: Float64Array;
  readonly reach: Float64Array;
}

function levelTotals(nodeOf: Int32Array, responseSums: Float64Array, responseNoise: Float64Array, reach: Float64Array, kindCount: number): LevelTotals {
  const nodeCount = nodeOf.reduce((max, node) => Math.max(max, node + 1), 0);
  const sums = new Float64Array(nodeCount * kindCount);
  const noise = new Float64Array(nodeCount * kindCount);
  const nodeReach = new Float64Array(nodeCount);
  for (let campaign = 0; campaign < nodeOf.length; campaign++) {
    const node = nodeOf[campaign];
    nodeReach[node] += reach[campaign];
    for (let kind = 0; kind < kindCount; kind++) {
      sums[node * kindCount + kind] += responseSums[campaign * kindCount + kind];
      noise[node * kindCount + kind] += responseNoise[campaign * kindCount + kind];
    }
  }
  return { nodeOf, nodeCount, sums, noise, reach: nodeReach };
}

/**
 * The shape of one level: each node's sums against what its siblings' pooled ratio predicts for
 * its reach (the node itself left out, so a node alone under its parent says nothing about how
 * nodes differ), pooled over kinds.
 */
function levelShape(parent: LevelTotals, child: LevelTotals, parentOfNode: Int32Array, kindCount: number): number {
  const observed: number[] = [];
  const expected: number[] = [];
  const noise: number[] = [];
  for (let node = 0; node < child.nodeCount; node++) {
    const up = parentOfNode[node];
    const siblingReach = parent.reach[up] - child.reach[node];
    if (siblingReach <= 0 || child.reach[node] <= 0) continue;
    for (let kind = 0; kind < kindCount; kind++) {
      observed.push(child.sums[node * kindCount + kind]);
      noise.push(child.noise[node * kindCount + kind]);
      expected.push((child.reach[node] * (parent.sums[up * kindCount + kind] - child.sums[node * kindCount + kind])) / siblingReach);
    }
  }
  return momentShape(observed, expected, noise);
}

/**
 * One campaign's expected responses: the posterior mean under a Gamma(shape, mean ratio × reach)
 * prior, given its E-step sum `sum` with sampling variance `noise` (Σ pᵢ², see hierarchicalLift).
 *
 * Why not (sum + shape) / (1 + shape / prior mean), the update for a Poisson count: the sum is not
 * a count. The Fisher information of the campaign's lift A in the Poisson-process likelihood is
 * Σ (∂ log λ(tᵢ) / ∂A)² = Σ pᵢ² / A², so the lift fitted from its events has relative variance
 * 1 / Σ pᵢ²: its events are worth Σ pᵢ² Poisson events, fewer than Σ pᵢ wherever the campaign
 * shares them with the baseline or other campaigns. A campaign whose sum is made of many
 * half-shared events (a large post next to a busier one, a small campaign among organic visits)
 * is pulled toward its prior accordingly. With likelihood ∝ A^Q e^(−A·Q/S) (mean S, relative
 * variance 1/Q, Q = min(Σ pᵢ², S)) and prior A^(α−1) e^(−α A / μ):
 *
 *   E[A] = (Q + α) / (Q / S + α / μ)
 *
 * which is the count update when every event is the campaign's own (Q = S). `sensitivity` is
 * ∂E[A]/∂S with Q / S held (one more event of the same kind): how much one response counted for
 * the campaign raises its own estimate (the leave-one-out posterior takes it out). Without a
 * parent ratio (prior ≤ 0) the data are shrunk toward zero: E[A] = Q / (Q / S + α / reach).
 * Measured on the simulator's worlds and default seeds (docs/utm-and-resolution.md, "Measured").
 */
export function campaignPosterior(sum: number, noise: number, reach: number, prior: number, shape: number): { mean: number; sensitivity: number } {
  if (reach <= 0) return { mean: 0, sensitivity: 0 };
  // Q / S: 1 for a plain count (noise = sum), less for shared events.
  const information = sum > 0 && noise > 0 ? Math.min(1, noise / sum) : 1;
  const precision = prior > 0 ? shape / (prior * reach) : shape / reach;
  const mean = prior > 0 ? (information * sum + shape) / (information + precision) : (information * sum) / (information + precision);
  return { mean, sensitivity: information / (information + precision) };
}

/**
 * The campaigns' expected responses under the hierarchy, from the current E-step sums
 * (`responseSums[campaign * kindCount + kind]`) and evidenced new contacts (`reach`).
 * A campaign without evidenced contacts gets none. O(campaigns × kinds × levels) per call.
 *
 * `responseNoise` is each sum's sampling variance. An E-step sum is not a count: it adds each
 * event's posterior p of coming from the campaign, and for events of a Poisson process the
 * variance of Σ p(tᵢ) is ∫ p² λ dt, estimated by Σ pᵢ² (Campbell's theorem; Kingman, Poisson
 * Processes, 1993, §3.2), which is less than Σ pᵢ wherever the campaign shares its events with
 * the baseline or other campaigns. Counting the Poisson variance Σ pᵢ there instead takes real
 * differences between platforms and creators (a podcast's listeners search far more per
 * evidenced contact than a video's viewers) for noise and pools them away. At the campaign level
 * the sums are compared with the Poisson variance Σ pᵢ all the same: there a sum is the campaign's
 * own fitted responses (its lift is set from its sum, so the allocation follows the chance excess
 * of events near its anchors, the self-attraction the leave-one-out posterior corrects), and its
 * spread lies between Σ pᵢ² (parameters known) and the maximum-likelihood lift's L²/Σ pᵢ² ≥ Σ pᵢ;
 * measured on the simulator (docs/utm-and-resolution.md): Σ pᵢ² there too cost 0.1 points of mean
 * gap, L²/Σ pᵢ² at every level 0.2–0.8. The campaign's own update, however, weighs its sum by
 * the information Σ pᵢ² it carries (campaignPosterior). Absent: the sums are treated as counts
 * (variance = the sum).
 */
export function hierarchicalLift(
  responseSums: Float64Array,
  reach: Float64Array,
  hierarchy: CampaignHierarchy,
  kindCount: number,
  responseNoise: Float64Array = responseSums,
): HierarchicalEstimate {
  const campaignCount = reach.length;
  const levels = [...hierarchy.levels, Int32Array.from({ length: campaignCount }, (_value, campaign) => campaign)];
  const totals = levels.map((nodeOf) => levelTotals(nodeOf, responseSums, responseNoise, reach, kindCount));
  const levelShapes = new Float64Array(levels.length - 1);
  const sensitivity = new Float64Array(campaignCount * kindCount);
  // Level 0 is the plain pooled ratio of its campaigns.
  const top = totals[0];
  let parentRatio = new Float64Array(top.nodeCount * kindCount);
  for (let node = 0; node < top.nodeCount; node++) {
    for (let kind = 0; kind < kindCount; kind++)
      parentRatio[node * kindCount + kind] = top.reach[node] > 0 ? top.sums[node * kindCount + kind] / top.reach[node] : 0;
  }
  for (let level = 1; level < levels.length; level++) {
    const parent = totals[level - 1];
    const child = totals[level];
    const parentOfNode = new Int32Array(child.nodeCount);
    for (let campaign = 0; campaign < campaignCount; campaign++) parentOfNode[child.nodeOf[campaign]] = parent.nodeOf[campaign];
    const campaignLevel = level === levels.length - 1;
    // The campaign level keeps the Poisson variance (see `responseNoise` above).
    const shape = levelShape(parent, campaignLevel ? { ...child, noise: child.sums } : child, parentOfNode, kindCount);
    levelShapes[level - 1] = shape;
    const ratio = new Float64Array(child.nodeCount * kindCount);
    for (let node = 0; node < child.nodeCount; node++) {
      for (let kind = 0; kind < kindCount; kind++) {
        const slot = node * kindCount + kind;
        const prior = parentRatio[parentOfNode[node] * kindCount + kind];
        const nodeReach = child.reach[node];
        // Gamma(shape, mean prior) prior on the node's ratio; its counts are Poisson over its reach.
        if (campaignLevel) {
          const lift = campaignPosterior(child.sums[slot], child.noise[slot], nodeReach, prior, shape);
          ratio[slot] = nodeReach > 0 ? lift.mean / nodeReach : 0;
          sensitivity[slot] = lift.sensitivity;
          continue;
        }
        const denominator = prior > 0 ? nodeReach + shape / prior : nodeReach + shape;
        ratio[slot] = prior > 0 ? (child.sums[slot] + shape) / denominator : child.sums[slot] / denominator;
      }
    }
    parentRatio = ratio;
  }
  const lift = new Float64Array(campaignCount * kindCount);
  for (let slot = 0; slot < lift.length; slot++) lift[slot] = parentRatio[slot] * reach[Math.floor(slot / kindCount)];
  return { lift, levelShapes, sensitivity };
}
