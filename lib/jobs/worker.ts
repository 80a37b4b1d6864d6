import "server-only";
import { enqueueGeneration, GENERATION_QUEUE, localWakers, queue, stopQueue, type GenerationJob } from "@/lib/jobs/queue";
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

const globalForWorker = globalThis as unknown as { worker?: Promise<() => Promise<void>>; workerRunning?: Set<string> };

const POLL_MS = 500;

/**
 * Starts taking generation jobs in this process; answers a function that stops it.
 *
 * One fetch loop keeps up to WORKER_CONCURRENCY jobs in hand and asks the queue only for as many
 * as it has room for. A generation mostly waits on the upstream (about 44 s), so one process
 * carries hundreds; pg-boss's work() would need a polling loop per concurrent job to do that.
 */
export function startWorker(): Promise<() => Promise<void>> {
  globalForWorker.worker ??= (async () => {
    const boss = await queue();
    const running = (globalForWorker.workerRunning = new Set<string>());
    const concurrency = env().WORKER_CONCURRENCY;
    let inHand = 0;
    let stopping = false;
    let wakeUp = () => {};
    const nap = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => (wakeUp = () => {}, resolve()), ms);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = () => {};
          resolve();
        };
      });
    const wake = () => wakeUp();

    const carry = async (job: { id: string; data: GenerationJob }) => {
      try {
        await runGeneration(job.data.generationId, running);
        await boss.complete(GENERATION_QUEUE, job.id);
      } catch (err) {
        log.error({ err, generationId: job.data.generationId }, "generation job failed");
        await boss.fail(GENERATION_QUEUE, job.id, { message: (err as Error).message }).catch(() => {});
      } finally {
        inHand--;
        wake();
      }
    };

    const loop = (async () => {
      while (!stopping) {
        if (inHand >= concurrency) {
          await nap(POLL_MS);
          continue;
        }
        let jobs: { id: string; data: GenerationJob }[] = [];
        try {
          jobs = await boss.fetch<GenerationJob>(GENERATION_QUEUE, { batchSize: concurrency - inHand });
        } catch (err) {
          log.error({ err }, "could not fetch generation jobs");
        }
        for (const job of jobs) {
          inHand++;
          void carry(job);
        }
        if (!jobs.length) await nap(POLL_MS);
      }
    })();

    localWakers.add(wake);
    const beat = setInterval(() => heartbeat([...running]).catch((err: unknown) => log.error({ err }, "heartbeat failed")), heartbeatMs());
    const sweeper = setInterval(() => sweep().catch((err: unknown) => log.error({ err }, "sweep failed")), sweepMs());
    beat.unref();
    sweeper.unref();
    await sweep();
    log.info({ concurrency }, "generation worker started");
    return async () => {
      stopping = true;
      localWakers.delete(wake);
      wake();
      await loop;
      // Give jobs in hand a few seconds to finish; any still running are left to the next
      // start's sweep (async mode resumes them).
      for (let waited = 0; inHand > 0 && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      clearInterval(beat);
      clearInterval(sweeper);
      await stopQueue();
      globalForWorker.worker = undefined;
    };
  })();
  return globalForWorker.worker;
}
