"use client";
import { useEffect, useState } from "react";
import { Progress } from "@/components/ui/progress";
import type { GenerationDto } from "@/lib/generation/dto";

/**
 * An honest estimate: the upstream reports no progress, so the bar follows the typical
 * answer time and slows near the end instead of pretending to know.
 */
export function GenerationProgress({ generation, expectedSeconds }: { generation: GenerationDto; expectedSeconds: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const queued = generation.status === "QUEUED";
  const since = new Date(generation.startedAt ?? generation.createdAt).getTime();
  const elapsed = Math.max(0, (now - since) / 1000);
  const ratio = elapsed / expectedSeconds;
  // Linear to 90 % at the typical time, then creeping towards 99 %.
  const percent = queued ? 2 : ratio < 1 ? ratio * 90 : 99 - 9 * Math.exp(-(ratio - 1) * 2);
  const left = Math.ceil(expectedSeconds - elapsed);
  const label = queued
    ? "Waiting for a free worker…"
    : left > 0
      ? `Generating — about ${left} s left (estimate)`
      : "Taking longer than usual — still working…";
  return (
    <div className="space-y-2" data-testid="generation-progress">
      <div className="flex items-center justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums text-muted-foreground">{Math.floor(elapsed)} s</span>
      </div>
      <Progress value={percent} aria-label="Generation progress (estimated)" />
      {generation.attempts > 1 ? (
        <p className="text-xs text-muted-foreground">Segmind was busy; retrying (attempt {generation.attempts}).</p>
      ) : null}
    </div>
  );
}
