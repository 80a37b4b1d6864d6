"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Clapperboard } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { GenerationForm, type SubmitOutcome } from "@/components/generation-form";
import { GenerationResult } from "@/components/generation-result";
import { useGeneration } from "@/components/use-generation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ApiClientError, apiFetch } from "@/lib/api/client";
import type { GenerationDto } from "@/lib/generation/dto";
import type { GenerationParams, GenerationParamsInput } from "@/lib/generation";

/** The settings a generation was made with; a seed the studio picked is left to pick again. */
function paramsOf(g: GenerationDto): GenerationParams {
  return {
    prompt: g.prompt,
    aspectRatio: g.aspectRatio,
    duration: g.duration,
    quality: g.quality,
    motionMode: g.motionMode,
    negativePrompt: g.negativePrompt,
    seed: g.seedWasRandom ? null : g.seed,
    style: g.style,
  };
}

export function CreateStudio({
  expectedSeconds,
  initialValues,
  remixed = false,
}: {
  expectedSeconds: number;
  initialValues?: Partial<GenerationParamsInput>;
  remixed?: boolean;
}) {
  const queryClient = useQueryClient();
  const [currentId, setCurrentId] = useState<string | null>(null);
  // One key per submission: a double click or a retried request makes one generation.
  const idempotencyKey = useRef<string>(crypto.randomUUID());

  const create = useMutation({
    mutationFn: (params: GenerationParams) =>
      apiFetch<{ generation: GenerationDto }>("/api/generations", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": idempotencyKey.current },
        body: JSON.stringify(params),
      }),
    onSuccess: ({ generation }) => {
      idempotencyKey.current = crypto.randomUUID();
      queryClient.setQueryData(["generation", generation.id], generation);
      setCurrentId(generation.id);
      void queryClient.invalidateQueries({ queryKey: ["generations"] });
    },
  });

  const generation = useGeneration(currentId, undefined, expectedSeconds);

  async function submit(params: GenerationParams): Promise<SubmitOutcome> {
    try {
      await create.mutateAsync(params);
    } catch (error) {
      if (error instanceof ApiClientError && error.fields) return { fieldErrors: error.fields };
      toast.error(error instanceof Error ? error.message : "Could not start the generation.");
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <Card>
        <CardHeader>
          <CardTitle>{remixed ? "Remix" : "Describe your clip"}</CardTitle>
          {remixed ? (
            <p className="text-sm text-muted-foreground" data-testid="remix-note">
              Every setting, the seed included, is copied from the original. Change what you like.
            </p>
          ) : null}
        </CardHeader>
        <CardContent>
          <GenerationForm initialValues={initialValues} submitting={create.isPending} onSubmit={submit} />
        </CardContent>
      </Card>
      <Card className="lg:sticky lg:top-20 lg:self-start">
        <CardHeader>
          <CardTitle>Result</CardTitle>
        </CardHeader>
        <CardContent>
          {generation.data ? (
            <GenerationResult
              generation={generation.data}
              expectedSeconds={expectedSeconds}
              onRetry={() => void submit(paramsOf(generation.data))}
            />
          ) : generation.error ? (
            <p role="alert" className="text-sm text-destructive">
              {generation.error.message}
            </p>
          ) : (
            <div className="flex flex-col items-center gap-3 py-16 text-center text-muted-foreground" data-testid="result-empty">
              <Clapperboard className="size-10 opacity-50" />
              <p className="max-w-xs text-sm">
                Your video plays here. Generation takes about {expectedSeconds} s; you can keep editing the form meanwhile.
              </p>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
