import { solveFreeSystem } from '../models/incremental/logisticFit';

/**
 * The organic baseline's course over the period (inferredMatcher.ts): a smooth multiplier of time.
 *
 * Mechanism: a site's organic traffic is not flat over a year. It grows with the company, dips in
 * the holidays and moves with seasons. With a flat baseline, visits in a busy stretch look like
 * campaign responses (and are credited to whichever creator posted then), while a slow stretch's
 * responses look organic. The course is e^(β·x(t)), x the first three Legendre polynomials of the
 * period's time scaled to [−1, 1] (orthonormal: a trend, a hump or dip, an S), divided by its mean
 * over the period so the baseline stays the daily average.
 *
 * It is fitted on the quiet hours only (quietHoursBaseline.ts: hours where the campaigns add almost
 * nothing), because a baseline free to move in time and the campaigns' responses over their windows
 * can take each other's part: an EM fit of the course on all events drifted down wherever creators
 * posted, handing organic visits to them. β is the Poisson maximum-likelihood estimate, kept
 * only when a Wald test says the year is not flat (1% level), then pulled toward 0 term by term by
 * Gaussian priors whose variances are estimated from the data (empirical Bayes), so a flat year
 * keeps a flat baseline and only a clear course is followed.
 */

/** Degrees of the Legendre polynomials in the course's exponent. */
export const COURSE_TERMS = 3;
const NEWTON_STEPS = 25;
/** The χ² distribution's upper 1% point with COURSE_TERMS (3) degrees of freedom. */
const CHI_SQUARE_1_PERCENT = 11.345;
/** Prior precision of a term whose estimated prior variance is 0: holds it at 0. */
const ABSENT_TERM_PRECISION = 1e12;
/** Points over the period at which the course's mean is taken. */
const MEAN_POINTS = 512;

export interface BaselineCourse {
  /** Period in days the polynomials are scaled over. */
  readonly start: number;
  readonly end: number;
  /** β, one per degree 1..COURSE_TERMS; all 0 for a flat baseline. */
  readonly coefficients: Float64Array;
  /** Mean of e^(β·x) over the period. */
  readonly mean: number;
}

export function flatCourse(start: number, end: number): BaselineCourse {
  return { start, end, coefficients: new Float64Array(COURSE_TERMS), mean: 1 };
}

/** The orthonormal Legendre terms (degrees 1..3) at `time`, written into `into`. */
export function courseTerms(time: number, start: number, end: number, into: Float64Array): Float64Array {
  const span = end - start;
  const v = span > 0 ? Math.min(1, Math.max(-1, (2 * (time - start)) / span - 1)) : 0;
  into[0] = Math.sqrt(3) * v;
  into[1] = (Math.sqrt(5) * (3 * v * v - 1)) / 2;
  into[2] = (Math.sqrt(7) * (5 * v * v * v - 3 * v)) / 2;
  return into;
}

function exponentAt(coefficients: Float64Array, time: number, start: number, end: number, scratch: Float64Array): number {
  courseTerms(time, start, end, scratch);
  let exponent = 0;
  for (let term = 0; term < COURSE_TERMS; term++) exponent += coefficients[term] * scratch[term];
  return exponent;
}

function withMean(start: number, end: number, coefficients: Float64Array): BaselineCourse {
  const scratch = new Float64Array(COURSE_TERMS);
  let sum = 0;
  for (let point = 0; point < MEAN_POINTS; point++) sum += Math.exp(exponentAt(coefficients, start + ((point + 0.5) / MEAN_POINTS) * (end - start), start, end, scratch));
  return { start, end, coefficients, mean: sum / MEAN_POINTS };
}

/** The baseline multiplier at `time` (days). */
export function courseAt(course: BaselineCourse, time: number, scratch: Float64Array = new Float64Array(COURSE_TERMS)): number {
  if (course.coefficients.every((coefficient) => coefficient === 0)) return 1;
  return Math.exp(exponentAt(course.coefficients, time, course.start, course.end, scratch)) / course.mean;
}

/**
 * The course from quiet time: per slot (an hour, say), its time, its observed events and the events
 * a flat baseline gives it (`expected`, > 0). Returns the shrunk estimate (see the module comment).
 */
