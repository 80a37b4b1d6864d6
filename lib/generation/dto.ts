import type { GenerationStatusName } from "./status";
import type { AspectRatio, Duration, MotionMode, Quality, Style } from "./options";

/** A generation as the API answers it: no internal keys, URLs instead of storage paths. */
export type GenerationDto = {
  id: string;
  status: GenerationStatusName;
  prompt: string;
  aspectRatio: AspectRatio;
  duration: Duration;
  quality: Quality;
  motionMode: MotionMode;
  negativePrompt: string;
  seed: number;
  seedWasRandom: boolean;
  style: Style | null;
  estimatedCostMicros: number;
  chargedCostMicros: number | null;
  attempts: number;
  error: { code: string; message: string } | null;
  video: { url: string; posterUrl: string; downloadUrl: string; width: number; height: number; durationMs: number; byteSize: number } | null;
  upstream: {
    generationTime: string | null;
    ms: number | null;
    /**
     * The Segmind account's side, for operators only (null for everyone else): the request id to
     * quote to Segmind's support, credits left, what Segmind billed or may have billed.
     */
    account: { requestId: string | null; remainingCredits: string | null; incurredCostMicros: number | null; atRiskCostMicros: number | null } | null;
  };
  favorite: boolean;
  /** The public page's path, while a share link is live. */
  sharePath: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};
