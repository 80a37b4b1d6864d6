import "server-only";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import {
  claimGeneration,
  markFailed,
  markSucceeded,
  recordAttempt,
  recordRequestId,
  type Generation,
} from "@/lib/data/generations";
import { paramsOfRow } from "@/lib/data/dto";
import { toUpstreamBody } from "@/lib/generation";
import { log } from "@/lib/log";
import { cutPoster, inspectMp4 } from "@/lib/media/ffmpeg";
import { downloadOutput, generateVideo, submitVideoJob, waitForVideoJob, type UpstreamVideo } from "@/lib/segmind/client";
import { upstreamConfig } from "@/lib/segmind/config";
import { UpstreamError } from "@/lib/segmind/errors";
import { posterKey, storage, videoKey } from "@/lib/storage";

/** USD as the service reports it ("0.375") → micro-dollars, or null when it is not a price. */
export function reportedCostMicros(cost: string | undefined): number | null {
  if (!cost || !/^\d+(\.\d+)?$/.test(cost)) return null;
  return Math.round(Number(cost) * 1_000_000);
}

/**
 * Gets the video bytes into `destination`. Sync: one long request. Async: submit (or, when the
 * request id is already stored, resume), poll, then download the output.
 */
async function fetchVideo(g: Generation, destination: string): Promise<UpstreamVideo> {
  const config = upstreamConfig();
  const body = toUpstreamBody(paramsOfRow(g));
  const onAttempt = (n: number) => recordAttempt(g.id, n);
  if (config.mode === "sync") return generateVideo(config, body, destination, { onAttempt });
  const started = Date.now();
  let requestId = g.upstreamRequestId;
  let attempts = g.attempts;
  if (!requestId) {
    const submitted = await submitVideoJob(config, body, { onAttempt });
    requestId = submitted.requestId;
    attempts = submitted.attempts;
    await recordRequestId(g.id, requestId);
  }
  const job = await waitForVideoJob(config, requestId, {
    pollMs: config.pollMs,
    // The whole job, however many restarts it survives, gets the configured time from its first start.
    deadline: (g.startedAt?.getTime() ?? started) + config.timeoutMs,
  });
  const bytes = await downloadOutput(config, job.outputUrl, destination);
  return { bytes, attempts, elapsedMs: Date.now() - started, accounting: job.accounting };
}

// Poster cuts are ffmpeg processes: two at a time per core. Hundreds of generations finishing
// together (they all wait ~44 s upstream) would otherwise start hundreds of processes at once,
// all fighting for the same cores. (They are started by a helper process, lib/media/spawner.ts,
// so the fork itself does not stall this one.)
const posterCuts = pLimit(2 * os.availableParallelism());

/**
 * Carries one generation from QUEUED to a final state. Safe to call twice for one id:
 * only the call that claims the row does anything.
 */
export async function runGeneration(id: string, running: Set<string> = new Set()): Promise<void> {
  const g = await claimGeneration(id);
  if (!g) return;
  running.add(id);
  const store = storage();
  const scratch = await store.scratchDir();
  const tmpVideo = path.join(scratch, `${id}.mp4`);
  const tmpPoster = path.join(scratch, `${id}.jpg`);
  try {
    const upstream = await fetchVideo(g, tmpVideo);
    const info = await (async () => {
      const inspected = await inspectMp4(tmpVideo);
      await posterCuts(() => cutPoster(tmpVideo, tmpPoster, inspected.durationMs));
      return inspected;
    })().catch((error: unknown) => {
      throw new UpstreamError(
        "upstream_bad_output",
        "Segmind's answer was not a playable video (it may have been cut short). You were not charged; try again.",
        { detail: (error as Error).message },
      );
    });
    await store.putFile(videoKey(id), tmpVideo);
    await store.putFile(posterKey(id), tmpPoster);
    await markSucceeded(id, {
      chargedCostMicros: reportedCostMicros(upstream.accounting.cost) ?? g.estimatedCostMicros,
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
    if (error instanceof UpstreamError) {
      log.warn({ generationId: id, code: error.code, status: error.opts.status, detail: error.opts.detail }, "generation failed upstream");
      await markFailed(id, { code: error.code, message: error.message });
    } else {
      log.error({ generationId: id, err: error }, "generation failed in the studio");
      await markFailed(id, {
        code: "internal_error",
        message: "Something went wrong on our side while finishing this video. You were not charged; try again.",
      });
    }
  } finally {
    running.delete(id);
    await rm(tmpVideo, { force: true });
    await rm(tmpPoster, { force: true });
  }
}
