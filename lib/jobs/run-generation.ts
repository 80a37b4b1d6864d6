import "server-only";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { recordCreditReading, usdToMicros } from "@/lib/data/credits";
import {
  claimGeneration,
  getGeneration,
  markSucceeded,
  recordAttempt,
  recordCompleted,
  recordSubmitted,
  type Generation,
} from "@/lib/data/generations";
import { toUpstreamBody } from "@/lib/generation";
import { paramsOfRow } from "@/lib/generation/params";
import { log } from "@/lib/log";
import { cutPoster, inspectMp4 } from "@/lib/media/ffmpeg";
import {
  RESULT_KEPT_MS,
  backoffMs,
  downloadOutput,
  fetchJobResult,
  generateVideo,
  submitVideoJob,
  waitForVideoJob,
  type UpstreamAccounting,
  type UpstreamConfig,
} from "@/lib/segmind/client";
import { upstreamConfig, type ResolvedUpstream } from "@/lib/segmind/config";
import { UpstreamError } from "@/lib/segmind/errors";
import { posterKey, storage, videoKey } from "@/lib/storage";
import { settleAsFailed } from "./settle";

/** What the worker learnt on the way to a playable file in scratch space. */
type Fetched = {
  bytes: number;
  attempts: number;
  elapsedMs: number;
  accounting: UpstreamAccounting;
  incurredMicros: number;
  info: Awaited<ReturnType<typeof inspectMp4>>;
};

type Scratch = { video: string; poster: string };

/** What a person reads when a video arrived but is not one that plays. */
function unplayable(error: unknown): UpstreamError {
  return new UpstreamError("upstream_bad_output", "Segmind's video was not playable (it may have been cut short).", {
    detail: (error as Error).message,
    retryable: true,
  });
}

// Poster cuts are ffmpeg processes: two at a time per core. Hundreds of generations finishing
// together (they all wait ~44 s upstream) would otherwise start hundreds of processes at once,
// all fighting for the same cores. (They are started by a helper process, lib/media/spawner.ts,
// so the fork itself does not stall this one.)
const posterCuts = pLimit(2 * os.availableParallelism());

/** Checks the downloaded MP4 and cuts its poster; answers what the index says of it. */
async function checkAndCutPoster(scratch: Scratch) {
  try {
    const info = await inspectMp4(scratch.video);
    await posterCuts(() => cutPoster(scratch.video, scratch.poster, info.durationMs));
    return info;
  } catch (error) {
    throw unplayable(error);
  }
}

const incurredFrom = (g: Generation, accounting: UpstreamAccounting) => usdToMicros(accounting.cost) ?? g.estimatedCostMicros;

/** Sync: one long request; its 200 with a video's first bytes means Segmind billed the job. */
async function fetchSync(g: Generation, config: ResolvedUpstream, deadline: number, scratch: Scratch): Promise<Fetched> {
  let incurredMicros = g.estimatedCostMicros;
  const video = await generateVideo(config, toUpstreamBody(paramsOfRow(g)), scratch.video, {
    deadline,
    onAttempt: (n) => recordAttempt(g.id, n),
    onCompleted: async (accounting) => {
      incurredMicros = incurredFrom(g, accounting);
      await recordCompleted(g.id, incurredMicros);
    },
  });
  // The answer cannot be fetched again: a file that does not play is billed and lost.
  return { ...video, incurredMicros, info: await checkAndCutPoster(scratch) };
}

/**
 * Async: submit (or resume the stored request id), poll the status until COMPLETED, then fetch
 * the result, download and check it. Once the job completed it is paid for: fetching the result,
 * downloading and checking it are retried with backoff while Segmind still keeps the result.
 */
async function fetchAsync(g: Generation, config: ResolvedUpstream, deadline: number, scratch: Scratch): Promise<Fetched> {
  const started = Date.now();
  let { upstreamRequestId: requestId, attempts } = g;
  let submittedAt = g.upstreamSubmittedAt?.getTime() ?? started;
  if (!requestId) {
    const submitted = await submitVideoJob(config, toUpstreamBody(paramsOfRow(g)), { deadline, onAttempt: (n) => recordAttempt(g.id, n) });
    ({ requestId, attempts } = submitted);
    submittedAt = Date.now();
    await recordSubmitted(g.id, requestId);
  }
  if (!g.upstreamCompletedAt) {
    await waitForVideoJob(config, requestId, { pollMs: config.pollMs, deadline });
    // Billed from here on: the price table's figure until the result's metrics say what it cost.
    await recordCompleted(g.id, g.estimatedCostMicros);
  }
  const finishBy = Math.min(submittedAt + RESULT_KEPT_MS, Math.max(deadline, Date.now() + config.timeoutMs));
  const finished = await finishWithRetries(config, finishBy, async () => {
    const result = await fetchJobResult(config, requestId, finishBy);
    const incurredMicros = incurredFrom(g, result.accounting);
    await recordCompleted(g.id, incurredMicros);
    // Half the time left, so a download that stalls still leaves room to try once more.
    const bytes = await downloadOutput(result.outputUrl, scratch.video, Date.now() + (finishBy - Date.now()) / 2);
    return { bytes, accounting: result.accounting, incurredMicros, info: await checkAndCutPoster(scratch) };
  });
  return { ...finished, attempts, elapsedMs: Date.now() - started };
}

