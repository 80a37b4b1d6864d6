"use client";
import { AlertTriangle, Heart, Loader2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/generation-result";
import { Badge } from "@/components/ui/badge";
import { formatUsd } from "@/lib/generation/price";
import type { GenerationDto } from "@/lib/generation/dto";
import { cn } from "@/lib/utils";

/** One clip in the gallery: poster, a muted preview on hover or focus, and what it is. */
export function GenerationCard({ generation: g }: { generation: GenerationDto }) {
  const [previewing, setPreviewing] = useState(false);
  const start = () => g.video && setPreviewing(true);
  const stop = () => setPreviewing(false);
  const cost = g.status === "SUCCEEDED" ? (g.chargedCostMicros ?? g.estimatedCostMicros) : g.status === "FAILED" ? 0 : g.estimatedCostMicros;

  return (
    <li className="group" data-testid="generation-card" data-status={g.status} data-id={g.id}>
      <Link
        href={`/gallery/${g.id}`}
        className="block overflow-hidden rounded-xl border bg-card transition-shadow hover:shadow-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        onMouseEnter={start}
        onMouseLeave={stop}
        onFocus={start}
        onBlur={stop}
        aria-label={`${g.prompt} — ${g.quality} ${g.aspectRatio} ${g.duration} s, ${g.status.toLowerCase()}`}
      >
        {/* One frame shape for every card keeps the grid even; the clip is letterboxed inside it. */}
        <div className="relative flex aspect-video items-center justify-center overflow-hidden bg-black">
          {g.video ? (
            <>
              {/* eslint-disable-next-line @next/next/no-img-element -- posters stream from our API; next/image would re-encode them */}
              <img src={g.video.posterUrl} alt="" loading="lazy" className="pointer-events-none h-full w-full object-contain" />
              {previewing ? (
                <video
                  src={g.video.url}
                  muted
                  loop
                  autoPlay
                  playsInline
                  aria-hidden
                  tabIndex={-1}
                  // Layered over the poster, and click-through: Chromium gives clicks on a <video> to the media element.
                  className="pointer-events-none absolute inset-0 h-full w-full object-contain"
                />
              ) : null}
            </>
          ) : g.status === "FAILED" || g.status === "CANCELED" ? (
            <div className="flex flex-col items-center gap-2 p-4 text-center text-xs text-muted-foreground">
              <AlertTriangle className="size-6 text-destructive" />
              <span className="line-clamp-3" data-testid="card-error">{g.error?.message ?? "Did not finish."}</span>
            </div>
          ) : (
            <div className="flex flex-col items-center gap-2 text-xs text-muted-foreground">
              <Loader2 className="size-6 animate-spin text-primary" />
              {g.status === "QUEUED" ? "Queued" : "Generating…"}
            </div>
          )}
          {g.favorite ? <Heart className="absolute right-2 top-2 size-4 fill-rose-500 text-rose-500" aria-label="Favourite" /> : null}
        </div>
        <div className="space-y-2 p-3">
          <p className="line-clamp-2 text-sm" data-testid="card-prompt">{g.prompt}</p>
          <div className="flex flex-wrap items-center gap-1.5">
            <StatusBadge status={g.status} />
            <Badge variant="outline">{g.quality}</Badge>
            <Badge variant="outline">{g.aspectRatio}</Badge>
            <Badge variant="outline">{g.duration} s</Badge>
            {g.style ? <Badge variant="outline">{g.style}</Badge> : null}
            <span className={cn("ml-auto text-xs tabular-nums text-muted-foreground")}>{formatUsd(cost)}</span>
          </div>
        </div>
      </Link>
    </li>
  );
}
