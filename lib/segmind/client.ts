import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { UpstreamBody } from "@/lib/generation/schema";
import { UpstreamError, errorForStatus } from "./errors";

export const SEGMIND_DEFAULT_BASE_URL = "https://api.segmind.com";
export const TEXT2VIDEO_PATH = "/v1/pixverse-text2video";
export const TEXT2VIDEO_ASYNC_PATH = "/v2/pixverse-text2video";

export type UpstreamConfig = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
};

/** What the service reported about a run, from its response headers, when it sent them. */
export type UpstreamAccounting = {
  requestId?: string;
  cost?: string;
  remainingCredits?: string;
  generationTime?: string;
  seed?: number;
};

export type UpstreamVideo = {
  bytes: number;
  attempts: number;
  /** Time of the successful attempt, request to last byte. */
  elapsedMs: number;
  accounting: UpstreamAccounting;
};

const MAX_BACKOFF_MS = 5 * 60_000;

function accountingFrom(headers: Headers): UpstreamAccounting {
  const get = (name: string) => headers.get(name)?.trim() || undefined;
  const seed = Number(get("x-seed-value"));
  return {
    requestId: get("x-request-id"),
    cost: get("x-cost"),
    remainingCredits: get("x-remaining-credits"),
    generationTime: get("x-generation-time"),
    seed: Number.isInteger(seed) && seed > 0 ? seed : undefined,
  };
}

/** Backoff before attempt `n + 1`: the server's word when it gave one, else exponential with jitter. */
export function backoffMs(attempt: number, baseMs: number, serverSaid?: number): number {
  if (serverSaid !== undefined) return Math.min(serverSaid, MAX_BACKOFF_MS);
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.min(exp * (0.5 + Math.random()), MAX_BACKOFF_MS);
}

const MP4_SIGNATURE_OFFSET = 4; // an MP4 opens with a box whose type, at byte 4, is "ftyp"

/** Passes bytes through, failing fast when the first ones are not an MP4's. */
function mp4Guard(): Transform {
  let head = Buffer.alloc(0);
  let checked = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (checked) return done(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < 12) return done();
      checked = true;
      if (head.subarray(MP4_SIGNATURE_OFFSET, MP4_SIGNATURE_OFFSET + 4).toString("latin1") !== "ftyp") {
        return done(notAVideo(head.subarray(0, 200).toString("utf8")));
      }
      done(null, head);
    },
    flush(done) {
      if (!checked) return done(notAVideo(head.toString("utf8")));
      done();
    },
  });
}

function notAVideo(start: string): UpstreamError {
  const looksLike = /^\s*[{[]/.test(start) ? "JSON" : /^\s*</.test(start) ? "HTML" : start.length ? "data" : "an empty body";
  return new UpstreamError(
    "upstream_bad_output",
    `Segmind answered without a video (it sent ${looksLike}). You were not charged; try again.`,
    { detail: start.slice(0, 200) },
  );
}

function connectionError(error: unknown, during: "request" | "download"): UpstreamError {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message;
  return during === "request"
    ? new UpstreamError("upstream_connection", "Could not reach Segmind (the connection failed). Try again.", {
        retryable: true,
        detail,
      })
    : new UpstreamError(
        "upstream_connection",
        "The connection to Segmind dropped while the video was downloading. You were not charged; try again.",
        { detail },
      );
}

function timeoutError(timeoutMs: number): UpstreamError {
  return new UpstreamError(
    "upstream_timeout",
    `Segmind did not deliver the video within ${Math.round(timeoutMs / 1000)} s, so the studio gave up. You were not charged; try again.`,
  );
}

/** The real pause between retries and polls; tests pass their own `sleep`. */
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Hooks = { onAttempt?: (attempt: number) => void | Promise<void>; sleep?: (ms: number) => Promise<void> };

function endpoint(config: UpstreamConfig, pathname: string): URL {
  // Keep any path prefix on the base: a gateway may mount Segmind under one.
  const base = new URL(config.baseUrl);
  return new URL(`${base.pathname.replace(/\/$/, "")}${pathname}`, base);
}

/**
 * Runs `attempt` until it succeeds or fails in a way a retry cannot fix, backing off between
 * tries. Only errors marked retryable (429, 500, 502, 503, 504, failed connections) are retried.
 */
async function withRetries<T>(config: UpstreamConfig, hooks: Hooks, attempt: (n: number) => Promise<T>): Promise<T> {
  const sleep = hooks.sleep ?? wait;
  for (let n = 1; ; n++) {
    await hooks.onAttempt?.(n);
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable || n > config.maxRetries) throw error;
      await sleep(backoffMs(n, config.retryBaseMs, error.opts.retryAfterMs));
    }
  }
}

