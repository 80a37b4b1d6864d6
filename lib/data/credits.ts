import "server-only";
import { db } from "@/lib/db";
import { MICROS_PER_USD } from "@/lib/generation/price";

export type CreditSource = "response" | "account";

/** USD as the service reports it ("0.375", 12.5) → micro-dollars, or null when it is not an amount. */
export function usdToMicros(usd: string | number | undefined | null): number | null {
  if (usd === undefined || usd === null) return null;
  const s = String(usd).trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return Math.round(Number(s) * MICROS_PER_USD);
}

/** Keeps one observation of the Segmind account's balance, for reconciliation. */
export async function recordCreditReading(usd: string | number | undefined, source: CreditSource, generationId?: string) {
  const micros = usdToMicros(usd);
  if (micros === null) return;
  await db().creditReading.create({ data: { creditsMicros: BigInt(micros), source, generationId: generationId ?? null } });
}

export type Reconciliation = {
  from: string;
  to: string;
  /** The first and last balances observed in the period (the drop is first − last). */
  first: { at: string; micros: number; source: string } | null;
  last: { at: string; micros: number; source: string } | null;
  creditsDropMicros: number | null;
  /** What the studio recorded Segmind billed for jobs it saw complete between those two readings. */
  incurredMicros: number;
  /** What failures with an unknown outcome may have been billed in the same window. */
  atRiskMicros: number;
  /** Drop − incurred: positive when Segmind took more than the studio knows of. */
  driftMicros: number | null;
  readings: number;
};

/**
 * The studio's ledger beside the drop in Segmind's credits over [from, to). Both sides count the
 * same window, between the first and the last balance observed in the period, so a job is counted
 * on the ledger side exactly when its charge falls between the two readings. Top-ups inside the
 * window show as negative drift.
 */
export async function reconcile(from: Date, to: Date): Promise<Reconciliation> {
  const readings = await db().creditReading.findMany({ where: { at: { gte: from, lt: to } }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const first = readings[0];
  const last = readings[readings.length - 1];
  const reading = (r: typeof first) => (r ? { at: r.at.toISOString(), micros: Number(r.creditsMicros), source: r.source } : null);
  let incurredMicros = 0;
  let atRiskMicros = 0;
  if (first && last && first !== last) {
    const [row] = await db().$queryRaw<{ incurred: bigint | null; at_risk: bigint | null }[]>`
      SELECT
        COALESCE(SUM("incurredCostMicros") FILTER (WHERE "upstreamCompletedAt" > ${first.at} AND "upstreamCompletedAt" <= ${last.at}), 0) AS incurred,
        COALESCE(SUM("atRiskCostMicros") FILTER (WHERE "finishedAt" > ${first.at} AND "finishedAt" <= ${last.at}), 0) AS at_risk
      FROM "Generation"`;
    incurredMicros = Number(row?.incurred ?? 0);
    atRiskMicros = Number(row?.at_risk ?? 0);
  }
  const creditsDropMicros = first && last ? Number(first.creditsMicros - last.creditsMicros) : null;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    first: reading(first),
    last: reading(last),
    creditsDropMicros,
    incurredMicros,
    atRiskMicros,
    driftMicros: creditsDropMicros === null ? null : creditsDropMicros - incurredMicros,
    readings: readings.length,
  };
}

/** Failed generations Segmind billed or may have billed: the list for a support claim. */
export async function paidButUndelivered(from: Date, to: Date, take = 100) {
  return db().generation.findMany({
    where: {
      status: "FAILED",
      finishedAt: { gte: from, lt: to },
      OR: [{ incurredCostMicros: { gt: 0 } }, { atRiskCostMicros: { gt: 0 } }],
    },
    orderBy: { finishedAt: "desc" },
    take,
    select: {
      id: true,
      upstreamRequestId: true,
      createdAt: true,
      upstreamSubmittedAt: true,
      finishedAt: true,
      errorCode: true,
      incurredCostMicros: true,
      atRiskCostMicros: true,
      user: { select: { email: true } },
    },
  });
}

/** The latest balance the studio has seen, from any source. */
export async function latestCreditReading() {
  return db().creditReading.findFirst({ orderBy: [{ at: "desc" }, { id: "desc" }] });
}
