import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { link, mkdtemp, rm, stat } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import {
  ASPECT_RATIOS,
  DURATIONS,
  MOTION_MODES,
  QUALITIES,
  SEED_MAX,
  SEED_MIN,
  STYLES,
  frameSize,
  type AspectRatio,
  type Duration,
  type MotionMode,
  type Quality,
} from "@/lib/generation/options";
import { priceMicros } from "@/lib/generation/price";
import { ruleViolations } from "@/lib/generation/rules";
import { renderPlaceholderClip } from "@/lib/media/ffmpeg";
import { TEXT2VIDEO_ASYNC_PATH, TEXT2VIDEO_PATH } from "./client";

/**
 * A local stand-in for Segmind's Pixverse text-to-video endpoint, speaking the same contract
 * (UPSTREAM.md): same path, `x-api-key`, the same body rules with a 400 for each rule broken, and
 * a real H.264 MP4 of the requested size and length as the answer, after a delay.
 *
 * Tests steer it through `/__emulator/*`: queue faults, read the requests it received.
 */

/** One scripted misbehaviour, used by the next matching request. */
export type Fault =
  | { kind: "status"; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  | { kind: "delay"; ms: number }
  | { kind: "drop-before-headers" }
  | { kind: "drop-mid-body" }
  | { kind: "truncated-mp4" }
  | { kind: "not-video"; as: "json" | "html" }
  /** Async route: the job is accepted, then ends FAILED with this message. */
  | { kind: "async-fail"; message: string }
  /** Async route: the job completes, but its output URL answers 404. */
  | { kind: "output-404" };

type AsyncJob = {
  id: string;
  status: "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED";
  file?: string;
  error?: string;
  seed: number;
  cost: number;
  outputMissing: boolean;
};

export type EmulatorRequestLog = { path: string; status: number; at: number; body?: unknown };

export type EmulatorOptions = {
  apiKey: string;
  delayMs: number;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Pad 1080p clips to this bitrate (smaller frames in proportion), as large as real ones; 0 or unset: as small as they compress. */
  bitrateKbps?: number;
};

type Body = {
  prompt: string;
  aspect_ratio: AspectRatio;
  duration: Duration;
  quality: Quality;
  motion_mode: MotionMode;
  negative_prompt?: string;
  seed?: number;
  style?: string;
};

const includes = <T>(list: readonly T[], v: unknown): v is T => list.includes(v as T);

/** The service's own body rules, one message per broken rule, in its snake_case vocabulary. */
export function validateUpstreamBody(raw: unknown): { ok: true; body: Body } | { ok: false; errors: string[] } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, errors: ["Request body must be a JSON object."] };
  const b = raw as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof b.prompt !== "string" || !b.prompt.trim()) errors.push("prompt is required and must be a non-empty string.");
  const aspect = b.aspect_ratio ?? "16:9";
  const duration = b.duration ?? 5;
  const quality = b.quality ?? "540p";
  const motion = b.motion_mode ?? "normal";
  if (!includes(ASPECT_RATIOS, aspect)) errors.push(`aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}.`);
  if (!includes(DURATIONS, duration)) errors.push("duration must be the integer 5 or 8.");
  if (!includes(QUALITIES, quality)) errors.push(`quality must be one of ${QUALITIES.join(", ")}.`);
  if (!includes(MOTION_MODES, motion)) errors.push("motion_mode must be normal or fast.");
  if (b.negative_prompt !== undefined && typeof b.negative_prompt !== "string") errors.push("negative_prompt must be a string.");
  if (b.seed !== undefined && (typeof b.seed !== "number" || !Number.isInteger(b.seed) || b.seed < SEED_MIN || b.seed > SEED_MAX)) {
    errors.push(`seed must be an integer from ${SEED_MIN} to ${SEED_MAX}.`);
  }
  if (b.style !== undefined && !includes(STYLES, b.style)) errors.push(`style must be one of ${STYLES.join(", ")}.`);
  if (errors.length === 0) {
    const combination = { quality: quality as Quality, duration: duration as Duration, motionMode: motion as MotionMode };
    for (const v of ruleViolations(combination)) errors.push(v.message);
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    body: { ...(b as unknown as Body), aspect_ratio: aspect as AspectRatio, duration: duration as Duration, quality: quality as Quality, motion_mode: motion as MotionMode },
  };
}

