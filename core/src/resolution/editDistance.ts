/**
 * Optimal string alignment distance (restricted Damerau-Levenshtein: insertions, deletions,
 * substitutions and transpositions of adjacent characters, each costing 1), as in Boytsov (2011),
 * "Indexing methods for approximate dictionary searching", ACM JEA 16. A transposition is the most
 * common typing error, so `sprnig` is one edit from `spring`, not two.
 * Stops early and returns `limit + 1` once the distance must exceed `limit`. O(|a|·|b|) time.
 */
export function editDistance(left: string, right: string, limit = Infinity): number {
  const leftLength = left.length;
  const rightLength = right.length;
  if (Math.abs(leftLength - rightLength) > limit) return limit + 1;
  if (leftLength === 0) return rightLength;
  if (rightLength === 0) return leftLength;
  let twoRowsBack = new Array<number>(rightLength + 1).fill(0);
  let previousRow = new Array<number>(rightLength + 1);
  let currentRow = new Array<number>(rightLength + 1);
  for (let column = 0; column <= rightLength; column++) previousRow[column] = column;
  for (let row = 1; row <= leftLength; row++) {
    currentRow[0] = row;
    let rowMinimum = row;
    const leftCode = left.charCodeAt(row - 1);
    for (let column = 1; column <= rightLength; column++) {
      const rightCode = right.charCodeAt(column - 1);
      const substitution = previousRow[column - 1] + (leftCode === rightCode ? 0 : 1);
      let best = Math.min(previousRow[column] + 1, currentRow[column - 1] + 1, substitution);
      if (row > 1 && column > 1 && leftCode === right.charCodeAt(column - 2) && left.charCodeAt(row - 2) === rightCode) {
        best = Math.min(best, twoRowsBack[column - 2] + 1);
      }
      currentRow[column] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > limit) return limit + 1;
    const recycled = twoRowsBack;
    twoRowsBack = previousRow;
    previousRow = currentRow;
    currentRow = recycled;
  }
  return previousRow[rightLength];
}