export function fitCourse(start: number, end: number, times: Float64Array, observed: Float64Array, expected: Float64Array): BaselineCourse {
  const slots = times.length;
  const terms = new Float64Array(slots * COURSE_TERMS);
  const scratch = new Float64Array(COURSE_TERMS);
  let totalObserved = 0;
  for (let slot = 0; slot < slots; slot++) {
    courseTerms(times[slot], start, end, scratch);
    terms.set(scratch, slot * COURSE_TERMS);
    totalObserved += observed[slot];
  }
  if (totalObserved <= 0) return flatCourse(start, end);
  // Poisson regression with a free level: the level's profile keeps Σ fitted = Σ observed.
  const beta = new Float64Array(COURSE_TERMS);
  const information = new Float64Array(COURSE_TERMS * COURSE_TERMS);
  const gradient = new Float64Array(COURSE_TERMS);
  const fitted = new Float64Array(slots);
  const centre = new Float64Array(COURSE_TERMS);
  const solveInformation = (): boolean => {
    // Fitted values with the level profiled out, the score and the (level-profiled) information.
    let sum = 0;
    for (let slot = 0; slot < slots; slot++) {
      let exponent = 0;
      for (let term = 0; term < COURSE_TERMS; term++) exponent += beta[term] * terms[slot * COURSE_TERMS + term];
      fitted[slot] = expected[slot] * Math.exp(exponent);
      sum += fitted[slot];
    }
    if (!(sum > 0)) return false;
    const level = totalObserved / sum;
    centre.fill(0);
    for (let slot = 0; slot < slots; slot++) {
      fitted[slot] *= level;
      for (let term = 0; term < COURSE_TERMS; term++) centre[term] += (fitted[slot] * terms[slot * COURSE_TERMS + term]) / totalObserved;
    }
    gradient.fill(0);
    information.fill(0);
    for (let slot = 0; slot < slots; slot++) {
      for (let row = 0; row < COURSE_TERMS; row++) {
        const x = terms[slot * COURSE_TERMS + row] - centre[row];
        gradient[row] += (observed[slot] - fitted[slot]) * terms[slot * COURSE_TERMS + row];
        for (let column = 0; column < COURSE_TERMS; column++) information[row * COURSE_TERMS + column] += fitted[slot] * x * (terms[slot * COURSE_TERMS + column] - centre[column]);
      }
    }
    return true;
  };
  for (let step = 0; step < NEWTON_STEPS; step++) {
    if (!solveInformation()) return flatCourse(start, end);
    const move = solveSymmetric(information, gradient);
    if (!move) return flatCourse(start, end);
    let largest = 0;
    for (let term = 0; term < COURSE_TERMS; term++) {
      // Steps are capped so a thin year cannot throw the exponent far in one go.
      const capped = Math.max(-1, Math.min(1, move[term]));
      beta[term] += capped;
      largest = Math.max(largest, Math.abs(capped));
    }
    if (largest < 1e-8) break;
  }
  if (!solveInformation()) return flatCourse(start, end);
  // Only a clear course is followed: the Wald statistic β̂ᵀ I β̂ (χ² with COURSE_TERMS degrees of
  // freedom on a flat year) must pass its 1% point, so 99 flat data sets in 100 keep a flat baseline.
  let wald = 0;
  for (let row = 0; row < COURSE_TERMS; row++) {
    for (let column = 0; column < COURSE_TERMS; column++) wald += beta[row] * information[row * COURSE_TERMS + column] * beta[column];
  }
  if (!(wald > CHI_SQUARE_1_PERCENT)) return flatCourse(start, end);
  // Empirical Bayes, term by term: β_j ~ N(0, τ_j²) with E β̂_j² = τ_j² + (I⁻¹)_jj, so a term
  // the data barely show is pulled most of the way to 0 and a clear one is left nearly as fitted.
  const inverse = invertSymmetric(information);
  if (!inverse) return flatCourse(start, end);
  const precision = Float64Array.from(information);
  for (let term = 0; term < COURSE_TERMS; term++) {
    const priorVariance = beta[term] * beta[term] - inverse[term * COURSE_TERMS + term];
    precision[term * COURSE_TERMS + term] += priorVariance > 0 ? 1 / priorVariance : ABSENT_TERM_PRECISION;
  }
  // Posterior mean (I + diag(1/τ²))⁻¹ I β̂.
  const pulled = new Float64Array(COURSE_TERMS);
  for (let row = 0; row < COURSE_TERMS; row++) {
    for (let column = 0; column < COURSE_TERMS; column++) pulled[row] += information[row * COURSE_TERMS + column] * beta[column];
  }
  const shrunk = solveSymmetric(precision, pulled);
  return shrunk ? withMean(start, end, shrunk) : flatCourse(start, end);
}

const ALL_TERMS = Int32Array.from({ length: COURSE_TERMS }, (_value, term) => term);

/** Solves a small symmetric positive-definite system (the incremental model's Cholesky); null when it is not positive definite. */
function solveSymmetric(matrix: Float64Array, right: Float64Array): Float64Array | null {
  return solveFreeSystem(matrix, right, COURSE_TERMS, ALL_TERMS, COURSE_TERMS) ?? null;
}

function invertSymmetric(matrix: Float64Array): Float64Array | null {
  const size = COURSE_TERMS;
  const inverse = new Float64Array(size * size);
  for (let column = 0; column < size; column++) {
    const unit = new Float64Array(size);
    unit[column] = 1;
    const solved = solveSymmetric(matrix, unit);
    if (!solved) return null;
    for (let row = 0; row < size; row++) inverse[row * size + column] = solved[row];
  }
  return inverse;
}
