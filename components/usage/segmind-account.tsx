import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { OperatorLedger } from "@/lib/api/reconciliation";
import { formatUsd } from "@/lib/generation/price";

const when = (iso: string | Date | null) => (iso ? new Date(iso).toLocaleString("en", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }) + " UTC" : "—");
const signedUsd = (micros: number) => (micros < 0 ? `−${formatUsd(-micros)}` : formatUsd(micros));

/** What a drift most likely means, in one sentence. */
function driftVerdict(drift: number, atRisk: number, threshold: number): string {
  if (drift === 0) return "The ledger and Segmind agree.";
  if (atRisk > 0 && drift > 0 && drift <= atRisk + threshold) {
    return `Failures at risk (up to ${formatUsd(atRisk)}) can account for it: ask Segmind's support about the request ids below.`;
  }
  if (Math.abs(drift) <= threshold) return "Within the threshold: readings taken while jobs were finishing can differ by a job or two.";
  return "Not explained by the failures below: check for other users of this key, top-ups, or price changes (Segmind's dashboard can lag two hours).";
}

/**
 * The operator's side of the money: Segmind's balance now, the studio's ledger beside the drop in
 * Segmind's credits over a period, and the generations Segmind billed (or may have) that no one got.
 */
export function SegmindAccount({ ledger, period }: { ledger: OperatorLedger; period: { fromDay: string; toDay: string; corrected: boolean } }) {
  const r = ledger.reconciliation;
  return (
    <section className="space-y-4" aria-labelledby="segmind-account" data-testid="segmind-account">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="segmind-account" className="text-xl font-semibold">Segmind account</h2>
        <form className="flex flex-wrap items-end gap-2 text-sm" method="get" data-testid="period-form">
          <input type="hidden" name="scope" value="all" />
          <label className="grid gap-1">
            <span className="text-muted-foreground">From</span>
            <Input type="date" name="from" defaultValue={period.fromDay} className="w-40" />
          </label>
          <label className="grid gap-1">
            <span className="text-muted-foreground">To</span>
            <Input type="date" name="to" defaultValue={period.toDay} className="w-40" />
          </label>
          <Button type="submit" variant="outline" size="sm">Reconcile</Button>
        </form>
      </div>
      {period.corrected ? <p className="text-sm text-muted-foreground">That period was not valid (a day that does not exist, or From after To); showing this month so far.</p> : null}

      <div className="grid gap-4 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Credits left now</CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="credits">{"usd" in ledger.balance ? formatUsd(Math.round(ledger.balance.usd * 1e6)) : "—"}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {"usd" in ledger.balance ? "From Segmind's account API, just now." : `Could not ask Segmind: ${ledger.balance.error}`}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Credits used, by Segmind&apos;s balance</CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="credits-drop">{r.creditsDropMicros === null ? "—" : signedUsd(r.creditsDropMicros)}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {r.first && r.last ? `${r.readings} readings, ${when(r.first.at)} to ${when(r.last.at)}` : "No balance was observed in this period."}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Billed, by the studio&apos;s ledger</CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="incurred">{formatUsd(r.incurredMicros)}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground" data-testid="at-risk">
            {r.atRiskMicros ? `plus up to ${formatUsd(r.atRiskMicros)} at risk (failures Segmind may have billed)` : "nothing at risk"}
          </CardContent>
        </Card>
      </div>

      {r.driftMicros === null ? null : (
        <div
          role={ledger.driftFlagged ? "alert" : "status"}
          data-testid="drift"
          className={`flex gap-3 rounded-lg border p-4 text-sm ${ledger.driftFlagged ? "border-destructive/40 bg-destructive/10" : ""}`}
        >
          {ledger.driftFlagged ? <AlertTriangle className="mt-0.5 size-4 shrink-0 text-destructive" /> : <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" />}
          <p>
            Drift {signedUsd(r.driftMicros)} (Segmind&apos;s drop minus the ledger; flagged above {formatUsd(ledger.driftThresholdMicros)}).{" "}
            {driftVerdict(r.driftMicros, r.atRiskMicros, ledger.driftThresholdMicros)}
          </p>
        </div>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Billed or possibly billed, not delivered</CardTitle>
          <CardDescription>For a support claim: Segmind keeps results about an hour, so these can no longer be fetched.</CardDescription>
        </CardHeader>
        <CardContent>
          {ledger.claims.length ? (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[40rem] text-sm" data-testid="claims">
                <thead className="text-left text-muted-foreground">
                  <tr>
                    <th className="py-1 font-normal">Request id</th>
                    <th className="py-1 font-normal">Submitted</th>
                    <th className="py-1 font-normal">User</th>
                    <th className="py-1 font-normal">Why</th>
                    <th className="py-1 text-right font-normal">Billed</th>
                  </tr>
                </thead>
                <tbody>
                  {ledger.claims.map((c) => (
                    <tr key={c.id} className="border-t">
                      <td className="whitespace-nowrap py-1.5 font-mono text-xs">{c.upstreamRequestId ?? "(none: the answer was lost)"}</td>
                      <td className="whitespace-nowrap py-1.5">{when(c.upstreamSubmittedAt ?? c.createdAt)}</td>
                      <td className="py-1.5">{c.user.email}</td>
                      <td className="py-1.5">{c.errorCode}</td>
                      <td className="py-1.5 text-right tabular-nums">
                        {c.incurredCostMicros ? formatUsd(c.incurredCostMicros) : `up to ${formatUsd(c.atRiskCostMicros ?? 0)}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">None in this period.</p>
          )}
        </CardContent>
      </Card>
    </section>
  );
}
