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
import type { Env } from "@/lib/env";
import { ACCOUNT_CREDITS_PATH, TEXT2VIDEO_ASYNC_PATH, TEXT2VIDEO_PATH } from "./client";

/**
 * A local stand-in for Segmind's Pixverse text-to-video endpoint, speaking the same contract
 * (UPSTREAM.md): the synchronous and asynchronous routes, status and result by request id, the
 * output file, the account's credits; `x-api-key`; the same body rules with a 400 for each rule
 * broken; a real H.264 MP4 of the requested size and length, after a delay. It bills the account
 * when a job completes, so the studio's ledger can be reconciled against it.
 *
 * Tests steer it through `/__emulator/*`: queue faults for any route, read the requests it received.
 */

/** The emulator's routes, as faults and the request log name them. */
export type Route = "generate" | "submit" | "status" | "result" | "download" | "credits";

/** One scripted misbehaviour, used by the next request to its route (by default: either generation route). */
export type Fault = { route?: Route } & (
  /** Answer this status. On a generation route, `accepted` makes (and bills) the job first: an ambiguous failure. */
  | { kind: "status"; status: number; body?: string; contentType?: string; headers?: Record<string, string>; accepted?: boolean }
  /** Generation routes: the job takes this long. */
  | { kind: "delay"; ms: number }
  /** The answer's headers come only after this long. */
  | { kind: "slow-headers"; ms: number }
  /** Headers and half the body, then nothing for `ms` (default: until the client hangs up). */
  | { kind: "stall"; ms?: number }
  /** The connection closes before any answer; on a generation route `accepted` makes (and bills) the job first. */
  | { kind: "drop-before-headers"; accepted?: boolean }
  /** Headers and half the body, then the connection closes. */
  | { kind: "drop-mid-body" }
  /** Half the body, ending cleanly, with a Content-Length that agrees. */
  | { kind: "truncated" }
  /** A 200 whose body is JSON or HTML instead of the video (generate, download). */
  | { kind: "not-video"; as: "json" | "html" }
  /** Submit: the job is accepted, then ends FAILED with this message. */
  | { kind: "async-fail"; message: string }
  /** Submit: the job completes, but its output URL always answers 404. */
  | { kind: "output-404" }
);

type Answer = { status: number; headers: Record<string, string> } & ({ body: Buffer } | { file: string });

type AsyncJob = {
  id: string;
  status: "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED";
  file?: string;
  error?: string;
  seed: number;
  costMicros: number;
  outputMissing: boolean;
};

export type EmulatorRequestLog = { route: Route | null; path: string; status: number; at: number; body?: unknown };

export type EmulatorOptions = {
  apiKey: string;
  delayMs: number;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Pad 1080p clips to this bitrate (smaller frames in proportion), as large as real ones; 0 or unset: as small as they compress. */
  bitrateKbps?: number;
  /** The account's opening balance in USD. */
  credits?: number;
  /** Serve the test controls under /__emulator/ (faults, the request log); off, they answer 404. */
  control?: boolean;
};

/** The emulator as the studio's environment configures it (npm start, npm run emulator, npm run services). */
export function emulatorOptions(e: Env, extra: Partial<EmulatorOptions> = {}): EmulatorOptions {
  return {
    apiKey: e.EMULATOR_API_KEY,
    delayMs: e.EMULATOR_DELAY_MS,
    bitrateKbps: e.EMULATOR_BITRATE_KBPS,
    port: e.EMULATOR_PORT,
    control: e.EMULATOR_CONTROL,
    ...extra,
  };
}

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
  /** Queue faults; each is used by one request to its route, in order. */
  inject: (...faults: Fault[]) => void;
  requests: () => EmulatorRequestLog[];
  reset: () => void;
  close: () => Promise<void>;
};

const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes bytes [start, end) of an answer's body, from memory or from its file. */
async function writeRange(res: http.ServerResponse, answer: Answer, start: number, end: number, finish: boolean): Promise<void> {
  if ("body" in answer) {
    if (finish) res.end(answer.body.subarray(start, end));
    else res.write(answer.body.subarray(start, end));
    return;
  }
  if (end <= start) {
    if (finish) res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(answer.file, { start, end: end - 1 });
    stream.on("error", reject);
    stream.on("end", () => resolve());
    res.on("close", () => resolve());
    stream.pipe(res, { end: finish });
  });
}

/**
 * Sends an answer as the fault says: late, stalled, cut, short or not at all. Every route answers
 * through here, so every route can misbehave in every way.
 */
