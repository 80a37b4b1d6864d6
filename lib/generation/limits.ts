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
