/**
 * Optimal string alignment distance (restricted Damerau-Levenshtein: insertions, deletions,
 * substitutions and transpositions of adjacent characters, each costing 1), as in Boytsov (2011),
 * "Indexing methods for approximate dictionary searching", ACM JEA 16. A transposition is the most
 * common typing error, so `sprnig` is one edit from `spring`, not two.
 *
 * With a `limit`, only the cells within `limit` of the diagonal are computed (Ukkonen's band: a
 * path leaving it costs more than `limit`), and the answer is `limit + 1` once the distance must
 * exceed it: O(|a|·limit) time. Fuzzy tag matching asks for limits of 1 and 2 against every
 * campaign's tag, so the band makes it several times faster than the full O(|a|·|b|) table.
 */
export function editDistance(left: string, right: string, limit = Infinity): number {
  const leftLength = left.length;
  const rightLength = right.length;
  if (Math.abs(leftLength - rightLength) > limit) return limit + 1;
  if (leftLength === 0) return rightLength;
  if (rightLength === 0) return leftLength;
  const band = Math.min(limit, Math.max(leftLength, rightLength));
  // Cells outside the band read as `outside`: more than any distance within the limit.
  const outside = band + 1;
  let twoRowsBack = rowOf(rightLength, 0);
  let previousRow = rowOf(rightLength, 1);
  let currentRow = rowOf(rightLength, 2);
  for (let column = 0; column <= Math.min(rightLength, band); column++) previousRow[column] = column;
  if (band < rightLength) previousRow[band + 1] = outside;
  for (let row = 1; row <= leftLength; row++) {
    const first = Math.max(1, row - band);
    const last = Math.min(rightLength, row + band);
    currentRow[first - 1] = first === 1 ? row : outside;
    let rowMinimum = first === 1 ? row : outside;
    const leftCode = left.charCodeAt(row - 1);
    for (let column = first; column <= last; column++) {
      const rightCode = right.charCodeAt(column - 1);
      const substitution = previousRow[column - 1] + (leftCode === rightCode ? 0 : 1);
      let best = Math.min(previousRow[column] + 1, currentRow[column - 1] + 1, substitution);
      if (row > 1 && column > 1 && leftCode === right.charCodeAt(column - 2) && left.charCodeAt(row - 2) === rightCode) {
        best = Math.min(best, twoRowsBack[column - 2] + 1);
      }
      currentRow[column] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (last < rightLength) currentRow[last + 1] = outside;
    if (rowMinimum > limit) return limit + 1;
    const recycled = twoRowsBack;
    twoRowsBack = previousRow;
    previousRow = currentRow;
    currentRow = recycled;
  }
  return Math.min(previousRow[rightLength], limit + 1);
}

/** Three reusable rows (no allocation per call: tag matching calls this some 100,000 times a run). */
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

function rowOf(length: number, which: number): Int32Array {
  if (rows[which].length <= length) rows[which] = new Int32Array(2 * (length + 1));
  return rows[which];
}
