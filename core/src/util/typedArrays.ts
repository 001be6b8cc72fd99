/** The typed arrays the core grows as it reads (codes, offsets, times, counts). */
type GrowableArray = Int32Array | Float64Array | Uint8Array;

/** A copy of `array` with room for `length` elements (the rest zero), of the same type. */
export function grownTo<Array extends GrowableArray>(array: Array, length: number): Array {
  const larger = new (array.constructor as new (length: number) => Array)(length);
  larger.set(array);
  return larger;
}
