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

/** A calendar day written YYYY-MM-DD that really exists (no 2026-13-45, no 2026-02-30), as UTC midnight. */
export function calendarDay(s: string | undefined): Date | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || isoDay(d) !== s ? null : d;
}

/**
 * A reporting period [from, to) from two days, both inclusive (`to` ends at the end of its day);
 * missing days mean this month so far; impossible ones, or From after To, fall back to it and the
 * answer says so.
 */
export function periodOf(fromDay: string | undefined, toDay: string | undefined, now = new Date()) {
  const today = calendarDay(isoDay(now))!;
  const from = fromDay ? calendarDay(fromDay) : monthStart(now);
  const lastDay = toDay ? calendarDay(toDay) : today;
  const corrected = !from || !lastDay || from > lastDay;
  const start = corrected ? monthStart(now) : from;
  const end = corrected ? today : lastDay;
  return { from: start, to: new Date(end.getTime() + DAY_MS), fromDay: isoDay(start), toDay: isoDay(end), corrected };
}
