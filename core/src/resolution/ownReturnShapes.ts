import { curveAt, returnCurve, type ReturnCurve } from './returnCurve';

/** A group's own delay shape needs this many tagged responders; fewer borrow the pooled one. */
const MIN_CURVE_CONTACTS = 50;

/**
 * F_g(T): the share of returns through one's own campaign that come within T days, per group of
 * campaigns (creators, or one channel's). The Kaplan–Meier curve of such returns among the group's
 * tagged responders, censored at the data's end, over its final value; built for a group when
 * first needed (from all groups pooled when it has too few responders), read per whole day.
 */
export class OwnReturnShapes {
  private readonly shapes: Array<ReturnCurve | null>;
  private pooled: ReturnCurve | null = null;
  private readonly byDay: Float64Array;

  /** `returnsByGroup`: delays (days) of the returns; `censoredByGroup`: days left at the data's end for the others. Both sorted in place. */
  constructor(
    private readonly returnsByGroup: readonly Float64Array[],
    private readonly censoredByGroup: readonly Float64Array[],
    dayCount: number,
  ) {
    this.shapes = new Array<ReturnCurve | null>(returnsByGroup.length).fill(null);
    this.byDay = new Float64Array(dayCount * returnsByGroup.length).fill(NaN);
  }

  /** F_g at a first touch `day` whole days before the data's end (read at the day's middle). */
  at(group: number, day: number): number {
    const slot = day * this.shapes.length + group;
    if (Number.isNaN(this.byDay[slot])) this.byDay[slot] = curveAt((this.shapes[group] ??= this.shapeOf(group)), day + 0.5);
    return this.byDay[slot];
  }

  private shapeOf(group: number): ReturnCurve {
    const enough = this.returnsByGroup[group].length + this.censoredByGroup[group].length >= MIN_CURVE_CONTACTS;
    const curve = enough ? returnCurve(this.returnsByGroup[group], this.censoredByGroup[group]) : this.pooledCurve();
    const last = curve.returnedBy.length > 0 ? curve.returnedBy[curve.returnedBy.length - 1] : 0;
    return { at: curve.at, returnedBy: curve.returnedBy.map((value) => (last > 0 ? value / last : 0)) };
  }

  private pooledCurve(): ReturnCurve {
    return (this.pooled ??= returnCurve(concatenated(this.returnsByGroup), concatenated(this.censoredByGroup)));
  }
}

function concatenated(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
