import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { UpstreamBody } from "@/lib/generation/schema";
import { UpstreamError, connectionError, errorForStatus, timeoutError } from "./errors";

export const SEGMIND_DEFAULT_BASE_URL = "https://api.segmind.com";
export const TEXT2VIDEO_PATH = "/v1/pixverse-text2video";
export const TEXT2VIDEO_ASYNC_PATH = "/v2/pixverse-text2video";
export const ACCOUNT_CREDITS_PATH = "/v1/get-user-credits";
export const requestStatusPath = (requestId: string) => `/v2/requests/${encodeURIComponent(requestId)}/status`;
export const requestResultPath = (requestId: string) => `/v2/requests/${encodeURIComponent(requestId)}`;

/** Segmind keeps an async job's result about an hour after submission (UPSTREAM.md). */
export const RESULT_KEPT_MS = 60 * 60_000;

export type UpstreamConfig = {
  baseUrl: string;
  apiKey: string;
  /** A generation's whole budget for waiting on Segmind, from its first start. */
  timeoutMs: number;
  /** One submit, status or result exchange: connect, headers and body. */
  exchangeTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
};

/** What the service reported about a run, from its response headers or metrics, when it sent them. */
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

const text = (v: unknown) => (typeof v === "number" || typeof v === "string" ? String(v).trim() || undefined : undefined);
const seedOf = (v: unknown) => {
  const seed = Number(v);
  return Number.isInteger(seed) && seed > 0 ? seed : undefined;
};

function accountingFrom(headers: Headers): UpstreamAccounting {
  const get = (name: string) => text(headers.get(name));
  return {
    requestId: get("x-request-id"),
    cost: get("x-cost"),
    remainingCredits: get("x-remaining-credits"),
    generationTime: get("x-generation-time"),
    seed: seedOf(get("x-seed-value")),
  };
}

/** Backoff before attempt `n + 1`: the server's word when it gave one, else exponential with jitter. */
export function backoffMs(attempt: number, baseMs: number, serverSaid?: number): number {
  if (serverSaid !== undefined) return Math.min(serverSaid, MAX_BACKOFF_MS);
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.min(exp * (0.5 + Math.random()), MAX_BACKOFF_MS);
}

const MP4_SIGNATURE_OFFSET = 4; // an MP4 opens with a box whose type, at byte 4, is "ftyp"

/** Passes bytes through, failing fast when the first ones are not an MP4's; `onVideo` once they are. */
function mp4Guard(onVideo: () => void): Transform {
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
      onVideo();
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
  return new UpstreamError("upstream_bad_output", `Segmind answered without a video (it sent ${looksLike}).`, {
    detail: start.slice(0, 200),
    retryable: true,
  });
}

/** The real pause between retries and polls; tests pass their own `sleep`. */
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function endpoint(config: UpstreamConfig, pathname: string): URL {
  // Keep any path prefix on the base: a gateway may mount Segmind under one.
  const base = new URL(config.baseUrl);
  return new URL(`${base.pathname.replace(/\/$/, "")}${pathname}`, base);
}

/**
 * One HTTP exchange under one deadline that covers connecting, the headers and every byte of the
 * body (`read` consumes it before the timer is cleared): a body that stalls after its headers
 * ends at the deadline like one that never started.
 */
async function exchange<T>(url: URL, init: RequestInit, deadline: number, what: string, read: (res: Response) => Promise<T>): Promise<T> {
  const ms = Math.max(1, deadline - Date.now());
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal }).catch((error: unknown) => {
      throw controller.signal.aborted ? timeoutError(what, ms) : connectionError(error);
    });
    return await read(res).catch((error: unknown) => {
      if (error instanceof UpstreamError) throw error;
      throw controller.signal.aborted ? timeoutError(what, ms) : connectionError(error);
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The deadline of one short exchange: the exchange limit, or the caller's deadline if sooner. */
const shortDeadline = (config: UpstreamConfig, deadline: number) => Math.min(deadline, Date.now() + config.exchangeTimeoutMs);

export type SubmitHooks = {
  /** The generation's deadline (epoch ms): no retry starts after it. */
  deadline: number;
  onAttempt?: (attempt: number) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Sends a submission until it is accepted or fails in a way a resubmission cannot fix safely.
 * Segmind has no idempotency, so only a request that provably made no job (refused with 429,
 * never reached Segmind) is sent again; after a 500/502/504, a timeout or a connection lost after
 * sending, a second POST could buy the same video twice (UPSTREAM.md), so the error is final.
 */
async function submitUntilAccepted<T>(config: UpstreamConfig, hooks: SubmitHooks, attempt: (n: number) => Promise<T>): Promise<T> {
  const sleep = hooks.sleep ?? wait;
  for (let n = 1; ; n++) {
    await hooks.onAttempt?.(n);
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.resubmittable || n > config.maxRetries) throw error;
      const pause = backoffMs(n, config.retryBaseMs, error.opts.retryAfterMs);
      if (Date.now() + pause >= hooks.deadline) throw error;
      await sleep(pause);
    }
  }
}

/** Streams an MP4 body to `destination`, checking its first bytes; removes a partial file on failure. */
async function streamMp4(response: Response, destination: string, onVideo: () => void = () => {}): Promise<number> {
  if (!response.body) throw notAVideo("");
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), mp4Guard(onVideo), counter, createWriteStream(destination));
  } catch (error) {
    await rm(destination, { force: true });
    throw error;
  }
  return bytes;
}

