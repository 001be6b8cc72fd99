/**
 * Rounds values to `decimals` places so that the rounded values add up to their rounded sum
 * (the largest-remainder method, Hamilton's apportionment): each value goes down to its floor, and
 * the units still missing go to the values with the largest remainders (the earlier one on a tie).
 * Rounding each row of a report on its own lets a column miss its total by a cent every few rows;
 * this keeps every column equal to the total printed under it. Each value moves by less than one
 * unit of the last place.
 */
export function roundKeepingTotal(values: readonly number[], decimals: number): number[] {
  const factor = 10 ** decimals;
  const units = values.map((value) => Math.floor(value * factor));
  let sum = 0;
  let floors = 0;
  for (let index = 0; index < values.length; index++) {
    sum += values[index] * factor;
    floors += units[index];
  }
  const missing = Math.round(sum) - floors;
  if (missing > 0) {
    const byRemainder = values
      .map((_, index) => index)
      .sort((left, right) => values[right] * factor - units[right] - (values[left] * factor - units[left]) || left - right);
    for (let rank = 0; rank < missing && rank < byRemainder.length; rank++) units[byRemainder[rank]] += 1;
  }
  return units.map((unit) => unit / factor);
}
