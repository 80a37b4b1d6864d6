import { formatUsd } from "./price";

/**
 * Whether Segmind may have billed a request that failed (UPSTREAM.md, "When is a failure
 * billed?"): "none" when it provably made no job (refused before one existed, never reached it,
 * or reported the job FAILED); "maybe" when the answer was lost after the request was sent;
 * "billed" once the job COMPLETED.
 */
export type Billing = "none" | "maybe" | "billed";

/** What is durably known about a generation's upstream job when it has to be settled as failed. */
export type UpstreamFacts = {
  estimatedCostMicros: number;
  /** Set once Segmind reported the job COMPLETED (or answered the synchronous route with a video). */
  upstreamCompletedAt: Date | null;
  incurredCostMicros: number | null;
  /** Set once Segmind accepted the job on the asynchronous route. */
  upstreamRequestId: string | null;
  /** Requests sent upstream for this generation so far. */
  attempts: number;
};

export type FailureLedger = { billing: Billing; incurredCostMicros: number; atRiskCostMicros: number };

/**
 * How a failed generation's money settles. The user is never charged for a video they did not
 * get; what Segmind billed the operator is recorded apart: the price once the job completed
 * upstream, "at risk" while a job may exist whose end is unknown, nothing when none can.
 * `failure` is what the failing request itself proved, when there was one (a sweep has none).
 */
export function settleFailure(facts: UpstreamFacts, failure?: { billing: Billing; jobFailed?: boolean }): FailureLedger {
  if (facts.upstreamCompletedAt) {
    return { billing: "billed", incurredCostMicros: facts.incurredCostMicros ?? facts.estimatedCostMicros, atRiskCostMicros: 0 };
  }
  // Segmind said the job failed: failed jobs are not billed.
  if (failure?.jobFailed) return { billing: "none", incurredCostMicros: 0, atRiskCostMicros: 0 };
  // An accepted job whose end we did not see may still complete, and be billed.
  const maybe = facts.upstreamRequestId !== null || (failure ? failure.billing !== "none" : facts.attempts > 0);
  return maybe
    ? { billing: "maybe", incurredCostMicros: 0, atRiskCostMicros: facts.estimatedCostMicros }
    : { billing: "none", incurredCostMicros: 0, atRiskCostMicros: 0 };
}

/** Failures a retry cannot fix: the settings, or the operator, have to change first. */
export const NOT_RETRYABLE_CODES: readonly string[] = ["upstream_invalid_params", "upstream_misconfigured", "upstream_insufficient_credits"];

/** What a person can do next, by failure code, when nothing was billed. */
const NEXT_STEP: Record<string, string> = {
  upstream_invalid_params: "Change the settings and generate again.",
  upstream_misconfigured: "The operator has to fix this before anything can be generated.",
  upstream_insufficient_credits: "The operator has to add credits to the Segmind account.",
  upstream_rate_limited: "Try again in a minute.",
  upstream_job_failed: "Try again, perhaps with a different prompt.",
};

/**
 * The sentence a person reads for a failed generation: what happened, then what it cost, once,
 * and what to do next.
 */
export function failureMessage(what: string, code: string, ledger: FailureLedger): string {
  switch (ledger.billing) {
    case "billed":
      return `${what} Segmind made this video and billed the studio ${formatUsd(ledger.incurredCostMicros)}, but the studio could not keep it. You were not charged; generate it again to get it.`;
    case "maybe":
      return `${what} Segmind may still have made this video and billed the studio for it (up to ${formatUsd(ledger.atRiskCostMicros)}), so the studio did not send it again: it is never paid for twice. You were not charged; generate it again to get it.`;
    case "none":
      return `${what} You were not charged. ${NEXT_STEP[code] ?? "Try again."}`;
  }
}
