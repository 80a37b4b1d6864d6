import "server-only";
import { enqueueGeneration, GENERATION_QUEUE, localWakers, queue, stopQueue, wakeLocalWorkers, type GenerationJob } from "@/lib/jobs/queue";
import { findUnsettled, heartbeat, requeueForResume, type Generation } from "@/lib/data/generations";
import { RESULT_KEPT_MS } from "@/lib/segmind/client";
import { upstreamConfig } from "@/lib/segmind/config";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { runGeneration } from "./run-generation";
import { settleAsFailed } from "./settle";

// A RUNNING row whose heartbeat is older than WORKER_ABANDONED_AFTER_MS belongs to a dead
// worker; live workers beat four times as often, and sweep twice as often.
const heartbeatMs = () => Math.max(250, Math.floor(env().WORKER_ABANDONED_AFTER_MS / 4));
const sweepMs = () => Math.max(500, Math.floor(env().WORKER_ABANDONED_AFTER_MS / 2));

/** Why the sweep settles a row, as the person reads it (what it cost is added by the ledger). */
const SWEPT = {
  overdue: { code: "upstream_timeout", what: (s: number) => `Segmind did not finish the video within ${s} s, so the studio stopped waiting.` },
  expired: { code: "upstream_job_lost", what: () => "The studio was down until after Segmind stopped keeping this job's result (about an hour)." },
  interrupted: { code: "upstream_interrupted", what: () => "The studio restarted while this video was being made, so it was interrupted." },
} as const;

async function settle(row: Generation, why: keyof typeof SWEPT) {
  const { code, what } = SWEPT[why];
  const ledger = await settleAsFailed(row, code, what(Math.round(env().SEGMIND_TIMEOUT_MS / 1000)));
  log.warn({ generationId: row.id, requestId: row.upstreamRequestId, why, billing: ledger.billing }, "settled a generation nobody was finishing");
}

/**
 * Settles RUNNING rows nobody will finish, oldest first. A row whose worker died is resumed in
 * async mode while Segmind still keeps its result (the job is paid for, or may be: the resumed
 * run polls at least once even past the deadline), and ends FAILED as lost once the result has
 * expired; in sync mode its answer died with the worker. A row whose worker is alive but which
 * is past its deadline ends FAILED whatever its heartbeat says (the watchdog). What each cost is
 * said by the ledger.
 */
export async function sweep(now = Date.now()): Promise<void> {
  const e = env();
  const resumable = upstreamConfig().mode === "async";
  const rows = await findUnsettled({
    staleBefore: new Date(now - e.WORKER_ABANDONED_AFTER_MS),
    timeoutMs: e.SEGMIND_TIMEOUT_MS,
    graceMs: e.WORKER_ABANDONED_AFTER_MS,
    now: new Date(now),
  });
  for (const row of rows) {
    if (!row.abandoned) {
      await settle(row, "overdue");
      continue;
    }
    if (!resumable || !row.upstreamRequestId) {
      await settle(row, "interrupted");
      continue;
    }
    const submittedAt = (row.upstreamSubmittedAt ?? row.startedAt ?? new Date(now)).getTime();
    if (submittedAt + RESULT_KEPT_MS <= now) {
      await settle(row, "expired");
      continue;
    }
    if (await requeueForResume(row.id, (tx) => enqueueGeneration(row.id, tx))) {
      log.warn({ generationId: row.id, requestId: row.upstreamRequestId }, "resuming a generation left RUNNING by a dead worker");
      wakeLocalWorkers();
    }
  }
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
