"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { GenerationDto } from "@/lib/generation/dto";
import { isFinal } from "@/lib/generation/status";

/** One generation, polled every second until it reaches a final state. */
export function useGeneration(id: string | null, initial?: GenerationDto) {
  return useQuery({
    queryKey: ["generation", id],
    queryFn: () => apiFetch<{ generation: GenerationDto }>(`/api/generations/${id}`).then((r) => r.generation),
    enabled: Boolean(id),
    initialData: initial && initial.id === id ? initial : undefined,
    refetchInterval: (q) => (q.state.data && isFinal(q.state.data.status) ? false : 1000),
    refetchIntervalInBackground: true,
  });
}
