/** Largest segment sorted by insertion; longer ones go through Array.prototype.sort. */
const INSERTION_SORT_MAX = 32;

/** Sorts values[start, end) by `compare`: in place by insertion when short, else by the built-in sort. */
export function sortSegment(values: Int32Array, start: number, end: number, compare: (left: number, right: number) => number): void {
  if (end - start <= INSERTION_SORT_MAX) {
    for (let next = start + 1; next < end; next++) {
      const value = values[next];
      let position = next;
      while (position > start && compare(values[position - 1], value) > 0) {
        values[position] = values[position - 1];
        position--;
      }
      values[position] = value;
    }
    return;
  }
  values.set(Array.from(values.subarray(start, end)).sort(compare), start);
}
