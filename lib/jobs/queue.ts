import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export const GENERATION_QUEUE = "generation";

export type GenerationJob = { generationId: string };

// On globalThis: Next.js bundles route handlers and instrumentation separately, so module-level
// state would not be shared between the code that enqueues and the worker.
const globalForBoss = globalThis as unknown as { boss?: Promise<PgBoss>; localWakers?: Set<() => void> };

async function startBoss(): Promise<PgBoss> {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; the job queue lives in Postgres.");
  const boss = new PgBoss({ connectionString: url, max: 5, application_name: "studio-queue" });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  await boss.createQueue(GENERATION_QUEUE, {
    name: GENERATION_QUEUE,
    // The worker retries upstream calls itself; a job retried by the queue would find its row
    // no longer QUEUED and do nothing, so one queue-level retry is only a safety net.
    retryLimit: 1,
    // Longer than the longest upstream call with all its retries.
    expireInSeconds: Math.ceil((env().SEGMIND_TIMEOUT_MS * (env().SEGMIND_MAX_RETRIES + 1)) / 1000) + 600,
  });
  return boss;
}

/** The one pg-boss instance of this process, started on first use. */
export function queue(): Promise<PgBoss> {
  globalForBoss.boss ??= startBoss().catch((error: unknown) => {
    globalForBoss.boss = undefined;
    throw error;
  });
  return globalForBoss.boss;
}

/**
 * Puts a generation on the queue. A duplicate job is harmless: only the worker that claims the
 * row (QUEUED → RUNNING) does anything.
 */
export async function enqueueGeneration(generationId: string): Promise<void> {
  const boss = await queue();
  await boss.send(GENERATION_QUEUE, { generationId } satisfies GenerationJob);
  // Workers poll every half second; wake this process's own idle one now, so a generation
  // submitted here starts at once. Workers elsewhere pick it up on their next poll.
  for (const wake of localWakers) wake();
}

/** Wakes the worker running in this process, if any (registered by lib/jobs/worker.ts). */
export const localWakers: Set<() => void> = (globalForBoss.localWakers ??= new Set<() => void>());

export async function stopQueue(): Promise<void> {
  const boss = await globalForBoss.boss?.catch(() => undefined);
  globalForBoss.boss = undefined;
  await boss?.stop({ graceful: true, timeout: 5_000 });
}
