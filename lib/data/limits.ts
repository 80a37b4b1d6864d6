import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { monthStart, type Limits } from "@/lib/generation/limits";
import type { Prisma } from "@/lib/generated/prisma/client";

export function limitsFromEnv(): Limits {
  const e = env();
  return {
    jobsInFlight: e.LIMIT_JOBS_IN_FLIGHT,
    submissionsPerMinute: e.LIMIT_SUBMISSIONS_PER_MINUTE,
    monthlySpendMicros: Math.round(e.LIMIT_MONTHLY_SPEND_USD * 1_000_000),
  };
}

/** A user's monthly budget: their own when set, else the studio's default. */
export async function monthlyBudgetMicros(userId: string, defaultMicros: number, tx?: Tx): Promise<number> {
  const user = await (tx ?? db()).user.findUnique({ where: { id: userId }, select: { monthlyBudgetMicros: true } });
  return user?.monthlyBudgetMicros ?? defaultMicros;
}

export type LimitBreach =
  | { kind: "in_flight"; limit: number }
  | { kind: "per_minute"; limit: number; retryAfterSeconds: number }
  | { kind: "budget"; budgetMicros: number; spentMicros: number };

type Tx = Prisma.TransactionClient;

/**
 * Checks every limit for one more generation costing `estimateMicros`. Runs inside the caller's
 * transaction after it took the user's advisory lock, so concurrent submissions see each other.
 * Spend counts what was charged plus what is reserved by generations still in flight.
 */
export async function checkLimits(tx: Tx, userId: string, estimateMicros: number, limits: Limits, now = new Date()): Promise<LimitBreach | null> {
  const inFlight = await tx.generation.count({ where: { userId, status: { in: ["QUEUED", "RUNNING"] } } });
  if (inFlight >= limits.jobsInFlight) return { kind: "in_flight", limit: limits.jobsInFlight };

  const minuteAgo = new Date(now.getTime() - 60_000);
  const recent = await tx.generation.findMany({
    where: { userId, createdAt: { gt: minuteAgo } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: limits.submissionsPerMinute,
  });
  if (recent.length >= limits.submissionsPerMinute) {
    const oldest = recent[0]!.createdAt.getTime();
    return { kind: "per_minute", limit: limits.submissionsPerMinute, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 60_000 - now.getTime()) / 1000)) };
  }

  const budgetMicros = await monthlyBudgetMicros(userId, limits.monthlySpendMicros, tx);
  const [row] = await tx.$queryRaw<{ spent: bigint | null }[]>`
    SELECT COALESCE(SUM(CASE WHEN status IN ('QUEUED', 'RUNNING') THEN "estimatedCostMicros" ELSE COALESCE("chargedCostMicros", 0) END), 0) AS spent
    FROM "Generation" WHERE "userId" = ${userId} AND "createdAt" >= ${monthStart(now)}`;
  const spentMicros = Number(row?.spent ?? 0);
  if (spentMicros + estimateMicros > budgetMicros) return { kind: "budget", budgetMicros, spentMicros };
  return null;
}
