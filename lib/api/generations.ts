import "server-only";
import { createGeneration, type Generation } from "@/lib/data/generations";
import { limitsFromEnv, type LimitBreach } from "@/lib/data/limits";
import { formatUsd } from "@/lib/generation/price";
import type { Limits } from "@/lib/generation/limits";
import { fieldErrors, generationParamsSchema } from "@/lib/generation";
import { enqueueGeneration, wakeLocalWorkers } from "@/lib/jobs/queue";
import { toGenerationDto } from "@/lib/data/dto";
import { ApiError } from "./errors";
import { readJson } from "./read-json";

function breachError(breach: LimitBreach): ApiError {
  switch (breach.kind) {
    case "in_flight":
      return new ApiError(
        "concurrency_limited",
        `You already have ${breach.limit} video${breach.limit === 1 ? "" : "s"} being made. Wait for one to finish, then generate again.`,
      );
    case "per_minute":
      return new ApiError(
        "rate_limited",
        `That is ${breach.limit} submissions in the last minute, the most allowed. Try again in ${breach.retryAfterSeconds} s.`,
        undefined,
        { "retry-after": String(breach.retryAfterSeconds) },
      );
    case "budget":
      return new ApiError(
        "budget_exceeded",
        `This would take you past your monthly budget of ${formatUsd(breach.budgetMicros)} (spent or reserved so far: ${formatUsd(breach.spentMicros)}). Pick a cheaper setting, wait for next month, or ask the operator to raise your budget.`,
      );
  }
}

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

/**
 * Validates, stores and queues one generation. With an idempotency key already used by this
 * user, answers the generation that key made instead of making another.
 */
export async function submitGeneration(
  userId: string,
  body: unknown,
  idempotencyKey: string | null,
  limits: Limits = limitsFromEnv(),
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
  // Replays and races of the same key are settled inside createGeneration, under the user's lock;
  // the job is queued in the insert's transaction.
  const created = await createGeneration(userId, parsed.data, {
    idempotencyKey: idempotencyKey ?? undefined,
    limits,
    enqueue: (tx, generation) => enqueueGeneration(generation.id, tx),
  });
  if ("breach" in created) throw breachError(created.breach);
  if ("keyReused" in created) {
    throw new ApiError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a generation with different settings. Send a new key for a new request.",
      { "Idempotency-Key": [`Already used by generation ${created.keyReused.id} within the last 24 hours.`] },
    );
  }
  if (!created.replayed) wakeLocalWorkers();
  return created;
}

/** POST /api/generations for one signed-in user: body checks, submission, the 202/200 answer. */
export async function postGeneration(req: Request, userId: string, viewer: { operator?: boolean } = {}): Promise<Response> {
  const body = await readJson(req);
  const { generation, replayed } = await submitGeneration(userId, body, req.headers.get("idempotency-key"));
  return Response.json(
    { generation: toGenerationDto(generation, viewer) },
    { status: replayed ? 200 : 202, headers: replayed ? { "idempotent-replayed": "true" } : {} },
  );
}
