/** Per-user limits, checked before anything is sent upstream. */
export type Limits = {
  jobsInFlight: number;
  submissionsPerMinute: number;
  /** The studio's default monthly budget; a user's own overrides it. */
  monthlySpendMicros: number;
};

/** The first day of the calendar month (UTC) that `now` falls in. */
export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A calendar day written YYYY-MM-DD that really exists (no 2026-13-45), as UTC midnight. */
function parseDay(s: string | undefined): Date | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || isoDay(d) !== s ? null : d;
}

/**
 * A reporting period [from, to) from two days, both inclusive (`to` ends at the end of its day);
 * missing or impossible days fall back to this month so far, and the answer says so.
 */
export function periodOf(fromDay: string | undefined, toDay: string | undefined, now = new Date()) {
  const from = parseDay(fromDay) ?? monthStart(now);
  const lastDay = parseDay(toDay) ?? new Date(Date.parse(isoDay(now)));
  const valid = (!fromDay || parseDay(fromDay) !== null) && (!toDay || parseDay(toDay) !== null) && from <= lastDay;
  return valid
    ? { from, to: new Date(lastDay.getTime() + DAY_MS), fromDay: isoDay(from), toDay: isoDay(lastDay), corrected: false }
    : { from: monthStart(now), to: new Date(Date.parse(isoDay(now)) + DAY_MS), fromDay: isoDay(monthStart(now)), toDay: isoDay(now), corrected: true };
}
