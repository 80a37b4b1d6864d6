// zod/mini: the same validation with a fraction of the JavaScript, since this schema ships to
// the browser for the form (the classic API weighed 44 kB gzipped, mini 31 kB; the form loads it
// on first use, components/generation-resolver.ts).
import * as z from "zod/mini";
import {
  ASPECT_RATIOS,
  DEFAULT_NEGATIVE_PROMPT,
  MOTION_MODES,
  NEGATIVE_PROMPT_MAX_LENGTH,
  PROMPT_MAX_LENGTH,
  QUALITIES,
  SEED_MAX,
  SEED_MIN,
  STYLES,
} from "./options";
import { CROSS_FIELD_RULES } from "./rules";

// Postgres text cannot hold U+0000, and no prompt needs one: refuse it by name instead of failing to store it.
const noNul = (what: string) => z.refine<string>((s) => !s.includes("\u0000"), `${what} cannot contain a NUL character (U+0000).`);

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: () => `${what} must be one of ${values.join(", ")}.` });

/**
 * The one parameter schema: the form validates with it, the API parses with it,
 * and the upstream body is built from its output. Field names are the studio's (camelCase);
 * `toUpstreamBody` maps them to the service's.
 */
export const generationParamsSchema = z
  .strictObject(
    {
      prompt: z
        .string({ error: "Prompt must be text." })
        .check(
          z.trim(),
          z.minLength(1, "Write a prompt: describe the clip you want."),
          z.maxLength(PROMPT_MAX_LENGTH, `Prompt must be at most ${PROMPT_MAX_LENGTH} characters.`),
          noNul("Prompt"),
        ),
      aspectRatio: oneOf(ASPECT_RATIOS, "Aspect ratio"),
      duration: z.union([z.literal(5), z.literal(8)], { error: "Duration must be 5 or 8 seconds." }),
      quality: oneOf(QUALITIES, "Quality"),
      motionMode: oneOf(MOTION_MODES, "Motion mode"),
      negativePrompt: z.optional(
        z
          .string({ error: "Negative prompt must be text." })
          .check(
            z.trim(),
            z.maxLength(NEGATIVE_PROMPT_MAX_LENGTH, `Negative prompt must be at most ${NEGATIVE_PROMPT_MAX_LENGTH} characters.`),
            noNul("Negative prompt"),
          ),
      ),
      seed: z.nullish(
        z
          .int({ error: "Seed must be a whole number." })
          .check(
            z.gte(SEED_MIN, `Seed must be between ${SEED_MIN} and ${SEED_MAX}.`),
            z.lte(SEED_MAX, `Seed must be between ${SEED_MIN} and ${SEED_MAX}.`),
          ),
      ),
      style: z.nullish(oneOf(STYLES, "Style")),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}.` : undefined) },
  )
  .check(
    z.superRefine((value, ctx) => {
      for (const rule of CROSS_FIELD_RULES) {
        if (rule.violated(value)) ctx.addIssue({ code: "custom", path: [rule.fields[0]], message: rule.message });
      }
    }),
  );

export type GenerationParamsInput = z.input<typeof generationParamsSchema>;
export type GenerationParams = z.output<typeof generationParamsSchema>;


/** Field → messages, the shape the API's 400 and the form both use. */
export type FieldErrors = Record<string, string[]>;

/** From any zod error (classic or mini). */
export function fieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "body";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** The JSON body the upstream expects, field names exactly as documented. */
export type UpstreamBody = {
  prompt: string;
  aspect_ratio: string;
  duration: number;
  quality: string;
  motion_mode: string;
  negative_prompt: string;
  seed: number;
  style?: string;
};

export function toUpstreamBody(p: GenerationParams & { seed: number }): UpstreamBody {
  return {
    prompt: p.prompt,
    aspect_ratio: p.aspectRatio,
    duration: p.duration,
    quality: p.quality,
    motion_mode: p.motionMode,
    negative_prompt: p.negativePrompt || DEFAULT_NEGATIVE_PROMPT,
    seed: p.seed,
    ...(p.style ? { style: p.style } : {}),
  };
}
