import { momentShape } from './hierarchicalPrior';

/**
 * The organic baseline's weekly shape (inferredMatcher.ts): a multiplier per UTC weekday.
 *
 * Mechanism: B2B sites get most of their organic visitors on working days, while creator
 * responses follow the posts and their delays. With a flat baseline a weekend visit looks more
 * like a campaign response than it is, and a Tuesday visit less. The EM's expected organic events
 * per weekday O_d are compared with what a flat week gives, μ_d = ΣO · days_d / Σ days; each
 * weekday's factor is its Gamma-Poisson posterior mean (O_d + α) / (μ_d + α), with the shape α
 * estimated from how much the weekdays differ beyond Poisson noise (method of moments, as the
 * hierarchy's shapes: hierarchicalPrior.ts). A flat week (no excess spread) gives α at its upper
 * bound and factors ≈ 1, so data without a weekly pattern keep a flat baseline. Factors are
 * normalised to mean 1 over the period's days, so the baseline stays the daily average.
 */
export function weekdayFactors(organicByWeekday: ArrayLike<number>, weekdayDays: ArrayLike<number>): Float64Array {
  let organic = 0;
  let days = 0;
  for (let weekday = 0; weekday < 7; weekday++) {
    organic += organicByWeekday[weekday];
    days += weekdayDays[weekday];
  }
  const factors = new Float64Array(7).fill(1);
  if (!(organic > 0) || !(days > 0)) return factors;
  const expected = Float64Array.from({ length: 7 }, (_value, weekday) => (organic * weekdayDays[weekday]) / days);
  const shape = momentShape(organicByWeekday, expected);
  let weighted = 0;
  for (let weekday = 0; weekday < 7; weekday++) {
    factors[weekday] = expected[weekday] > 0 ? (organicByWeekday[weekday] + shape) / (expected[weekday] + shape) : 1;
    weighted += factors[weekday] * weekdayDays[weekday];
  }
  for (let weekday = 0; weekday < 7; weekday++) factors[weekday] *= days / weighted;
  return factors;
}

/** Days of each UTC weekday (0 = Sunday) in [start, end) given in epoch milliseconds, fractional at the ends. */
export function weekdayDaysBetween(start: number, end: number): Float64Array {
  const dayMs = 86_400_000;
  const days = new Float64Array(7);
  for (let dayStart = Math.floor(start / dayMs) * dayMs; dayStart < end; dayStart += dayMs) {
    const covered = Math.min(end, dayStart + dayMs) - Math.max(start, dayStart);
    if (covered > 0) days[(Math.floor(dayStart / dayMs) + 4) % 7] += covered / dayMs;
  }
  return days;
}
