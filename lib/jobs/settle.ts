import "server-only";
import { markFailed, type Generation } from "@/lib/data/generations";
import { failureMessage, settleFailure, type Billing, type FailureLedger } from "@/lib/generation";

/**
 * Ends a generation FAILED, saying what happened and what it cost whom: from what is durably
 * recorded about its upstream job (completed: billed; accepted: maybe) and, when a request failed,
 * what that failure proved. The one way a generation fails, for the worker and the sweep alike.
 */
export async function settleAsFailed(
  row: Generation,
  code: string,
  what: string,
  failure?: { billing: Billing; jobFailed?: boolean },
): Promise<FailureLedger> {
  const ledger = settleFailure(row, failure);
  await markFailed(row.id, {
    code,
    message: failureMessage(what, code, ledger),
    incurredCostMicros: ledger.incurredCostMicros,
    atRiskCostMicros: ledger.atRiskCostMicros,
  });
  return ledger;
}
