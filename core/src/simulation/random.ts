/**
 * A seeded pseudo-random generator (mulberry32, Tommy Ettinger's public-domain 32-bit generator):
 * uniform numbers in [0, 1), so that every simulation, bootstrap and sample repeats exactly.
 */
export function createRandom(seed: number): () => number {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box-Muller). */
export function normal(random: () => number): number {
  const radius = Math.sqrt(-2 * Math.log(1 - random()));
  return radius * Math.cos(2 * Math.PI * random());
}

/** Poisson draw: Knuth's product method for small means, a rounded normal approximation above 30. */
export function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}

/** A mulberry32 generator that can be re-seeded in place (no allocation per seed in hot loops). */
export interface ReseedableRandom {
  (): number;
  reseed(seed: number): void;
}

export function createReseedableRandom(): ReseedableRandom {
  let state = 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }) as ReseedableRandom;
  // Same sequence as createRandom(seed).
  next.reseed = (seed: number) => {
    state = (seed >>> 0) ^ 0x9e3779b9;
  };
  return next;
}