async function deliver(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer, fault: Fault | undefined): Promise<void> {
  if (fault?.kind === "drop-before-headers") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "slow-headers") await sleep(fault.ms);
  if (res.destroyed) return;
  const size = "body" in answer ? answer.body.length : (await stat(answer.file)).size;
  const half = Math.floor(size / 2);
  switch (fault?.kind) {
    case "drop-mid-body":
      res.writeHead(answer.status, { ...answer.headers, "content-length": String(size) });
      await writeRange(res, answer, 0, half, false);
      res.socket?.destroy();
      return;
    case "truncated":
      res.writeHead(answer.status, { ...answer.headers, "content-length": String(half) });
      await writeRange(res, answer, 0, half, true);
      return;
    case "stall": {
      res.writeHead(answer.status, { ...answer.headers, "content-length": String(size) });
      await writeRange(res, answer, 0, half, false);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.ms ?? 10 * 60_000);
        res.on("close", () => (clearTimeout(timer), resolve()));
      });
      res.socket?.destroy();
      return;
    }
    default:
      res.writeHead(answer.status, { ...answer.headers, "content-length": String(size) });
      await writeRange(res, answer, 0, size, true);
  }
}

/** A fault's own answer, replacing the route's: a scripted status, or a body that is not a video. */
function faultAnswer(fault: Fault | undefined): Answer | null {
  if (fault?.kind === "status") {
    return {
      status: fault.status,
      headers: { "content-type": fault.contentType ?? "application/json", ...fault.headers },
      body: Buffer.from(fault.body ?? JSON.stringify({ error: `Emulated failure ${fault.status}.` })),
    };
  }
  if (fault?.kind === "not-video") {
    return fault.as === "json"
      ? jsonAnswer(200, { status: "error", message: "Model output was empty." })
      : { status: 200, headers: { "content-type": "text/html" }, body: Buffer.from("<!doctype html><html><body>Gateway page</body></html>") };
  }
  return null;
}

/** Renders each distinct clip once: like the real model, the same settings and seed give the same clip. */
class ClipRenderer {
  private readonly rendered = new Map<string, Promise<string>>();
  private static readonly KEPT = 32;
  constructor(
    private readonly workDir: string,
    private readonly bitrateKbps: number,
  ) {}

  private renderOnce(body: Body, seed: number): Promise<string> {
    const { width, height } = frameSize(body.quality, body.aspect_ratio);
    const caption = `Segmind emulator · ${body.quality} ${body.aspect_ratio} · ${body.duration} s ${body.motion_mode}${body.style ? ` · ${body.style}` : ""} · seed ${seed}`;
    const key = JSON.stringify([width, height, body.duration, body.prompt, caption]);
    let file = this.rendered.get(key);
    if (!file) {
      const out = path.join(this.workDir, `${randomUUID()}.mp4`);
      file = renderPlaceholderClip({
        out,
        width,
        height,
        seconds: body.duration,
        title: body.prompt,
        caption,
        hue: (seed * 47) % 360,
        // Real bitrates grow with the frame: scale the 1080p figure by the pixel count.
        bitrateKbps: this.bitrateKbps ? Math.max(100, Math.round((this.bitrateKbps * width * height) / (1920 * 1080))) : 0,
      }).then(() => out);
      file.catch(() => this.rendered.delete(key));
      this.rendered.set(key, file);
      if (this.rendered.size > ClipRenderer.KEPT) {
        const [oldestKey, oldest] = this.rendered.entries().next().value!;
        this.rendered.delete(oldestKey);
        void oldest.then((f) => rm(f, { force: true }), () => {});
      }
    }
    return file;
  }

  /** A file of its own (a hard link to the shared render) that the caller removes when done. */
  async render(body: Body, seed: number): Promise<string> {
    const out = path.join(this.workDir, `${randomUUID()}.mp4`);
    try {
      await link(await this.renderOnce(body, seed), out);
    } catch {
      // The shared render was evicted (and removed) between lookup and link; eviction also took
      // it out of the cache, so this renders it anew.
      await link(await this.renderOnce(body, seed), out);
    }
    return out;
  }
}

/** A generation request the emulator accepted: its settings, what it will cost, how long it takes. */
type Accepted = { body: Body; seed: number; costMicros: number; wait: number };