/** Runs `work` with a controller that aborts after `timeoutMs`: one timer for everything inside. */
async function withTimeout<T>(timeoutMs: number, work: (controller: AbortController) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await work(controller);
  } finally {
    clearTimeout(timer);
  }
}

/** fetch under the caller's timeout, mapping a failure to connect and the timeout to typed errors. */
async function send(url: URL, init: RequestInit, controller: AbortController, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted) throw timeoutError(timeoutMs);
    throw connectionError(error, "request");
  }
}

/** Streams an MP4 body to `destination`, checking its first bytes; removes a partial file on failure. */
async function streamMp4(response: Response, destination: string, aborted: () => boolean, timeoutMs: number): Promise<number> {
  if (!response.body) throw notAVideo("");
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), mp4Guard(), counter, createWriteStream(destination));
  } catch (error) {
    await rm(destination, { force: true });
    if (error instanceof UpstreamError) throw error;
    if (aborted()) throw timeoutError(timeoutMs);
    throw connectionError(error, "download");
  }
  return bytes;
}

/**
 * Sends one text-to-video job to the synchronous route and streams the MP4 answer to
 * `destination` (never whole in memory). Retries, with backoff, only what may succeed on a
 * second try and cannot have been billed: 429, 500, 502, 503, 504 and failures to connect.
 */
export async function generateVideo(
  config: UpstreamConfig,
  body: UpstreamBody,
  destination: string,
  hooks: Hooks = {},
): Promise<UpstreamVideo> {
  const url = endpoint(config, TEXT2VIDEO_PATH);
  return withRetries(config, hooks, (attempt) =>
    // The timeout covers the whole attempt: the answer's headers and every byte of the video.
    withTimeout(config.timeoutMs, async (controller) => {
      const started = Date.now();
      const response = await send(
        url,
        {
          method: "POST",
          headers: { "x-api-key": config.apiKey, "content-type": "application/json", accept: "video/mp4" },
          body: JSON.stringify(body),
        },
        controller,
        config.timeoutMs,
      );
      if (!response.ok) throw errorForStatus(response.status, await response.text().catch(() => ""), response.headers);
      const bytes = await streamMp4(response, destination, () => controller.signal.aborted, config.timeoutMs);
      return { bytes, attempts: attempt, elapsedMs: Date.now() - started, accounting: accountingFrom(response.headers) };
    }),
  );
}

// --- The asynchronous route: submit, poll by request id, download the output. ---

/** Queues a job on the asynchronous route and answers its request id, to be stored at once. */
export async function submitVideoJob(config: UpstreamConfig, body: UpstreamBody, hooks: Hooks = {}): Promise<{ requestId: string; attempts: number }> {
  const url = endpoint(config, TEXT2VIDEO_ASYNC_PATH);
  return withRetries(config, hooks, async (attempt) => {
    const submitTimeoutMs = Math.min(config.timeoutMs, 60_000);
    const response = await withTimeout(submitTimeoutMs, (controller) =>
      send(
        url,
        { method: "POST", headers: { "x-api-key": config.apiKey, "content-type": "application/json" }, body: JSON.stringify(body) },
        controller,
        submitTimeoutMs,
      ),
    );
    const text = await response.text().catch(() => "");
    if (!response.ok) throw errorForStatus(response.status, text, response.headers);
    const requestId = (JSON.parse(text || "{}") as { request_id?: unknown }).request_id;
    if (typeof requestId !== "string" || !requestId) {
      throw new UpstreamError("upstream_bad_output", "Segmind accepted the job but sent no request id. Try again.", { detail: text.slice(0, 200) });
    }
    return { requestId, attempts: attempt };
  });
}

