/**
 * Below this share of all positive incremental conversions a state's value is rounding residue: a
 * state whose touch effects sit at their bound of 0 keeps differences of equal probabilities
 * (1e-17 to 1e-20 on the demo) instead of an exact 0.
 */
const RESIDUE_SHARE = 1e-9;

/**
 * The weights credit follows: each state's incremental conversions, negative ones as 0, and
 * rounding residue as 0 too. Residue is no credit: a deal whose other states all weigh 0 would
 * otherwise go wholly to whichever state kept 1e-20, and which one does changed with the order of
 * the rows (measured on the demo: deal d-213 all to an email touch, or split in three).
 */
export function creditWeights(incremental: Float64Array): Float64Array {
  let positive = 0;
  for (const value of incremental) if (value > 0) positive += value;
  const floor = positive * RESIDUE_SHARE;
  return incremental.map((value) => (value > floor ? value : 0));
}
