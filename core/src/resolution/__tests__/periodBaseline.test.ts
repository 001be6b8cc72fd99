import { Random } from '../../simulate/random';
import { COURSE_TERMS, courseAt, courseTerms, fitCourse, flatCourse } from '../periodBaseline';

const HOURS = 365 * 24;
const hourTimes = Float64Array.from({ length: HOURS }, (_value, hour) => (hour + 0.5) / 24);

/** Poisson events per hour at `perDay` × truth(day) a day, and what a flat `perDay` gives each hour. */
function hourlyDraws(seed: number, perDay: number, truth: (day: number) => number): { observed: Float64Array; expected: Float64Array } {
  const random = new Random(seed);
  const observed = Float64Array.from(hourTimes, (time) => random.poisson((perDay * truth(time)) / 24));
  const expected = new Float64Array(HOURS).fill(perDay / 24);
  return { observed, expected };
}

describe('courseTerms', () => {
  it('are orthonormal over the period (mean of x_j x_k is 1 on the diagonal, 0 off it)', () => {
    const terms = new Float64Array(COURSE_TERMS);
    const products = new Float64Array(COURSE_TERMS * COURSE_TERMS);
    const points = 20_000;
    for (let point = 0; point < points; point++) {
      courseTerms(((point + 0.5) / points) * 365, 0, 365, terms);
      for (let row = 0; row < COURSE_TERMS; row++) for (let column = 0; column < COURSE_TERMS; column++) products[row * COURSE_TERMS + column] += (terms[row] * terms[column]) / points;
    }
    for (let row = 0; row < COURSE_TERMS; row++) {
      for (let column = 0; column < COURSE_TERMS; column++) expect(products[row * COURSE_TERMS + column]).toBeCloseTo(row === column ? 1 : 0, 3);
    }
  });
});

describe('fitCourse', () => {
  it('follows organic traffic that triples over the year, with mean 1 over the period', () => {
    // Truth: 3^(u − ½) normalised to mean 1 (ln 3 / (√3 − 1/√3)), u the share of the year gone.
    const ratio = 3;
    const truth = (day: number): number => (Math.exp(Math.log(ratio) * (day / 365 - 0.5)) * Math.log(ratio)) / (Math.sqrt(ratio) - 1 / Math.sqrt(ratio));
    const { observed, expected } = hourlyDraws(1, 3, truth);
    const course = fitCourse(0, 365, hourTimes, observed, expected);
    for (const day of [10, 91, 182, 274, 355]) expect(Math.abs(courseAt(course, day) / truth(day) - 1)).toBeLessThan(0.1);
    let mean = 0;
    for (let day = 0; day < 365; day++) mean += courseAt(course, day + 0.5) / 365;
    expect(mean).toBeCloseTo(1, 2);
  });

  it('follows a summer dip (not monotone): lower in July than in January and December', () => {
    const truth = (day: number): number => 1 - 0.45 * Math.exp(-(((day - 190) / 60) ** 2));
    const { observed, expected } = hourlyDraws(2, 3, truth);
    const course = fitCourse(0, 365, hourTimes, observed, expected);
    expect(courseAt(course, 190) / courseAt(course, 20)).toBeLessThan(0.75);
    expect(courseAt(course, 190) / courseAt(course, 350)).toBeLessThan(0.75);
  });

  it('keeps a flat baseline on flat data, in nearly every sample (the Wald test at 1%)', () => {
    let flat = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { observed, expected } = hourlyDraws(seed, 3, () => 1);
      const course = fitCourse(0, 365, hourTimes, observed, expected);
      if (course.coefficients.every((coefficient) => coefficient === 0)) flat++;
    }
    // At the 1% level about 0.2 of 20 flat samples show a course by chance (measured: 4 of 400).
    expect(flat).toBeGreaterThanOrEqual(19);
  });

  it('returns a flat course without events, and a flat course is 1 everywhere', () => {
    const course = fitCourse(0, 365, hourTimes, new Float64Array(HOURS), new Float64Array(HOURS).fill(0.1));
    expect(Array.from(course.coefficients)).toEqual([0, 0, 0]);
    expect(courseAt(flatCourse(0, 365), 100)).toBe(1);
    expect(courseAt(course, -50)).toBe(1);
  });
});
