import "server-only";
import { enqueueGeneration, GENERATION_QUEUE, queue, stopQueue, type GenerationJob } from "@/lib/jobs/queue";
import { findAbandoned, findStuckQueued, heartbeat, markFailed } from "@/lib/data/generations";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { runGeneration } from "./run-generation";

const HEARTBEAT_MS = 10_000;
/** A RUNNING row whose heartbeat is older than this belongs to a dead worker. */
const ABANDONED_AFTER_MS = 45_000;
const SWEEP_MS = 15_000;

export const INTERRUPTED = {
  code: "upstream_interrupted",
  message: "The studio restarted while this video was being made, so the result was lost. You were not charged; try again.",
};

/** Settles rows a dead process left behind, and re-queues rows whose job never reached the queue. */
export async function sweep(now = Date.now()): Promise<void> {
  for (const { id } of await findAbandoned(new Date(now - ABANDONED_AFTER_MS))) {
    log.warn({ generationId: id }, "settling a generation left RUNNING by a dead worker");
    await markFailed(id, INTERRUPTED);
  }
  for (const { id } of await findStuckQueued(new Date(now - 60_000))) await enqueueGeneration(id);
}

const globalForWorker = globalThis as unknown as { worker?: Promise<() => Promise<void>> };

/** Starts taking generation jobs in this process; answers a function that stops it. */
export function startWorker(): Promise<() => Promise<void>> {
  globalForWorker.worker ??= (async () => {
    const boss = await queue();
    const running = new Set<string>();
    const concurrency = env().WORKER_CONCURRENCY;
    // pg-boss 10 runs one job at a time per work() call; several calls give concurrency.
    const workers = await Promise.all(
      Array.from({ length: concurrency }, () =>
        boss.work<GenerationJob>(GENERATION_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
          if (job) await runGeneration(job.data.generationId, running);
        }),
      ),
    );
    const beat = setInterval(() => heartbeat([...running]).catch((err) => log.error({ err }, "heartbeat failed")), HEARTBEAT_MS);
    const sweeper = setInterval(() => sweep().catch((err) => log.error({ err }, "sweep failed")), SWEEP_MS);
    beat.unref();
    sweeper.unref();
    await sweep();
    log.info({ concurrency }, "generation worker started");
    return async () => {
      clearInterval(beat);
      clearInterval(sweeper);
      await Promise.all(workers.map((w) => boss.offWork(w).catch(() => {})));
      await stopQueue();
      globalForWorker.worker = undefined;
    };
  })();
  return globalForWorker.worker;
}
