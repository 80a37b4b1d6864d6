import { DEFAULT_NEGATIVE_PROMPT } from "./options";
import type { GenerationParamsInput } from "./schema";

/** What the create form starts with. Apart from the schema, so the form's first load needs no zod. */
export const DEFAULT_PARAMS: GenerationParamsInput = {
  prompt: "",
  aspectRatio: "16:9",
  duration: 5,
  quality: "540p",
  motionMode: "normal",
  negativePrompt: DEFAULT_NEGATIVE_PROMPT,
  seed: null,
  style: null,
};
