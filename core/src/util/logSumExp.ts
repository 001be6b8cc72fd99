/** ln Σ e^(value), computed from the largest value so that no term overflows (−∞ for no finite value). */
export function logSumExp(values: ArrayLike<number>): number {
  let peak = -Infinity;
  for (let index = 0; index < values.length; index++) if (values[index] > peak) peak = values[index];
  if (peak === -Infinity) return peak;
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += Math.exp(values[index] - peak);
  return peak + Math.log(sum);
}
