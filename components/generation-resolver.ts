import type { Resolver } from "react-hook-form";
import type { GenerationParams, GenerationParamsInput } from "@/lib/generation/schema";

type GenerationResolver = Resolver<GenerationParamsInput, unknown, GenerationParams>;

let loaded: Promise<GenerationResolver> | undefined;

/**
 * The form's zod validation, loaded on its first use (the first keystroke or Generate) rather
 * than with the page: zod is the largest library on the create page, and the live constraint
 * feedback before that needs none of it (lib/generation/explain.ts).
 */
export const generationResolver: GenerationResolver = async (values, context, options) => {
  loaded ??= Promise.all([import("@hookform/resolvers/zod"), import("@/lib/generation/schema")]).then(
    ([{ zodResolver }, { generationParamsSchema }]) => zodResolver(generationParamsSchema) as GenerationResolver,
  );
  return (await loaded)(values, context, options);
};
