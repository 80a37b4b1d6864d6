"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { apiFetch } from "@/lib/api/client";
import type { GenerationDto } from "@/lib/generation/dto";

/** Favourite, share, revoke and delete, each updating every cached view of the generation. */
export function useGenerationActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["generations"] });
    void queryClient.invalidateQueries({ queryKey: ["generation", id] });
  };
  const onError = (error: Error) => toast.error(error.message);

  const favorite = useMutation({
    mutationFn: (value: boolean) =>
      apiFetch<{ generation: GenerationDto }>(`/api/generations/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ favorite: value }),
      }),
    onSuccess: ({ generation }) => {
      queryClient.setQueryData(["generation", id], generation);
      refresh();
    },
    onError,
  });

  const share = useMutation({
    mutationFn: () => apiFetch<{ sharePath: string }>(`/api/generations/${id}/share`, { method: "POST" }),
    onSuccess: async ({ sharePath }) => {
      const url = new URL(sharePath, window.location.origin).toString();
      try {
        await navigator.clipboard.writeText(url);
        toast.success("Share link copied. Anyone with it can watch this video.");
      } catch {
        toast.success(`Share link: ${url}`);
      }
      refresh();
    },
    onError,
  });

  const revoke = useMutation({
    mutationFn: () => apiFetch<void>(`/api/generations/${id}/share`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Share link revoked. The old link no longer works.");
      refresh();
    },
    onError,
  });

  const remove = useMutation({
    mutationFn: () => apiFetch<void>(`/api/generations/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Video deleted.");
      queryClient.removeQueries({ queryKey: ["generation", id] });
      void queryClient.invalidateQueries({ queryKey: ["generations"] });
    },
    onError,
  });

  return { favorite, share, revoke, remove };
}