const jsonHeaders = (config: UpstreamConfig) => ({ "x-api-key": config.apiKey, "content-type": "application/json" });

/**
 * Sends one job to the synchronous route and streams the MP4 answer to `destination` (never
 * whole in memory). `onCompleted` runs once the answer is a 200 whose bytes are a video's: from
 * then on Segmind has billed the job, whatever happens to the rest of the body.
 */
export async function generateVideo(
  config: UpstreamConfig,
  body: UpstreamBody,
  destination: string,
  hooks: SubmitHooks & { onCompleted?: (accounting: UpstreamAccounting) => Promise<void> },
): Promise<UpstreamVideo> {
  const url = endpoint(config, TEXT2VIDEO_PATH);
  return submitUntilAccepted(config, hooks, (attempt) => {
    const started = Date.now();
    // One deadline for the whole attempt: the generation's own.
    return exchange(url, { method: "POST", headers: { ...jsonHeaders(config), accept: "video/mp4" }, body: JSON.stringify(body) }, hooks.deadline, "deliver the video", async (res) => {
      if (!res.ok) throw errorForStatus(res.status, await res.text(), res.headers);
      const accounting = accountingFrom(res.headers);
      let completed: Promise<void> = Promise.resolve();
      try {
        const bytes = await streamMp4(res, destination, () => (completed = hooks.onCompleted?.(accounting) ?? completed));
        return { bytes, attempts: attempt, elapsedMs: Date.now() - started, accounting };
      } finally {
        // The record that Segmind billed the job lands before anyone settles the generation.
        await completed;
      }
    });
  });
}

/** Reads a JSON answer; a 2xx whose body is not JSON is a bad output worth asking again. */
async function jsonBody(res: Response): Promise<Record<string, unknown>> {
  const body = await res.text();
  if (!res.ok) throw errorForStatus(res.status, body, res.headers);
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === "object" && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new UpstreamError("upstream_bad_output", "Segmind answered with something that is not the JSON it documents.", {
    retryable: true,
    detail: body.slice(0, 200),
  });
}

// --- The asynchronous route: submit, poll the status by request id, fetch the result, download. ---

/** Queues a job on the asynchronous route and answers its request id, to be stored at once. */
export async function submitVideoJob(config: UpstreamConfig, body: UpstreamBody, hooks: SubmitHooks): Promise<{ requestId: string; attempts: number }> {
  const url = endpoint(config, TEXT2VIDEO_ASYNC_PATH);
  return submitUntilAccepted(config, hooks, (attempt) =>
    exchange(url, { method: "POST", headers: jsonHeaders(config), body: JSON.stringify(body) }, shortDeadline(config, hooks.deadline), "accept the job", async (res) => {
      const json = await jsonBody(res).catch((error: unknown) => {
        // A 2xx we cannot read still means Segmind took the job: resubmitting could buy it twice.
        if (error instanceof UpstreamError && res.ok) throw new UpstreamError(error.code, "Segmind accepted the job but its answer could not be read.", { ...error.opts, retryable: false });
        throw error;
      });
      if (typeof json.request_id !== "string" || !json.request_id) {
        throw new UpstreamError("upstream_bad_output", "Segmind accepted the job but sent no request id.", { detail: JSON.stringify(json).slice(0, 200) });
      }
      return { requestId: json.request_id, attempts: attempt };
    }),
  );
}

function jobFailed(status: number, json: Record<string, unknown>): UpstreamError {
  const said = typeof json.error === "string" && json.error ? json.error : undefined;
  return new UpstreamError("upstream_job_failed", `Segmind could not make this video${said ? `: ${said}` : "."}`, { status, detail: said, billing: "none" });
}

function jobLost(): UpstreamError {
  return new UpstreamError("upstream_job_lost", "Segmind no longer has this job's result (it keeps results about an hour).", { status: 404 });
}

