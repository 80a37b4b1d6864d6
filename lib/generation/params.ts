import type { GenerationParams } from "./schema";

/** The columns a stored generation keeps its settings in (the Generation row's, structurally). */
export type StoredSettings = {
  prompt: string;
  aspectRatio: string;
  duration: number;
  quality: string;
  motionMode: string;
  negativePrompt: string;
  seed: number;
  style: string | null;
};

/**
 * The settings a stored generation was made with, the seed it used included: what the worker
 * sends upstream and what Remix fills the form with. Rows only hold values the schema accepted.
 */
export function paramsOfRow(g: StoredSettings): GenerationParams & { seed: number } {
  return {
    prompt: g.prompt,
    aspectRatio: g.aspectRatio as GenerationParams["aspectRatio"],
    duration: g.duration as GenerationParams["duration"],
    quality: g.quality as GenerationParams["quality"],
    motionMode: g.motionMode as GenerationParams["motionMode"],
    negativePrompt: g.negativePrompt,
    seed: g.seed,
    style: g.style as GenerationParams["style"],
  };
}