export type Emulator = {
  url: string;
  port: number;
  server: http.Server;
  /** Queue faults; each is used by one request to the text-to-video route, in order. */
  inject: (...faults: Fault[]) => void;
  requests: () => EmulatorRequestLog[];
  reset: () => void;
  close: () => Promise<void>;
};

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage, limit = 1_000_000): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const faults: Fault[] = [];
  let log: EmulatorRequestLog[] = [];
  let credits = 10_000;
  const workDir = await mkdtemp(path.join(os.tmpdir(), "segmind-emulator-"));
  const say = opts.log ?? (() => {});

  // Like the real model, the same settings and seed give the same clip, so the emulator renders
  // each once: hundreds of identical requests (benchmarks) cost one ffmpeg run, not hundreds.
  const rendered = new Map<string, Promise<string>>();
  const RENDERS_KEPT = 32;

  function renderOnce(body: Body, seed: number): Promise<string> {
    const { width, height } = frameSize(body.quality, body.aspect_ratio);
    const caption = `Segmind emulator · ${body.quality} ${body.aspect_ratio} · ${body.duration} s ${body.motion_mode}${body.style ? ` · ${body.style}` : ""} · seed ${seed}`;
    const key = JSON.stringify([width, height, body.duration, body.prompt, caption]);
    let file = rendered.get(key);
    if (!file) {
      const out = path.join(workDir, `${randomUUID()}.mp4`);
      file = renderPlaceholderClip({
        out,
        width,
        height,
        seconds: body.duration,
        title: body.prompt,
        caption,
        hue: (seed * 47) % 360,
        // Real bitrates grow with the frame: scale the 1080p figure by the pixel count.
        bitrateKbps: opts.bitrateKbps ? Math.max(100, Math.round((opts.bitrateKbps * width * height) / (1920 * 1080))) : 0,
      }).then(() => out);
      file.catch(() => rendered.delete(key));
      rendered.set(key, file);
      if (rendered.size > RENDERS_KEPT) {
        const [oldestKey, oldest] = rendered.entries().next().value!;
        rendered.delete(oldestKey);
        void oldest.then((f) => rm(f, { force: true }), () => {});
      }
    }
    return file;
  }

  /** A file of its own (a hard link to the shared render) that the caller removes when done. */
  async function render(body: Body, seed: number): Promise<string> {
    const out = path.join(workDir, `${randomUUID()}.mp4`);
    try {
      await link(await renderOnce(body, seed), out);
    } catch {
      // The shared render was evicted (and removed) between lookup and link; eviction also took
      // it out of the cache, so this renders it anew.
      await link(await renderOnce(body, seed), out);
    }
    return out;
  }

  const jobs = new Map<string, AsyncJob>();

  function authorised(req: http.IncomingMessage, res: http.ServerResponse, record: (status: number) => void): boolean {
    if (req.headers["x-api-key"] === opts.apiKey) return true;
    record(401);
    json(res, 401, { error: req.headers["x-api-key"] ? "Invalid API key." : "Missing x-api-key header." });
    return false;
  }

  /**
   * What both generation routes do first: the key, the content type, the JSON, a scripted
   * status or dropped connection, then the body rules. Answers the body and the fault still to
   * play, or null when the answer has been sent.
   */
  async function accept(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: (status: number, body?: unknown) => void,
  ): Promise<{ body: Body; fault: Fault | undefined; seed: number; cost: number; wait: number } | null> {
    if (!authorised(req, res, record) || !jsonContentType(req, res, record)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(req));
    } catch {
      record(400);
      json(res, 400, { error: "Request body is not valid JSON." });
      return null;
    }
    const fault = faults.shift();
    record(fault?.kind === "status" ? fault.status : 200, raw);
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": fault.contentType ?? "application/json", ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: `Emulated failure ${fault.status}.` }));
      return null;
    }
    if (fault?.kind === "drop-before-headers") {
      req.socket.destroy();
      return null;
    }
    const parsed = validateUpstreamBody(raw);
    if (!parsed.ok) {
      log[log.length - 1]!.status = 400;
      json(res, 400, { error: parsed.errors.join(" ") });
      return null;
    }
    const body = parsed.body;
    return {
      body,
      fault,
      seed: body.seed ?? 1 + Math.floor(Math.random() * SEED_MAX),
      cost: (priceMicros({ quality: body.quality, duration: body.duration, motionMode: body.motion_mode }) ?? 0) / 1e6,
      wait: fault?.kind === "delay" ? fault.ms : opts.delayMs,
    };
  }

  /** The clip, once rendered and once the emulated generation time has passed. */
  async function renderAfter(wait: number, body: Body, seed: number): Promise<string> {
    const [file] = await Promise.all([render(body, seed), new Promise((r) => setTimeout(r, wait))]);
    return file;
  }

  /** POST /v2/pixverse-text2video: accept the job, answer its id, render in the background. */
  async function handleSubmit(req: http.IncomingMessage, res: http.ServerResponse, record: (status: number, body?: unknown) => void, base: string) {
    const accepted = await accept(req, res, record);
    if (!accepted) return;
    const { body, fault, seed, cost, wait } = accepted;
    const id = randomUUID();
    const job: AsyncJob = { id, status: "QUEUED", seed, cost, outputMissing: fault?.kind === "output-404" };
    jobs.set(id, job);
    setTimeout(() => (job.status = job.status === "QUEUED" ? "PROCESSING" : job.status), Math.min(200, wait / 4));
    void renderAfter(wait, body, seed).then(
      (file) => {
        if (fault?.kind === "async-fail") {
          job.status = "FAILED";
          job.error = fault.message;
          void rm(file, { force: true });
          return;
        }
        job.file = file;
        job.status = "COMPLETED";
        credits = Math.max(0, credits - job.cost);
      },
      (error: Error) => {
        job.status = "FAILED";
        job.error = `Rendering failed: ${error.message}`;
      },
    );
    json(res, 200, {
      request_id: id,
      status: "QUEUED",
      poll_url: `${base}/v2/requests/${id}/status`,
      status_url: `${base}/v2/requests/${id}/status`,
      response_url: `${base}/v2/requests/${id}`,
    });
  }

  /** GET /v2/requests/:id/status and /v2/requests/:id, as the service answers them. */
  function handleRequest(req: http.IncomingMessage, res: http.ServerResponse, record: (status: number) => void, id: string, statusOnly: boolean, base: string) {
    if (!authorised(req, res, record)) return;
    const job = jobs.get(id);
    if (!job) {
      record(404);
      return json(res, 404, { error: "Request not found (results are kept about an hour)." });
    }
    record(200);
    if (statusOnly) return json(res, 200, { request_id: id, status: job.status });
    if (job.status === "FAILED") return json(res, 422, { request_id: id, status: "FAILED", error: job.error });
    if (job.status !== "COMPLETED") return json(res, 200, { request_id: id, status: job.status });
    return json(res, 200, {
      request_id: id,
      status: "COMPLETED",
      output: `${base}/v2/files/${id}.mp4`,
      metrics: { cost: job.cost, remaining_credits: Number(credits.toFixed(3)), seed: job.seed, inference_time: opts.delayMs / 1000 },
    });
  }

  function handleFile(res: http.ServerResponse, record: (status: number) => void, id: string) {
    const job = jobs.get(id);
    if (!job?.file || job.outputMissing) {
      record(404);
      return json(res, 404, { error: "Output file not found." });
    }
    record(200);
    const stream = createReadStream(job.file);
    stream.on("open", () => res.writeHead(200, { "content-type": "video/mp4" }));
    stream.on("error", () => json(res, 404, { error: "Output file not found." }));
    stream.pipe(res);
  }

  function jsonContentType(req: http.IncomingMessage, res: http.ServerResponse, record: (status: number) => void): boolean {
    if (String(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) return true;
    record(406);
    json(res, 406, { error: "Content-Type must be application/json." });
    return false;
  }

  async function handleGenerate(req: http.IncomingMessage, res: http.ServerResponse, record: (status: number, body?: unknown) => void) {
    const accepted = await accept(req, res, record);
    if (!accepted) return;
    const { body, fault, seed, cost, wait } = accepted;
    const started = Date.now();
    const file = await renderAfter(wait, body, seed);
    try {
      if (res.destroyed) return; // the client gave up waiting
      if (fault?.kind === "not-video") {
        return fault.as === "json"
          ? json(res, 200, { status: "error", message: "Model output was empty." })
          : (res.writeHead(200, { "content-type": "text/html" }), res.end("<!doctype html><html><body>Gateway page</body></html>"));
      }
      const size = (await stat(file)).size;
      credits = Math.max(0, credits - cost);
      const headers = {
        "content-type": "video/mp4",
        "x-remaining-credits": credits.toFixed(3),
        "x-cost": cost.toFixed(3),
        "x-generation-time": ((Date.now() - started) / 1000).toFixed(2),
        "x-seed-value": String(seed),
        "x-request-id": randomUUID(),
      };
      if (fault?.kind === "drop-mid-body" || fault?.kind === "truncated-mp4") {
        // Send the opening half of the file; then either cut the socket or end "cleanly".
        const half = Math.floor(size / 2);
        res.writeHead(200, fault.kind === "truncated-mp4" ? { ...headers, "content-length": String(half) } : { ...headers, "content-length": String(size) });
        const stream = createReadStream(file, { start: 0, end: half - 1 });
        stream.pipe(res, { end: false });
        await new Promise<void>((r) => stream.on("end", () => r()));
        if (fault.kind === "drop-mid-body") res.socket?.destroy();
        else res.end();
        return;
      }
      res.writeHead(200, { ...headers, "content-length": String(size) });
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(file);
        stream.on("error", reject);
        res.on("close", resolve);
        stream.pipe(res);
      });
    } finally {
      await rm(file, { force: true });
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const record = (status: number, body?: unknown) => log.push({ path: url.pathname, status, at: Date.now(), body });
    try {
      const base = `http://${req.headers.host ?? "127.0.0.1"}`;
      if (url.pathname === TEXT2VIDEO_PATH && req.method === "POST") return await handleGenerate(req, res, record);
      if (url.pathname === TEXT2VIDEO_ASYNC_PATH && req.method === "POST") return await handleSubmit(req, res, record, base);
      const request = /^\/v2\/requests\/([\w-]+)(\/status)?$/.exec(url.pathname);
      if (request && req.method === "GET") return handleRequest(req, res, record, request[1]!, Boolean(request[2]), base);
      const file = /^\/v2\/files\/([\w-]+)\.mp4$/.exec(url.pathname);
      if (file && req.method === "GET") return handleFile(res, record, file[1]!);
      if (url.pathname === "/__emulator/faults" && req.method === "POST") {
        faults.push(...(JSON.parse(await readBody(req)) as Fault[]));
        return res.writeHead(204).end();
      }
      if (url.pathname === "/__emulator/requests" && req.method === "GET") return json(res, 200, log);
      if (url.pathname === "/__emulator/reset" && req.method === "POST") {
        faults.length = 0;
        log = [];
        return res.writeHead(204).end();
      }
      if (url.pathname === "/health") return json(res, 200, { ok: true, emulator: true });
      record(404);
      json(res, 404, { error: `No route ${req.method} ${url.pathname}.` });
    } catch (error) {
      say(`emulator error: ${(error as Error).message}`);
      if (!res.headersSent) json(res, 500, { error: "Emulator internal error." });
      else res.destroy();
    }
  });
  // The real service can take minutes; don't let Node's defaults cut a slow answer.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    inject: (...f) => faults.push(...f),
    requests: () => [...log],
    reset: () => {
      faults.length = 0;
      log = [];
    },
    close: async () => {
      for (const job of jobs.values()) if (job.file) await rm(job.file, { force: true });
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
