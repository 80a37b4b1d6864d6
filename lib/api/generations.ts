import "server-only";
import { createGeneration, findByIdempotencyKey, type Generation } from "@/lib/data/generations";
import { fieldErrors, generationParamsSchema } from "@/lib/generation";
import { enqueueGeneration } from "@/lib/jobs/queue";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "./errors";

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

/**
 * Validates, stores and queues one generation. With an idempotency key already used by this
 * user, answers the generation that key made instead of making another.
 */
export async function submitGeneration(
  userId: string,
  body: unknown,
  idempotencyKey: string | null,
): Promise<{ generation: Generation; replayed: boolean }> {
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ApiError("invalid_params", "Idempotency-Key must be 8–128 letters, digits, '.', ':', '_' or '-'.", {
      "Idempotency-Key": ["Use a fresh UUID for each submission."],
    });
  }
  const parsed = generationParamsSchema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError("invalid_params", "Some settings need fixing before this can be generated.", fieldErrors(parsed.error));
  }
  if (idempotencyKey) {
    const existing = await findByIdempotencyKey(userId, idempotencyKey);
    if (existing) return { generation: existing, replayed: true };
  }
  let generation: Generation;
  try {
    generation = await createGeneration(userId, parsed.data, idempotencyKey ?? undefined);
  } catch (error) {
    // Two identical submissions raced: the unique (user, key) index let one through.
    if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await findByIdempotencyKey(userId, idempotencyKey);
      if (existing) return { generation: existing, replayed: true };
    }
    throw error;
  }
  await enqueueGeneration(generation.id);
  return { generation, replayed: false };
}
