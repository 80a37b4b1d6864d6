"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { GenerationDto } from "@/lib/generation/dto";
import { pollDelayMs, TYPICAL_UPSTREAM_SECONDS } from "@/lib/generation/status";

/** One generation, polled until it reaches a final state (often near its expected end, seldom between). */
export function useGeneration(id: string | null, initial?: GenerationDto, expectedSeconds = TYPICAL_UPSTREAM_SECONDS) {
  return useQuery({
    queryKey: ["generation", id],
    queryFn: () => apiFetch<{ generation: GenerationDto }>(`/api/generations/${id}`).then((r) => r.generation),
    enabled: Boolean(id),
    initialData: initial && initial.id === id ? initial : undefined,
    refetchInterval: (q) => (q.state.data ? pollDelayMs(q.state.data, expectedSeconds) : 1000),
    refetchIntervalInBackground: true,
  });
}
