'use strict';
// Random numbers for the benches that generate data apart from the project's simulator
// (second-world.js, second-journeys.js): mulberry32 and the draws built on it, nothing shared with
// core/src/simulate or core/src/simulation, so those benches test the models on data the project's
// own generators did not shape.

/** mulberry32 (Tommy Ettinger's 32-bit generator) and normal, Poisson, gamma and pick draws on it. */
function randomSource(seed) {
  let state = (seed * 2654435761) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const poisson = (mean) => {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const limit = Math.exp(-mean);
    let count = -1;
    for (let product = 1; product > limit; product *= next()) count++;
    return count;
  };
  // Marsaglia & Tsang (2000), shape ≥ 1.
  const gamma = (shape, mean) => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x;
      let v;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      if (Math.log(next()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v * mean) / shape;
    }
  };
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, normal, poisson, gamma, pick };
}

module.exports = { randomSource };