/** One GET of a request's status or result: 422 or FAILED is the job's failure, 404 its loss. */
async function getRequest(config: UpstreamConfig, pathname: string, deadline: number, what: string): Promise<Record<string, unknown>> {
  return exchange(endpoint(config, pathname), { headers: { "x-api-key": config.apiKey, accept: "application/json" } }, shortDeadline(config, deadline), what, async (res) => {
    if (res.status === 404) throw jobLost();
    if (res.status === 422) {
      const body = await res.text();
      throw jobFailed(422, (() => {
        try {
          return JSON.parse(body) as Record<string, unknown>;
        } catch {
          return { error: body.slice(0, 200) };
        }
      })());
    }
    const json = await jsonBody(res);
    if (json.status === "FAILED") throw jobFailed(res.status, json);
    return json;
  });
}

/**
 * Polls a job's status until Segmind reports it COMPLETED. A failed or lost job is final; any
 * other trouble with one poll (slow, stalled, busy, unreachable, unreadable) is retried at the
 * next poll. Polls at least once, even past `deadline`, so a job that finished while the studio
 * was down is still found.
 */
export async function waitForVideoJob(
  config: UpstreamConfig,
  requestId: string,
  opts: { pollMs: number; deadline: number; onPoll?: () => Promise<void> | void; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = opts.sleep ?? wait;
  for (;;) {
    await opts.onPoll?.();
    let last: UpstreamError | undefined;
    try {
      // Within the deadline, or (the one poll made past it) within one exchange.
      const pollBy = opts.deadline > Date.now() ? opts.deadline : Date.now() + config.exchangeTimeoutMs;
      const json = await getRequest(config, requestStatusPath(requestId), pollBy, "answer a status poll");
      if (json.status === "COMPLETED") return;
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable) throw error;
      last = error;
    }
    if (Date.now() + opts.pollMs >= opts.deadline) {
      throw new UpstreamError("upstream_timeout", `Segmind did not finish the video within ${Math.round(config.timeoutMs / 1000)} s.`, {
        detail: last ? `${last.code}: ${last.message}` : undefined,
      });
    }
    await sleep(opts.pollMs);
  }
}

export type JobResult = { outputUrl: string; accounting: UpstreamAccounting };

/** Fetches a completed job's result: its output URL and metrics (what it cost, credits left). */
export async function fetchJobResult(config: UpstreamConfig, requestId: string, deadline: number): Promise<JobResult> {
  const json = await getRequest(config, requestResultPath(requestId), deadline, "answer with the result");
  const output = Array.isArray(json.output) ? json.output[0] : json.output;
  if (json.status !== "COMPLETED" || typeof output !== "string" || !/^https?:\/\//.test(output)) {
    throw new UpstreamError("upstream_bad_output", "Segmind reported the job complete but its result names no video.", {
      retryable: true,
      detail: JSON.stringify(json).slice(0, 200),
    });
  }
  const m = (json.metrics ?? {}) as Record<string, unknown>;
  return {
    outputUrl: output,
    accounting: {
      requestId,
      cost: text(m.cost),
      remainingCredits: text(m.remaining_credits),
      generationTime: text(m.inference_time ?? m.generation_time),
      seed: seedOf(m.seed),
    },
  };
}

/** Downloads a finished job's output into `destination`, streamed, under one deadline. */
export async function downloadOutput(outputUrl: string, destination: string, deadline: number): Promise<number> {
  return exchange(new URL(outputUrl), {}, deadline, "deliver the video file", async (res) => {
    if (!res.ok) {
      throw new UpstreamError("upstream_output_missing", `The finished video's file could not be downloaded (HTTP ${res.status}).`, {
        status: res.status,
        retryable: true,
      });
    }
    return streamMp4(res, destination);
  });
}

/**
 * The account's balance in USD from Segmind's account API (`GET /v1/get-user-credits`, answering
 * `{"credits": 12.5, "free-credits": 0.01}`): paid and free credits together.
 */
export async function fetchAccountCredits(config: UpstreamConfig): Promise<number> {
  const json = await exchange(endpoint(config, ACCOUNT_CREDITS_PATH), { headers: { "x-api-key": config.apiKey, accept: "application/json" } }, Date.now() + config.exchangeTimeoutMs, "report the account's credits", jsonBody);
  const paid = Number(json.credits);
  const free = Number(json["free-credits"] ?? 0);
  if (!Number.isFinite(paid) || !Number.isFinite(free)) {
    throw new UpstreamError("upstream_bad_output", "Segmind's account answer holds no credits figure.", { detail: JSON.stringify(json).slice(0, 200) });
  }
  return paid + free;
}
