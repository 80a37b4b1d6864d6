import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SegmindAccount } from "@/components/usage/segmind-account";
import { SpendChart } from "@/components/usage/spend-chart";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { operatorLedger } from "@/lib/api/reconciliation";
import { currentUser } from "@/lib/auth";
import { limitsFromEnv, monthlyBudgetMicros } from "@/lib/data/limits";
import { usageSummary } from "@/lib/data/usage";
import { periodOf } from "@/lib/generation/limits";
import { formatUsd } from "@/lib/generation/price";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

function daysOfMonth(start: Date, today: Date) {
  const days: string[] = [];
  const last = Math.min(today.getUTCDate(), new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate());
  for (let d = 1; d <= last; d++) days.push(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), d)).toISOString().slice(0, 10));
  return days;
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<{ scope?: string; from?: string; to?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const query = await searchParams;
  const all = user.role === "ADMIN" && query.scope === "all";
  const period = periodOf(query.from, query.to);
  const limits = limitsFromEnv();
  const [usage, budget, ledger] = await Promise.all([
    usageSummary(all ? { allUsers: true } : { userId: user.id }),
    monthlyBudgetMicros(user.id, limits.monthlySpendMicros),
    all ? operatorLedger(period.from, period.to) : null,
  ]);
  const spent = usage.chargedMicros + usage.reservedMicros;
  const start = new Date(usage.monthStart);
  const byDay = new Map(usage.perDay.map((d) => [d.day, d]));
  const days = daysOfMonth(start, new Date()).map((day) => byDay.get(day) ?? { day, micros: 0, count: 0 });
  const month = start.toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Usage</h1>
          <p className="text-sm text-muted-foreground">{all ? `Every user, ${month}` : `Your spend in ${month} (UTC)`}</p>
        </div>
        {user.role === "ADMIN" ? (
          <div className="flex rounded-md border p-0.5 text-sm" data-testid="scope-switch">
            <Link href="/usage" className={cn("rounded px-3 py-1", !all && "bg-accent")}>Mine</Link>
            <Link href="/usage?scope=all" className={cn("rounded px-3 py-1", all && "bg-accent")}>All users</Link>
          </div>
        ) : null}
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardDescription>Spent this month</CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="spent">{formatUsd(usage.chargedMicros)}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm text-muted-foreground">
            {all ? null : (
              <>
                <Progress value={budget ? Math.min(100, (spent / budget) * 100) : 100} aria-label="Budget used" />
                <p data-testid="budget">
                  {formatUsd(spent)} of your {formatUsd(budget)} monthly budget
                  {usage.reservedMicros ? ` (${formatUsd(usage.reservedMicros)} reserved by videos in progress)` : ""}
                </p>
              </>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Videos made</CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="succeeded">{usage.succeeded}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-1 text-sm text-muted-foreground">
            <p data-testid="failed">
              {usage.failed} failed, which cost {all ? "their users" : "you"} nothing (they would have been {formatUsd(usage.failedSavedMicros)})
            </p>
            {usage.atRiskMicros ? (
              <p data-testid="user-at-risk">
                Up to {formatUsd(usage.atRiskMicros)} of them may have been billed to the studio (at risk: Segmind&apos;s answer was lost, so the studio did not send them again).
              </p>
            ) : null}
          </CardContent>
        </Card>
      </div>

      {ledger ? <SegmindAccount ledger={ledger} period={period} /> : null}

      <Card>
        <CardHeader>
          <CardTitle>Spend per day</CardTitle>
        </CardHeader>
        <CardContent>
          <SpendChart days={days} />
        </CardContent>
      </Card>

      <div className="grid gap-4 md:grid-cols-2">
        {[
          { title: "By quality", rows: usage.byQuality.map((r) => ({ key: r.quality, ...r })), testId: "by-quality" },
          { title: "By duration", rows: usage.byDuration.map((r) => ({ key: `${r.duration} s`, ...r })), testId: "by-duration" },
        ].map((table) => (
          <Card key={table.title}>
            <CardHeader>
              <CardTitle>{table.title}</CardTitle>
            </CardHeader>
            <CardContent>
              {table.rows.length ? (
                <table className="w-full text-sm" data-testid={table.testId}>
                  <thead className="text-left text-muted-foreground">
                    <tr>
                      <th className="py-1 font-normal"></th>
                      <th className="py-1 text-right font-normal">Videos</th>
                      <th className="py-1 text-right font-normal">Spent</th>
                    </tr>
                  </thead>
                  <tbody>
                    {table.rows.map((r) => (
                      <tr key={r.key} className="border-t">
                        <td className="py-1.5">{r.key}</td>
                        <td className="py-1.5 text-right tabular-nums">{r.count}</td>
                        <td className="py-1.5 text-right tabular-nums">{formatUsd(r.micros)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="text-sm text-muted-foreground">Nothing yet this month.</p>
              )}
            </CardContent>
          </Card>
        ))}
      </div>

      {usage.perUser ? (
        <Card>
          <CardHeader>
            <CardTitle>By user</CardTitle>
          </CardHeader>
          <CardContent>
            <table className="w-full text-sm" data-testid="by-user">
              <tbody>
                {usage.perUser.map((r) => (
                  <tr key={r.email} className="border-t first:border-0">
                    <td className="py-1.5">{r.email}</td>
                    <td className="py-1.5 text-right tabular-nums">{r.count} video{r.count === 1 ? "" : "s"}</td>
                    <td className="py-1.5 text-right tabular-nums">{formatUsd(r.micros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
