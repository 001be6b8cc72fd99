/**
 * b_c(t): the chance that a contact *not* brought by campaign c comes back through c anyway
 * (people follow several creators; a campaign running later reaches them too). Counted among the
 * contacts whose first touch is known (carried another campaign, or plainly organic) and came within
 * RATE_WINDOW_DAYS of t, shrunk toward the rate within WIDE_WINDOW_DAYS (RATE_PRIOR_CONTACTS
 * contacts' worth). Days are whole days before the data's end (0: the last day); counts are kept
 * per day as prefix sums, so a window's count is a difference, and each day's rate is computed once.
 */

/** Half-width (days) of the window of first touches a cross-return rate is counted over. */
const RATE_WINDOW_DAYS = 14;
/** Half-width (days) of the wider window whose rate the local one is shrunk toward. */
const WIDE_WINDOW_DAYS = 60;
/** Weight (contacts) of the wider window's rate in the local estimate. */
const RATE_PRIOR_CONTACTS = 30;
/** Above this many campaign × day rates, they are cached in a map instead of a table. */
const MAXIMUM_TABLE_RATES = 4_000_000;

export class CrossReturnRates {
  private readonly known: Int32Array;
  /** Per campaign (allocated for campaigns that have any): contacts it brought, and contacts it did not bring who came back through it. */
  private readonly brought: Array<Int32Array | null>;
  private readonly crossed: Array<Int32Array | null>;
  private sealed = false;
  private readonly table: Float64Array | null;
  private readonly map = new Map<number, number>();

  constructor(
    private readonly dayCount: number,
    private readonly campaignCount: number,
  ) {
    this.known = new Int32Array(dayCount + 1);
    this.brought = new Array<Int32Array | null>(campaignCount).fill(null);
    this.crossed = new Array<Int32Array | null>(campaignCount).fill(null);
    this.table = dayCount * campaignCount <= MAXIMUM_TABLE_RATES ? new Float64Array(dayCount * campaignCount).fill(NaN) : null;
  }

  /** A contact of known cause whose first touch came `day` days before the data's end. */
  addKnown(day: number): void {
    this.known[day + 1]++;
  }

  /** That contact was brought by `campaign`. */
  addBrought(campaign: number, day: number): void {
    (this.brought[campaign] ??= new Int32Array(this.dayCount + 1))[day + 1]++;
  }

  /** That contact came back through `campaign`, which did not bring it. */
  addCrossed(campaign: number, day: number): void {
    (this.crossed[campaign] ??= new Int32Array(this.dayCount + 1))[day + 1]++;
  }

  /** b for `campaign` at a first touch `day` days before the data's end. */
  rate(campaign: number, day: number): number {
    if (!this.sealed) this.seal();
    const key = day * this.campaignCount + campaign;
    let rate = this.table ? this.table[key] : this.map.get(key);
    if (rate === undefined || Number.isNaN(rate)) {
      const [wideReturns, wideContacts] = this.counts(campaign, day, WIDE_WINDOW_DAYS);
      const wide = (wideReturns + 0.5) / (wideContacts + 1);
      const [returns, contacts] = this.counts(campaign, day, RATE_WINDOW_DAYS);
      rate = Math.min(0.5, (returns + RATE_PRIOR_CONTACTS * wide) / (contacts + RATE_PRIOR_CONTACTS));
      if (this.table) this.table[key] = rate;
      else this.map.set(key, rate);
    }
    return rate;
  }

  /** Prefix sums over days, once every contact is in. */
  private seal(): void {
    const prefix = (counts: Int32Array | null): void => {
      if (counts) for (let day = 1; day <= this.dayCount; day++) counts[day] += counts[day - 1];
    };
    prefix(this.known);
    this.brought.forEach(prefix);
    this.crossed.forEach(prefix);
    this.sealed = true;
  }

  /** Cross returns through `campaign`, and contacts it did not bring, within ± halfWidth days. */
  private counts(campaign: number, day: number, halfWidth: number): [number, number] {
    const from = Math.max(0, day - halfWidth);
    const to = Math.min(this.dayCount - 1, day + halfWidth);
    const within = (counts: Int32Array | null): number => (counts ? counts[to + 1] - counts[from] : 0);
    return [within(this.crossed[campaign]), within(this.known) - within(this.brought[campaign])];
  }
}
