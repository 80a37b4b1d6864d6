import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
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
    // Longer than a generation can run: its wait on Segmind, then as long again to fetch a paid result.
    expireInSeconds: Math.ceil((2 * env().SEGMIND_TIMEOUT_MS) / 1000) + 600,
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

/** pg-boss's database interface over a Prisma transaction, so a job is sent with the row it is for. */
function onTransaction(tx: Prisma.TransactionClient) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => ({
      // pg-boss hands its job data over as an object; Postgres reads it as JSON text.
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v))),
    }),
  };
}

/**
 * Puts a generation on the queue, inside `tx` when given: the job commits (or rolls back) with
 * the row, so a crash between the two can never leave a QUEUED row no worker will take. A
 * duplicate job is harmless: only the worker that claims the row (QUEUED → RUNNING) does anything.
 */
export async function enqueueGeneration(generationId: string, tx?: Prisma.TransactionClient): Promise<void> {
  const boss = await queue();
  await boss.send(GENERATION_QUEUE, { generationId } satisfies GenerationJob, tx ? { db: onTransaction(tx) } : {});
  // Inside a transaction the job is not visible yet: the caller wakes the workers after commit.
  if (!tx) wakeLocalWorkers();
}

/**
 * Workers poll every half second; this wakes this process's own idle one so a generation queued
 * here starts at once. Workers elsewhere take it on their next poll.
 */
export function wakeLocalWorkers() {
  for (const wake of localWakers) wake();
}

/** Wakes the worker running in this process, if any (registered by lib/jobs/worker.ts). */
export const localWakers: Set<() => void> = (globalForBoss.localWakers ??= new Set<() => void>());

export async function stopQueue(): Promise<void> {
  const boss = await globalForBoss.boss?.catch(() => undefined);
  globalForBoss.boss = undefined;
  await boss?.stop({ graceful: true, timeout: 5_000 });
}
