"use client";
import { AlertTriangle, Download, RotateCcw } from "lucide-react";
import { GenerationProgress } from "@/components/generation-progress";
import { VideoPlayer } from "@/components/video-player";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NOT_RETRYABLE_CODES } from "@/lib/generation/ledger";
import { formatUsd } from "@/lib/generation/price";
import type { GenerationDto } from "@/lib/generation/dto";

function formatBytes(n: number) {
  return n > 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.round(n / 1000)} kB`;
}

export function GenerationResult({
  generation,
  expectedSeconds,
  onRetry,
}: {
  generation: GenerationDto;
  expectedSeconds: number;
  onRetry?: () => void;
}) {
  const g = generation;
  return (
    <section className="space-y-4" data-testid="generation-result" data-status={g.status} aria-live="polite">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={g.status} />
        <Badge variant="outline">{g.quality}</Badge>
        <Badge variant="outline">{g.aspectRatio}</Badge>
        <Badge variant="outline">{g.duration} s</Badge>
        {g.motionMode === "fast" ? <Badge variant="outline">fast</Badge> : null}
        {g.style ? <Badge variant="outline">{g.style}</Badge> : null}
        <span className="ml-auto text-xs text-muted-foreground">seed {g.seed}</span>
      </div>
      <p className="line-clamp-3 text-sm text-muted-foreground">{g.prompt}</p>

      {g.status === "QUEUED" || g.status === "RUNNING" ? <GenerationProgress generation={g} expectedSeconds={expectedSeconds} /> : null}

      {g.status === "SUCCEEDED" && g.video ? (
        <div className="space-y-3">
          <VideoPlayer video={g.video} />
          <div className="flex flex-wrap items-center gap-3 text-xs text-muted-foreground">
            <span>
              {g.video.width}×{g.video.height} · {(g.video.durationMs / 1000).toFixed(1)} s · {formatBytes(g.video.byteSize)}
            </span>
            <span>charged {formatUsd(g.chargedCostMicros ?? g.estimatedCostMicros)}</span>
            {g.upstream.ms ? <span>made in {(g.upstream.ms / 1000).toFixed(1)} s</span> : null}
            <Button asChild variant="outline" size="sm" className="ml-auto">
              <a href={g.video.downloadUrl} download={`pixverse-${g.id}.mp4`} data-testid="download">
                <Download /> Download
              </a>
            </Button>
          </div>
        </div>
      ) : null}

      {g.status === "FAILED" || g.status === "CANCELED" ? (
        <div role="alert" className="flex gap-3 rounded-lg border border-destructive/40 bg-destructive/10 p-4 text-sm" data-testid="generation-error">
          <AlertTriangle className="mt-0.5 size-4 shrink-0 text-destructive" />
          <div className="space-y-2">
            {/* The message says what happened, what it cost and what to do next. */}
            <p>{g.error?.message ?? "This generation did not finish. You were not charged."}</p>
            {onRetry && !NOT_RETRYABLE_CODES.includes(g.error?.code ?? "") ? (
              <Button size="sm" variant="outline" onClick={onRetry} data-testid="retry">
                <RotateCcw /> Generate again
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

export function StatusBadge({ status }: { status: GenerationDto["status"] }) {
  const map = {
    QUEUED: { variant: "secondary", text: "Queued" },
    RUNNING: { variant: "warning", text: "Generating" },
    SUCCEEDED: { variant: "success", text: "Done" },
    FAILED: { variant: "destructive", text: "Failed" },
    CANCELED: { variant: "secondary", text: "Canceled" },
  } as const;
  const s = map[status];
  return <Badge variant={s.variant} data-testid="status-badge">{s.text}</Badge>;
}
