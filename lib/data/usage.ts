import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { monthStart } from "@/lib/generation/limits";

export type UsageScope = { userId: string } | { allUsers: true };

export type UsageSummary = {
  monthStart: string;
  chargedMicros: number;
  reservedMicros: number;
  succeeded: number;
  failed: number;
  /** What the failed generations would have cost: the money they did not. */
  failedSavedMicros: number;
  /** What failures with an unknown outcome may have been billed to the studio (never to the user). */
  atRiskMicros: number;
  perDay: { day: string; micros: number; count: number }[];
  byQuality: { quality: string; count: number; micros: number }[];
  byDuration: { duration: number; count: number; micros: number }[];
  perUser: { email: string; count: number; micros: number }[] | null;
};

const n = (v: bigint | number | null | undefined) => Number(v ?? 0);

/** This calendar month's money, for one user or (for an operator) everyone. */
export async function usageSummary(scope: UsageScope, now = new Date()): Promise<UsageSummary> {
  const since = monthStart(now);
  const who = "userId" in scope ? Prisma.sql`AND g."userId" = ${scope.userId}` : Prisma.empty;
  const base = Prisma.sql`FROM "Generation" g WHERE g."createdAt" >= ${since} ${who}`;

  const [totals] = await db().$queryRaw<
    { charged: bigint; reserved: bigint; succeeded: bigint; failed: bigint; saved: bigint; at_risk: bigint }[]
  >`SELECT
      COALESCE(SUM(CASE WHEN g.status = 'SUCCEEDED' THEN g."chargedCostMicros" ELSE 0 END), 0) AS charged,
      COALESCE(SUM(CASE WHEN g.status IN ('QUEUED', 'RUNNING') THEN g."estimatedCostMicros" ELSE 0 END), 0) AS reserved,
      COUNT(*) FILTER (WHERE g.status = 'SUCCEEDED') AS succeeded,
      COUNT(*) FILTER (WHERE g.status = 'FAILED') AS failed,
      COALESCE(SUM(CASE WHEN g.status = 'FAILED' THEN g."estimatedCostMicros" ELSE 0 END), 0) AS saved,
      COALESCE(SUM(g."atRiskCostMicros"), 0) AS at_risk
    ${base}`;

  const perDay = await db().$queryRaw<{ day: string; micros: bigint; count: bigint }[]>`
    SELECT to_char(date_trunc('day', g."createdAt"), 'YYYY-MM-DD') AS day,
           COALESCE(SUM(g."chargedCostMicros") FILTER (WHERE g.status = 'SUCCEEDED'), 0) AS micros,
           COUNT(*) FILTER (WHERE g.status = 'SUCCEEDED') AS count
    ${base} GROUP BY 1 ORDER BY 1`;

  const byQuality = await db().$queryRaw<{ quality: string; count: bigint; micros: bigint }[]>`
    SELECT g.quality, COUNT(*) AS count, COALESCE(SUM(g."chargedCostMicros"), 0) AS micros
    ${base} AND g.status = 'SUCCEEDED' GROUP BY 1 ORDER BY 1`;

  const byDuration = await db().$queryRaw<{ duration: number; count: bigint; micros: bigint }[]>`
    SELECT g.duration, COUNT(*) AS count, COALESCE(SUM(g."chargedCostMicros"), 0) AS micros
    ${base} AND g.status = 'SUCCEEDED' GROUP BY 1 ORDER BY 1`;

  const perUser =
    "allUsers" in scope
      ? (
          await db().$queryRaw<{ email: string; count: bigint; micros: bigint }[]>`
            SELECT u.email, COUNT(g.id) FILTER (WHERE g.status = 'SUCCEEDED') AS count,
                   COALESCE(SUM(g."chargedCostMicros") FILTER (WHERE g.status = 'SUCCEEDED'), 0) AS micros
            FROM "Generation" g JOIN "User" u ON u.id = g."userId"
            WHERE g."createdAt" >= ${since} GROUP BY u.email ORDER BY micros DESC LIMIT 100`
        ).map((r) => ({ email: r.email, count: n(r.count), micros: n(r.micros) }))
      : null;

  return {
    monthStart: since.toISOString(),
    chargedMicros: n(totals?.charged),
    reservedMicros: n(totals?.reserved),
    succeeded: n(totals?.succeeded),
    failed: n(totals?.failed),
    failedSavedMicros: n(totals?.saved),
    atRiskMicros: n(totals?.at_risk),
    perDay: perDay.map((r) => ({ day: r.day, micros: n(r.micros), count: n(r.count) })),
    byQuality: byQuality.map((r) => ({ quality: r.quality, count: n(r.count), micros: n(r.micros) })),
    byDuration: byDuration.map((r) => ({ duration: r.duration, count: n(r.count), micros: n(r.micros) })),
    perUser,
  };
}