/**
 * Runs `attempt` until it succeeds, fails in a way another try cannot fix, or the time or tries
 * run out; backs off between tries. A 404 for the result of a job Segmind just reported COMPLETED
 * is tried again too: one spurious answer must not lose a video that is paid for.
 */
async function finishWithRetries<T>(config: UpstreamConfig, finishBy: number, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const fixable = error instanceof UpstreamError && (error.retryable || error.code === "upstream_job_lost");
      const again = fixable && n <= config.maxRetries;
      const pause = backoffMs(n, config.retryBaseMs);
      if (!again || Date.now() + pause >= finishBy) throw error;
      log.warn({ err: error, attempt: n }, "finishing a paid generation failed; trying again");
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * Settles a failed run from what is durably recorded about its upstream job (completed: billed;
 * accepted: maybe) and, before that, from what the failing request proved.
 */
async function settleFailed(id: string, error: unknown) {
  const row = await getGeneration(id);
  if (!row) return;
  const upstream = error instanceof UpstreamError ? error : null;
  const code = upstream?.code ?? "internal_error";
  const what = upstream?.message ?? "Something went wrong on our side while finishing this video.";
  const ledger = await settleAsFailed(row, code, what, upstream ? { billing: upstream.billing, jobFailed: upstream.code === "upstream_job_failed" } : undefined);
  if (upstream) log.warn({ generationId: id, code, status: upstream.opts.status, detail: upstream.opts.detail, billing: ledger.billing }, "generation failed upstream");
  else log.error({ generationId: id, err: error, billing: ledger.billing }, "generation failed in the studio");
}

/**
 * Carries one generation from QUEUED to a final state. Safe to call twice for one id:
 * only the call that claims the row does anything.
 */
export async function runGeneration(id: string, running: Set<string> = new Set()): Promise<void> {
  const g = await claimGeneration(id);
  if (!g) return;
  running.add(id);
  const config = upstreamConfig();
  // The whole job, however many restarts it survives, gets the configured time from its first start.
  const deadline = (g.startedAt?.getTime() ?? Date.now()) + config.timeoutMs;
  const store = storage();
  const dir = await store.scratchDir();
  const scratch = { video: path.join(dir, `${id}.mp4`), poster: path.join(dir, `${id}.jpg`) };
  try {
    const upstream =
      config.mode === "sync"
        ? await fetchSync(g, config, deadline, scratch)
        : await fetchAsync(g, config, deadline, scratch);
    const { info } = upstream;
    await store.putFile(videoKey(id), scratch.video);
    await store.putFile(posterKey(id), scratch.poster);
    if (upstream.accounting.remainingCredits) await recordCreditReading(upstream.accounting.remainingCredits, "response", id);
    await markSucceeded(id, {
      chargedCostMicros: upstream.incurredMicros,
      incurredCostMicros: upstream.incurredMicros,
      upstreamRequestId: upstream.accounting.requestId,
      upstreamCost: upstream.accounting.cost,
      upstreamRemainingCredits: upstream.accounting.remainingCredits,
      upstreamGenerationTime: upstream.accounting.generationTime,
      upstreamSeed: upstream.accounting.seed,
      upstreamMs: upstream.elapsedMs,
      videoKey: videoKey(id),
      posterKey: posterKey(id),
      byteSize: upstream.bytes,
      width: info.width,
      height: info.height,
      durationMs: info.durationMs,
    });
    log.info({ generationId: id, attempts: upstream.attempts, ms: upstream.elapsedMs, bytes: upstream.bytes }, "generation succeeded");
  } catch (error) {
    await settleFailed(id, error);
  } finally {
    running.delete(id);
    await rm(scratch.video, { force: true });
    await rm(scratch.poster, { force: true });
  }
}
