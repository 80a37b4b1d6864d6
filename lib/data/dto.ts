import type { GenerationDto } from "@/lib/generation/dto";
import { paramsOfRow } from "@/lib/generation/params";
import type { Generation } from "@/lib/generated/prisma/client";
import { mediaUrl } from "@/lib/media/signed-url";

/**
 * The owner's view of a generation; `operator` adds the Segmind account's side of it, which is
 * the studio's business, not the user's.
 */
export function toGenerationDto(g: Generation, opts: { operator?: boolean; shareSlug?: string } = {}): GenerationDto {
  const { shareSlug } = opts;
  const url = mediaUrl("videos", g.id, { shareSlug });
  const done = g.status === "SUCCEEDED" && g.videoKey && g.width && g.height && g.durationMs && g.byteSize;
  return {
    id: g.id,
    status: g.status,
    ...paramsOfRow(g),
    negativePrompt: g.negativePrompt,
    style: g.style as GenerationDto["style"],
    seedWasRandom: g.seedWasRandom,
    estimatedCostMicros: g.estimatedCostMicros,
    chargedCostMicros: g.chargedCostMicros,
    attempts: g.attempts,
    error: g.errorCode ? { code: g.errorCode, message: g.errorMessage ?? "" } : null,
    video: done
      ? {
          url,
          downloadUrl: `${url}${url.includes("?") ? "&" : "?"}download=1`,
          posterUrl: mediaUrl("posters", g.id, { shareSlug }),
          width: g.width!,
          height: g.height!,
          durationMs: g.durationMs!,
          byteSize: g.byteSize!,
        }
      : null,
    upstream: {
      generationTime: g.upstreamGenerationTime,
      ms: g.upstreamMs,
      account: opts.operator
        ? {
            requestId: g.upstreamRequestId,
            remainingCredits: g.upstreamRemainingCredits,
            incurredCostMicros: g.incurredCostMicros,
            atRiskCostMicros: g.atRiskCostMicros,
          }
        : null,
    },
    favorite: g.favorite,
    sharePath: g.shareSlug ? `/v/${g.shareSlug}` : null,
    createdAt: g.createdAt.toISOString(),
    startedAt: g.startedAt?.toISOString() ?? null,
    finishedAt: g.finishedAt?.toISOString() ?? null,
  };
}

/** What anyone with a share link sees: the clip and its settings, nothing about the owner. */
export type SharedGenerationDto = Pick<
  GenerationDto,
  "prompt" | "aspectRatio" | "duration" | "quality" | "motionMode" | "style" | "seed" | "negativePrompt" | "createdAt"
> & { video: NonNullable<GenerationDto["video"]> };

export function toSharedDto(g: Generation, slug: string): SharedGenerationDto | null {
  const own = toGenerationDto(g, { shareSlug: slug });
  if (!own.video) return null;
  return {
    prompt: own.prompt,
    aspectRatio: own.aspectRatio,
    duration: own.duration,
    quality: own.quality,
    motionMode: own.motionMode,
    style: own.style,
    seed: own.seed,
    negativePrompt: own.negativePrompt,
    createdAt: own.createdAt,
    video: own.video,
  };
}
