/**
 * Share accuracy of estimated credits against true effects: 1 − ½ Σ |ŝ − s| over channels, where
 * ŝ and s are the estimated and true shares (each normalised to sum to 1; negative values count
 * as 0). 1 is a perfect split; 0 gives everything to the wrong channels. It is one minus the total
 * variation distance between the two share vectors.
 */
export function shareAccuracy(estimated: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (estimated.length !== truth.length) throw new RangeError(`share vectors differ in length: ${estimated.length} vs ${truth.length}`);
  const normalise = (values: ArrayLike<number>): number[] => {
    let sum = 0;
    for (let index = 0; index < values.length; index++) sum += Math.max(0, values[index]);
    return Array.from({ length: values.length }, (_, index) => (sum > 0 ? Math.max(0, values[index]) / sum : 0));
  };
  const estimatedShares = normalise(estimated);
  const trueShares = normalise(truth);
  let distance = 0;
  for (let index = 0; index < estimatedShares.length; index++) distance += Math.abs(estimatedShares[index] - trueShares[index]);
  return 1 - distance / 2;
}
