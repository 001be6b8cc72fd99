const DAY = 86_400_000;

function startOfUtcDay(millis: number): number {
  return Math.floor(millis / DAY) * DAY;
}

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1);
}

/**
 * The half-open UTC range [start, end) a SOQL date literal denotes (Salesforce "Date Formats and
 * Date Literals"; the org time zone is taken as UTC). Weeks start on Sunday as in the en_US locale.
 */
export function dateLiteralRange(name: string, amount: number | undefined, now: number): { start: number; end: number } {
  const today = startOfUtcDay(now);
  const date = new Date(today);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const weekStart = today - date.getUTCDay() * DAY;
  const n = amount ?? 0;
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'THIS_WEEK':
      return { start: weekStart, end: weekStart + 7 * DAY };
    case 'LAST_WEEK':
      return { start: weekStart - 7 * DAY, end: weekStart };
    case 'NEXT_WEEK':
      return { start: weekStart + 7 * DAY, end: weekStart + 14 * DAY };
    case 'THIS_MONTH':
      return { start: monthStart(year, month), end: monthStart(year, month + 1) };
    case 'LAST_MONTH':
      return { start: monthStart(year, month - 1), end: monthStart(year, month) };
    case 'NEXT_MONTH':
      return { start: monthStart(year, month + 1), end: monthStart(year, month + 2) };
    case 'THIS_YEAR':
      return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
    case 'LAST_YEAR':
      return { start: Date.UTC(year - 1, 0, 1), end: Date.UTC(year, 0, 1) };
    case 'NEXT_YEAR':
      return { start: Date.UTC(year + 1, 0, 1), end: Date.UTC(year + 2, 0, 1) };
    // "LAST_N_DAYS:n — starts 00:00:00 of the current day and continues for the past n days", today included.
    case 'LAST_90_DAYS':
      return { start: today - 90 * DAY, end: today + DAY };
    case 'LAST_N_DAYS':
      return { start: today - n * DAY, end: today + DAY };
    // "NEXT_N_DAYS:n — starts 00:00:00 of the next day and continues for the next n days".
    case 'NEXT_90_DAYS':
      return { start: today + DAY, end: today + 91 * DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (n + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - n * DAY, end: today - (n - 1) * DAY };
    case 'LAST_N_MONTHS':
      return { start: monthStart(year, month - n), end: monthStart(year, month) };
    case 'NEXT_N_MONTHS':
      return { start: monthStart(year, month + 1), end: monthStart(year, month + 1 + n) };
    default:
      throw new Error(`unsupported date literal ${name}`);
  }
}