const usd = (micros: number) => (micros / 1e6).toFixed(3);

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  let faults: Fault[] = [];
  let log: EmulatorRequestLog[] = [];
  // Integer micro-dollars, so the balance it reports is exact and reconciles to the cent.
  let creditsMicros = Math.round((opts.credits ?? 10_000) * 1e6);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "segmind-emulator-"));
  const say = opts.log ?? (() => {});
  const clips = new ClipRenderer(workDir, opts.bitrateKbps ?? 0);
  const jobs = new Map<string, AsyncJob>();
  // Each generation request's JSON, for the request log.
  const sentBodies = new WeakMap<http.IncomingMessage, unknown>();

  /** The next fault for this route; one queued with no route is for whichever generation route comes first. */
  function takeFault(route: Route): Fault | undefined {
    const i = faults.findIndex((f) => (f.route ? f.route === route : route === "generate" || route === "submit"));
    return i < 0 ? undefined : faults.splice(i, 1)[0];
  }

  /** The key, the content type, the JSON and the body rules: a refusal answer, or the accepted job. */
  async function accept(req: http.IncomingMessage, fault: Fault | undefined): Promise<Answer | Accepted> {
    if (!String(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
      return jsonAnswer(406, { error: "Content-Type must be application/json." });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(req));
    } catch {
      return jsonAnswer(400, { error: "Request body is not valid JSON." });
    }
    sentBodies.set(req, raw);
    const parsed = validateUpstreamBody(raw);
    if (!parsed.ok) return jsonAnswer(400, { error: parsed.errors.join(" ") });
    const body = parsed.body;
    return {
      body,
      seed: body.seed ?? 1 + Math.floor(Math.random() * SEED_MAX),
      costMicros: priceMicros({ quality: body.quality, duration: body.duration, motionMode: body.motion_mode }) ?? 0,
      wait: fault?.kind === "delay" ? fault.ms : opts.delayMs,
    };
  }

  /** Whether the fault still lets the job be made (and billed) before the answer goes wrong. */
  const makesJob = (fault: Fault | undefined) =>
    !fault || (fault.kind !== "status" && fault.kind !== "drop-before-headers") || fault.accepted === true;

  /** The clip, once rendered and once the emulated generation time has passed. */
  async function renderAfter(job: Accepted): Promise<string> {
    const [file] = await Promise.all([clips.render(job.body, job.seed), sleep(job.wait)]);
    return file;
  }

  /** POST /v2/pixverse-text2video: accept the job, answer its id, render in the background. */
  async function submit(req: http.IncomingMessage, fault: Fault | undefined, base: string): Promise<Answer> {
    const accepted = await accept(req, fault);
    if ("status" in accepted) return accepted;
    if (!makesJob(fault)) return faultAnswer(fault) ?? jsonAnswer(500, { error: "Emulated failure." });
    const id = randomUUID();
    const job: AsyncJob = { id, status: "QUEUED", seed: accepted.seed, costMicros: accepted.costMicros, outputMissing: fault?.kind === "output-404" };
    jobs.set(id, job);
    setTimeout(() => (job.status = job.status === "QUEUED" ? "PROCESSING" : job.status), Math.min(200, accepted.wait / 4));
    void renderAfter(accepted).then(
      (file) => {
        if (fault?.kind === "async-fail") {
          job.status = "FAILED";
          job.error = fault.message;
          void rm(file, { force: true });
          return;
        }
        job.file = file;
        job.status = "COMPLETED";
        creditsMicros = Math.max(0, creditsMicros - job.costMicros); // billed on completion
      },
      (error: Error) => {
        job.status = "FAILED";
        job.error = `Rendering failed: ${error.message}`;
      },
    );
    return (
      faultAnswer(fault) ??
      jsonAnswer(200, {
        request_id: id,
        status: "QUEUED",
        poll_url: `${base}/v2/requests/${id}/status`,
        status_url: `${base}/v2/requests/${id}/status`,
        response_url: `${base}/v2/requests/${id}`,
      })
    );
  }

  /** GET /v2/requests/:id/status and /v2/requests/:id, as the service answers them. */
  function request(id: string, statusOnly: boolean, base: string): Answer {
    const job = jobs.get(id);
    if (!job) return jsonAnswer(404, { error: "Request not found (results are kept about an hour)." });
    if (job.status === "FAILED") return jsonAnswer(422, { request_id: id, status: "FAILED", error: job.error });
    if (statusOnly || job.status !== "COMPLETED") return jsonAnswer(200, { request_id: id, status: job.status });
    return jsonAnswer(200, {
      request_id: id,
      status: "COMPLETED",
      output: `${base}/v2/files/${id}.mp4`,
      metrics: { cost: job.costMicros / 1e6, remaining_credits: creditsMicros / 1e6, seed: job.seed, inference_time: opts.delayMs / 1000 },
    });
  }

  function download(id: string): Answer {
    const job = jobs.get(id);
    if (!job?.file || job.outputMissing) return jsonAnswer(404, { error: "Output file not found." });
    return { status: 200, headers: { "content-type": "video/mp4" }, file: job.file };
  }

  /** POST /v1/pixverse-text2video: the video itself after the generation time, billed as it is sent. */
  async function generate(req: http.IncomingMessage, res: http.ServerResponse, fault: Fault | undefined): Promise<Answer | null> {
    const accepted = await accept(req, fault);
    if ("status" in accepted) return accepted;
    if (!makesJob(fault)) return faultAnswer(fault) ?? jsonAnswer(500, { error: "Emulated failure." });
    const started = Date.now();
    const file = await renderAfter(accepted);
    if (res.destroyed) {
      await rm(file, { force: true }); // the client gave up waiting: the job is still billed
      creditsMicros = Math.max(0, creditsMicros - accepted.costMicros);
      return null;
    }
    creditsMicros = Math.max(0, creditsMicros - accepted.costMicros);
    res.on("close", () => void rm(file, { force: true }));
    return (
      faultAnswer(fault) ?? {
        status: 200,
        file,
        headers: {
          "content-type": "video/mp4",
          "x-remaining-credits": usd(creditsMicros),
          "x-cost": usd(accepted.costMicros),
          "x-generation-time": ((Date.now() - started) / 1000).toFixed(2),
          "x-seed-value": String(accepted.seed),
          "x-request-id": randomUUID(),
        },
      }
    );
  }

  /** Which route a request is for, and the id in its path. */
  function routeOf(method: string, pathname: string): { route: Route; id?: string } | null {
    if (method === "POST" && pathname === TEXT2VIDEO_PATH) return { route: "generate" };
    if (method === "POST" && pathname === TEXT2VIDEO_ASYNC_PATH) return { route: "submit" };
    if (method === "GET" && pathname === ACCOUNT_CREDITS_PATH) return { route: "credits" };
    const request = /^\/v2\/requests\/([\w-]+)(\/status)?$/.exec(pathname);
    if (method === "GET" && request) return { route: request[2] ? "status" : "result", id: request[1] };
    const file = /^\/v2\/files\/([\w-]+)\.mp4$/.exec(pathname);
    if (method === "GET" && file) return { route: "download", id: file[1] };
    return null;
  }

  /** The service's own answers; the fault, if any, then decides how they are delivered. */
  async function answer(req: http.IncomingMessage, res: http.ServerResponse, route: Route, id: string, fault: Fault | undefined, base: string): Promise<Answer | null> {
    // Output files are served from storage links that carry no key, as the real service's are.
    if (route !== "download" && req.headers["x-api-key"] !== opts.apiKey) {
      return jsonAnswer(401, { error: req.headers["x-api-key"] ? "Invalid API key." : "Missing x-api-key header." });
    }
    switch (route) {
      case "generate":
        return generate(req, res, fault);
      case "submit":
        return submit(req, fault, base);
      case "status":
      case "result":
        return faultAnswer(fault) ?? request(id, route === "status", base);
      case "download":
        return faultAnswer(fault) ?? download(id);
      case "credits":
        return faultAnswer(fault) ?? jsonAnswer(200, { credits: creditsMicros / 1e6, "free-credits": 0 });
    }
  }

  async function control(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> {
    if (pathname.startsWith("/__emulator/") && !opts.control) return false;
    if (pathname === "/__emulator/faults" && req.method === "POST") {
      faults.push(...(JSON.parse(await readBody(req)) as Fault[]));
      res.writeHead(204).end();
    } else if (pathname === "/__emulator/requests" && req.method === "GET") {
      await deliver(req, res, jsonAnswer(200, log), undefined);
    } else if (pathname === "/__emulator/jobs" && req.method === "GET") {
      // How many async jobs are still being made (and will be billed when they complete).
      const pending = [...jobs.values()].filter((j) => j.status === "QUEUED" || j.status === "PROCESSING").length;
      await deliver(req, res, jsonAnswer(200, { pending, creditsMicros }), undefined);
    } else if (pathname === "/__emulator/reset" && req.method === "POST") {
      faults = [];
      log = [];
      res.writeHead(204).end();
    } else if (pathname === "/health") {
      await deliver(req, res, jsonAnswer(200, { ok: true, emulator: true }), undefined);
    } else {
      return false;
    }
    return true;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    try {
      if (await control(req, res, url.pathname)) return;
      const base = `http://${req.headers.host ?? "127.0.0.1"}`;
      const matched = routeOf(req.method ?? "GET", url.pathname);
      const entry: EmulatorRequestLog = { route: matched?.route ?? null, path: url.pathname, status: 404, at: Date.now() };
      log.push(entry);
      if (!matched) return await deliver(req, res, jsonAnswer(404, { error: `No route ${req.method} ${url.pathname}.` }), undefined);
      const fault = takeFault(matched.route);
      const reply = await answer(req, res, matched.route, matched.id ?? "", fault, base);
      if (!reply) return;
      entry.status = fault?.kind === "drop-before-headers" ? 0 : reply.status;
      entry.body = sentBodies.get(req);
      await deliver(req, res, reply, fault);
    } catch (error) {
      say(`emulator error: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "Emulator internal error." }));
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
      faults = [];
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