export type JobResult = { outputUrl: string; accounting: UpstreamAccounting };

/**
 * Polls a queued job until it completes (answers its output URL and metrics) or fails.
 * Transient errors while polling are retried on the next poll; `deadline` bounds the wait.
 */
export async function waitForVideoJob(
  config: UpstreamConfig,
  requestId: string,
  opts: { pollMs: number; deadline: number; onPoll?: () => Promise<void> | void; sleep?: (ms: number) => Promise<void> },
): Promise<JobResult> {
  const sleep = opts.sleep ?? wait;
  const headers = { "x-api-key": config.apiKey, accept: "application/json" };
  const id = encodeURIComponent(requestId);
  for (;;) {
    if (Date.now() > opts.deadline) throw timeoutError(config.timeoutMs);
    await opts.onPoll?.();
    try {
      const res = await withTimeout(30_000, (controller) => send(endpoint(config, `/v2/requests/${id}`), { headers }, controller, 30_000));
      const text = await res.text().catch(() => "");
      const json = (() => {
        try {
          return JSON.parse(text) as { status?: string; output?: unknown; error?: unknown; metrics?: Record<string, unknown> };
        } catch {
          return {};
        }
      })();
      if (res.status === 422 || json.status === "FAILED") {
        throw new UpstreamError(
          "upstream_job_failed",
          `Segmind could not make this video${typeof json.error === "string" && json.error ? `: ${json.error}` : "."} You were not charged; try again.`,
          { status: res.status, detail: typeof json.error === "string" ? json.error : undefined },
        );
      }
      if (res.status === 404) {
        throw new UpstreamError(
          "upstream_job_lost",
          "Segmind no longer knows this job (results are kept about an hour). You were not charged; try again.",
          { status: 404 },
        );
      }
      if (!res.ok) throw errorForStatus(res.status, text, res.headers);
      if (json.status === "COMPLETED") {
        const output = Array.isArray(json.output) ? json.output[0] : json.output;
        if (typeof output !== "string" || !/^https?:\/\//.test(output)) {
          throw new UpstreamError("upstream_bad_output", "Segmind finished the job but gave no video URL. You were not charged; try again.");
        }
        const m = json.metrics ?? {};
        const str = (v: unknown) => (typeof v === "number" || typeof v === "string" ? String(v) : undefined);
        const seed = Number(m.seed);
        return {
          outputUrl: output,
          accounting: {
            requestId,
            cost: str(m.cost),
            remainingCredits: str(m.remaining_credits),
            generationTime: str(m.inference_time ?? m.generation_time),
            seed: Number.isInteger(seed) && seed > 0 ? seed : undefined,
          },
        };
      }
    } catch (error) {
      // A failed or lost job is final; anything else (busy, unreachable) is retried next poll.
      if (!(error instanceof UpstreamError) || !error.retryable) throw error;
    }
    await sleep(opts.pollMs);
  }
}

/** Downloads a finished job's output into `destination`, streamed. */
export async function downloadOutput(config: UpstreamConfig, outputUrl: string, destination: string): Promise<number> {
  return withTimeout(config.timeoutMs, async (controller) => {
    const res = await send(new URL(outputUrl), {}, controller, config.timeoutMs);
    if (!res.ok) {
      throw new UpstreamError(
        "upstream_output_missing",
        `Segmind finished the video but its file could not be downloaded (HTTP ${res.status}). You were not charged; try again.`,
        { status: res.status },
      );
    }
    return streamMp4(res, destination, () => controller.signal.aborted, config.timeoutMs);
  });
}
