import { normal } from './random';

/** Binomial draw: Bernoulli trials for small n, a rounded normal approximation (clamped) above. */
export function binomial(random: () => number, trials: number, probability: number): number {
  if (trials <= 0 || probability <= 0) return 0;
  if (probability >= 1) return trials;
  if (trials < 50) {
    let successes = 0;
    for (let trial = 0; trial < trials; trial++) if (random() < probability) successes++;
    return successes;
  }
  const mean = trials * probability;
  const deviation = Math.sqrt(mean * (1 - probability));
  return Math.min(trials, Math.max(0, Math.round(mean + deviation * normal(random))));
}
