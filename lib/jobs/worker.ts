import "server-only";
import { enqueueGeneration, GENERATION_QUEUE, localWorkerIds, queue, stopQueue, type GenerationJob } from "@/lib/jobs/queue";
import { findAbandoned, findStuckQueued, heartbeat, markFailed, requeueForResume } from "@/lib/data/generations";
import { upstreamConfig } from "@/lib/segmind/config";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { runGeneration } from "./run-generation";

// A RUNNING row whose heartbeat is older than WORKER_ABANDONED_AFTER_MS belongs to a dead
// worker; live workers beat four times as often, and sweep twice as often.
const heartbeatMs = () => Math.max(250, Math.floor(env().WORKER_ABANDONED_AFTER_MS / 4));
const sweepMs = () => Math.max(500, Math.floor(env().WORKER_ABANDONED_AFTER_MS / 2));

export const INTERRUPTED = {
  code: "upstream_interrupted",
  message: "The studio restarted while this video was being made, so it was interrupted and the result lost. You were not charged; try again.",
};

/**
 * Settles rows a dead process left behind: in async mode, a job whose request id is stored is
 * resumed (its video is paid for and still coming); anything else ends FAILED, interrupted.
 * Also re-queues rows whose job never reached the queue.
 */
export async function sweep(now = Date.now()): Promise<void> {
  const resumable = upstreamConfig().mode === "async";
  for (const row of await findAbandoned(new Date(now - env().WORKER_ABANDONED_AFTER_MS))) {
    if (resumable && row.upstreamRequestId && (await requeueForResume(row.id))) {
      log.warn({ generationId: row.id, requestId: row.upstreamRequestId }, "resuming a generation left RUNNING by a dead worker");
      await enqueueGeneration(row.id);
      continue;
    }
    log.warn({ generationId: row.id }, "settling a generation left RUNNING by a dead worker");
    await markFailed(row.id, INTERRUPTED);
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
    for (const w of workers) localWorkerIds.add(w);
    const beat = setInterval(() => heartbeat([...running]).catch((err: unknown) => log.error({ err }, "heartbeat failed")), heartbeatMs());
    const sweeper = setInterval(() => sweep().catch((err: unknown) => log.error({ err }, "sweep failed")), sweepMs());
    beat.unref();
    sweeper.unref();
    await sweep();
    log.info({ concurrency }, "generation worker started");
    return async () => {
      clearInterval(beat);
      clearInterval(sweeper);
      for (const w of workers) localWorkerIds.delete(w);
      await Promise.all(workers.map((w) => boss.offWork({ id: w }).catch(() => {})));
      await stopQueue();
      globalForWorker.worker = undefined;
    };
  })();
  return globalForWorker.worker;
}
