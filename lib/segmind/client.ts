import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { UpstreamBody } from "@/lib/generation/schema";
import { UpstreamError, errorForStatus } from "./errors";

export const SEGMIND_DEFAULT_BASE_URL = "https://api.segmind.com";
export const TEXT2VIDEO_PATH = "/v1/pixverse-text2video";

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

/**
 * Sends one text-to-video job to the synchronous route and streams the MP4 answer to
 * `destination` (never whole in memory). Retries, with backoff, only what may succeed on a
 * second try and cannot have been billed: 429, 500, 502, 503, 504 and failures to connect.
 */
export async function generateVideo(
  config: UpstreamConfig,
  body: UpstreamBody,
  destination: string,
  hooks: { onAttempt?: (attempt: number) => void | Promise<void>; sleep?: (ms: number) => Promise<void> } = {},
): Promise<UpstreamVideo> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Keep any path prefix on the base: a gateway may mount Segmind under one.
  const base = new URL(config.baseUrl);
  const url = new URL(`${base.pathname.replace(/\/$/, "")}${TEXT2VIDEO_PATH}`, base);
  let attempt = 0;
  for (;;) {
    attempt++;
    await hooks.onAttempt?.(attempt);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    const started = Date.now();
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "x-api-key": config.apiKey, "content-type": "application/json", accept: "video/mp4" },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
      } catch (error) {
        if (controller.signal.aborted) throw timeoutError(config.timeoutMs);
        throw connectionError(error, "request");
      }
      if (!response.ok) {
        const text = await response.text().catch(() => "");
        throw errorForStatus(response.status, text, response.headers);
      }
      if (!response.body) throw notAVideo("");
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
          mp4Guard(),
          counter,
          createWriteStream(destination),
        );
      } catch (error) {
        await rm(destination, { force: true });
        if (error instanceof UpstreamError) throw error;
        if (controller.signal.aborted) throw timeoutError(config.timeoutMs);
        throw connectionError(error, "download");
      }
      return { bytes, attempts: attempt, elapsedMs: Date.now() - started, accounting: accountingFrom(response.headers) };
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable || attempt > config.maxRetries) throw error;
      await sleep(backoffMs(attempt, config.retryBaseMs, error.opts.retryAfterMs));
    } finally {
      clearTimeout(timer);
    }
  }
}
