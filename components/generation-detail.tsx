"use client";
import { ArrowLeft, Copy, Download, Heart, Link2Off, Shuffle, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { GenerationResult } from "@/components/generation-result";
import { useGeneration } from "@/components/use-generation";
import { useGenerationActions } from "@/components/use-generation-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { formatUsd } from "@/lib/generation/price";
import { STYLE_LABELS } from "@/lib/generation/options";
import type { GenerationDto } from "@/lib/generation/dto";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 border-b py-2 text-sm last:border-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}

const seconds = (from: string | null, to: string | null) =>
  from && to ? `${((new Date(to).getTime() - new Date(from).getTime()) / 1000).toFixed(1)} s` : "—";

export function GenerationDetail({ initial, expectedSeconds }: { initial: GenerationDto; expectedSeconds: number }) {
  const router = useRouter();
  const { data } = useGeneration(initial.id, initial, expectedSeconds);
  const g = data ?? initial;
  const actions = useGenerationActions(g.id);
  const [confirming, setConfirming] = useState(false);
  const final = g.status !== "QUEUED" && g.status !== "RUNNING";

  return (
    <div className="space-y-6">
      <Button asChild variant="ghost" size="sm">
        <Link href="/gallery"><ArrowLeft /> Gallery</Link>
      </Button>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
        <GenerationResult generation={g} expectedSeconds={expectedSeconds} />
        <aside className="space-y-4">
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline" data-testid="remix">
              <Link href={`/?remix=${g.id}`}><Shuffle /> Remix</Link>
            </Button>
            <Button
              variant="outline"
              aria-pressed={g.favorite}
              onClick={() => actions.favorite.mutate(!g.favorite)}
              disabled={actions.favorite.isPending}
              data-testid="favorite"
            >
              <Heart className={g.favorite ? "fill-rose-500 text-rose-500" : ""} /> {g.favorite ? "Favourite" : "Add to favourites"}
            </Button>
            {g.video ? (
              <Button asChild variant="outline">
                <a href={g.video.downloadUrl} download><Download /> Download</a>
              </Button>
            ) : null}
            {g.status === "SUCCEEDED" ? (
              <Button variant="outline" onClick={() => actions.share.mutate()} disabled={actions.share.isPending} data-testid="share">
                <Copy /> {g.sharePath ? "Copy share link" : "Share link"}
              </Button>
            ) : null}
            {g.sharePath ? (
              <Button variant="outline" onClick={() => actions.revoke.mutate()} disabled={actions.revoke.isPending} data-testid="revoke-share">
                <Link2Off /> Revoke link
              </Button>
            ) : null}
            <Button
              variant="outline"
              className="text-destructive"
              onClick={() => setConfirming(true)}
              disabled={!final}
              title={final ? undefined : "Wait until it has finished"}
              data-testid="delete"
            >
              <Trash2 /> Delete
            </Button>
          </div>
          {g.sharePath ? (
            <p className="break-all rounded-md bg-muted p-2 text-xs" data-testid="share-path">
              Shared: <a className="underline" href={g.sharePath} target="_blank" rel="noreferrer">{g.sharePath}</a>
            </p>
          ) : null}
          <dl className="rounded-lg border px-4">
            <Row label="Aspect ratio">{g.aspectRatio}</Row>
            <Row label="Quality">{g.quality}</Row>
            <Row label="Duration">{g.duration} s</Row>
            <Row label="Motion">{g.motionMode}</Row>
            <Row label="Style">{g.style ? STYLE_LABELS[g.style] : "None"}</Row>
            <Row label="Seed"><span data-testid="detail-seed">{g.seed}</span>{g.seedWasRandom ? " (picked at random)" : ""}</Row>
            <Row label="Negative prompt">{g.negativePrompt || "—"}</Row>
            <Row label="Estimated">{formatUsd(g.estimatedCostMicros)}</Row>
            <Row label="Charged">{g.chargedCostMicros === null ? "—" : formatUsd(g.chargedCostMicros)}</Row>
            <Row label="Created">{new Date(g.createdAt).toLocaleString()}</Row>
            <Row label="Waited in queue">{seconds(g.createdAt, g.startedAt)}</Row>
            <Row label="Generation time">{seconds(g.startedAt, g.finishedAt)}</Row>
            <Row label="Attempts">{g.attempts}</Row>
            {g.upstream.account ? (
              <>
                <Row label="Billed by Segmind">
                  {g.upstream.account.atRiskCostMicros ? `up to ${formatUsd(g.upstream.account.atRiskCostMicros)} (at risk)` : g.upstream.account.incurredCostMicros === null ? "—" : formatUsd(g.upstream.account.incurredCostMicros)}
                </Row>
                {g.upstream.account.requestId ? <Row label="Segmind request id"><span className="break-all font-mono text-xs">{g.upstream.account.requestId}</span></Row> : null}
                {g.upstream.account.remainingCredits ? <Row label="Segmind credits left">{g.upstream.account.remainingCredits}</Row> : null}
              </>
            ) : null}
          </dl>
        </aside>
      </div>

      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogTitle>Delete this video?</DialogTitle>
          <DialogDescription>
            The video and its poster are removed for good, and any share link stops working. Its cost stays in your usage history.
          </DialogDescription>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="outline">Keep it</Button>
            </DialogClose>
            <Button
              variant="destructive"
              data-testid="confirm-delete"
              disabled={actions.remove.isPending}
              onClick={() =>
                actions.remove.mutate(undefined, {
                  onSuccess: () => {
                    setConfirming(false);
                    router.push("/gallery");
                  },
                })
              }
            >
              <Trash2 /> Delete
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
