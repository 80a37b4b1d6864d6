import "server-only";
import { paidButUndelivered, recordCreditReading, reconcile, type Reconciliation } from "@/lib/data/credits";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { fetchAccountCredits } from "@/lib/segmind/client";
import { upstreamConfig } from "@/lib/segmind/config";
import { UpstreamError } from "@/lib/segmind/errors";

/**
 * Asks Segmind's account API for the balance now and keeps it as a reading. Answers the balance
 * in USD, or why it could not be read (the operator view says so instead of failing).
 */
export async function refreshAccountBalance(): Promise<{ usd: number } | { error: string }> {
  try {
    const usd = await fetchAccountCredits(upstreamConfig());
    await recordCreditReading(usd.toFixed(6), "account");
    return { usd };
  } catch (error) {
    log.warn({ err: error }, "could not read the Segmind account balance");
    return { error: error instanceof UpstreamError ? error.message : "The account balance could not be read." };
  }
}

export type OperatorLedger = {
  balance: { usd: number } | { error: string };
  reconciliation: Reconciliation;
  /** Drift above RECONCILE_DRIFT_USD either way. */
  driftFlagged: boolean;
  driftThresholdMicros: number;
  claims: Awaited<ReturnType<typeof paidButUndelivered>>;
};

/** Everything the operator view of /usage shows about Segmind's account for [from, to). */
export async function operatorLedger(from: Date, to: Date): Promise<OperatorLedger> {
  const balance = await refreshAccountBalance();
  const reconciliation = await reconcile(from, to);
  const driftThresholdMicros = Math.round(env().RECONCILE_DRIFT_USD * 1_000_000);
  return {
    balance,
    reconciliation,
    driftThresholdMicros,
    driftFlagged: reconciliation.driftMicros !== null && Math.abs(reconciliation.driftMicros) > driftThresholdMicros,
    claims: await paidButUndelivered(from, to),
  };
}
