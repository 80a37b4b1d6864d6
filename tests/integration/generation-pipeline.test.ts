import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { submitGeneration } from "@/lib/api/generations";
import { createGeneration, getGeneration } from "@/lib/data/generations";
import { db } from "@/lib/db";
import { generationParamsSchema } from "@/lib/generation";
import { stopQueue } from "@/lib/jobs/queue";
import { runGeneration } from "@/lib/jobs/run-generation";
import { startWorker } from "@/lib/jobs/worker";
import { probeVideo } from "@/lib/media/ffmpeg";
import type { Fault } from "@/lib/segmind/emulator";
import { storage } from "@/lib/storage";
import { createTestUser, injectFaults, resetEmulator, upstreamRequests, validParams } from "./helpers";

beforeEach(resetEmulator);
afterAll(async () => {
  await stopQueue();
  await db().$disconnect();
});

async function queued(overrides: Record<string, unknown> = {}) {
  const user = await createTestUser();
  const created = await createGeneration(user.id, generationParamsSchema.parse({ ...validParams, ...overrides }));
  if (!("generation" in created)) throw new Error("no limits were given, so none can be breached");
  return created.generation;
}

describe("one generation, from row to final state", () => {
  it("succeeds: stores the video and poster, its size, and what it cost", async () => {
    const g = await queued({ aspectRatio: "9:16", quality: "540p", style: "anime" });
    expect(g).toMatchObject({ status: "QUEUED", estimatedCostMicros: 375_000, seedWasRandom: true });
    expect(g.seed).toBeGreaterThanOrEqual(1);
    await runGeneration(g.id);
    const done = await getGeneration(g.id);
    expect(done).toMatchObject({
      status: "SUCCEEDED",
      width: 540,
      height: 960,
      durationMs: 5000,
      chargedCostMicros: 375_000,
      upstreamCost: "0.375",
      upstreamSeed: g.seed,
      attempts: 1,
      errorCode: null,
    });
    expect(done?.upstreamRemainingCredits).toMatch(/^\d+\.\d+$/);
    expect(done?.finishedAt).toBeInstanceOf(Date);
    const size = await storage().size(done!.videoKey!);
    expect(size).toBe(done!.byteSize);
    expect(await storage().size(done!.posterKey!)).toBeGreaterThan(1000);
    // The request upstream used the seed we stored, so the clip can be reproduced.
    const [sent] = await upstreamRequests();
    expect(sent?.body).toMatchObject({ seed: g.seed, aspect_ratio: "9:16", style: "anime", duration: 5 });
  });

  // One row per fault of UPSTREAM.md: the final state, the charge, the message, the attempts.
  const fail = (status: number, body?: string) => ({ kind: "status", status, ...(body ? { body } : {}) }) as const;
  const rows: [name: string, faults: Fault[], status: "SUCCEEDED" | "FAILED", code: string | null, message: RegExp, attempts: number][] = [
    ["400 invalid parameters", [fail(400, '{"error":"negative_prompt too long"}')], "FAILED", "upstream_invalid_params", /negative_prompt too long/, 1],
    ["401 bad key", [fail(401)], "FAILED", "upstream_misconfigured", /misconfigured.*tell the operator/, 1],
    ["403 forbidden", [fail(403)], "FAILED", "upstream_misconfigured", /misconfigured/, 1],
    ["404 model not found", [fail(404)], "FAILED", "upstream_misconfigured", /misconfigured/, 1],
    ["406 out of credits", [fail(406, '{"error":"Insufficient credits"}')], "FAILED", "upstream_insufficient_credits", /Insufficient credits/, 1],
    ["429 with Retry-After, then success", [{ kind: "status", status: 429, headers: { "retry-after": "0" } }], "SUCCEEDED", null, /^$/, 2],
    ["429 with x-rate-limit-reset-at-utc, then success", [{ kind: "status", status: 429, headers: { "x-rate-limit-reset-at-utc": new Date().toISOString() } }], "SUCCEEDED", null, /^$/, 2],
    ["429 without a reset header, every time", Array(4).fill(fail(429)), "FAILED", "upstream_rate_limited", /busy/, 4],
    ["500 every time", Array(4).fill(fail(500)), "FAILED", "upstream_server_error", /Try again/, 4],
    ["502 every time", Array(4).fill(fail(502)), "FAILED", "upstream_unavailable", /unavailable/, 4],
    ["504 every time", Array(4).fill(fail(504)), "FAILED", "upstream_timeout", /timed out/, 4],
    ["504, then success", [fail(504)], "SUCCEEDED", null, /^$/, 2],
    ["our own timeout", [{ kind: "delay", ms: 4_000 }], "FAILED", "upstream_timeout", /within 3 s/, 1],
    ["connection dropped before an answer, then success", [{ kind: "drop-before-headers" }], "SUCCEEDED", null, /^$/, 2],
    ["connection dropped mid-body", [{ kind: "drop-mid-body" }], "FAILED", "upstream_connection", /dropped while the video was downloading/, 1],
    ["a truncated MP4", [{ kind: "truncated-mp4" }], "FAILED", "upstream_bad_output", /not a playable video/, 1],
    ["200 with JSON", [{ kind: "not-video", as: "json" }], "FAILED", "upstream_bad_output", /sent JSON/, 1],
    ["200 with HTML", [{ kind: "not-video", as: "html" }], "FAILED", "upstream_bad_output", /sent HTML/, 1],
  ];

  it.each(rows)("%s", async (_name, faults, status, code, message, attempts) => {
    await injectFaults(...faults);
    const g = await queued();
    await runGeneration(g.id);
    const done = await getGeneration(g.id);
    expect(done).toMatchObject({ status, errorCode: code, attempts });
    expect(done?.errorMessage ?? "").toMatch(message);
    expect(done?.chargedCostMicros).toBe(status === "SUCCEEDED" ? 375_000 : 0);
    expect(await upstreamRequests()).toHaveLength(attempts);
  });

  it("runs once even when the job is delivered twice at the same time", async () => {
    const g = await queued();
    await Promise.all([runGeneration(g.id), runGeneration(g.id)]);
    expect((await getGeneration(g.id))?.status).toBe("SUCCEEDED");
    expect(await upstreamRequests()).toHaveLength(1);
  });
});

describe("submitting through the API's logic", () => {
  it("refuses bad input with per-field messages and stores nothing", async () => {
    const user = await createTestUser();
    const error = await submitGeneration(user.id, { ...validParams, prompt: "", duration: 8, quality: "1080p", seed: 0 }, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(Object.keys((error as ApiError).fields ?? {}).sort()).toEqual(["duration", "prompt", "seed"]);
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(0);
    expect(await upstreamRequests()).toHaveLength(0);
  });

  it("20 identical submissions at once with one idempotency key make one generation", async () => {
    const user = await createTestUser();
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => submitGeneration(user.id, validParams, key)));
    expect(new Set(results.map((r) => r.generation.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(1);
  });

  it("the worker takes a queued job through pg-boss to SUCCEEDED", async () => {
    const stop = await startWorker();
    try {
      const user = await createTestUser();
      const { generation } = await submitGeneration(user.id, { ...validParams, quality: "720p", aspectRatio: "1:1" }, null);
      let current = generation;
      for (let i = 0; i < 100 && current.status !== "SUCCEEDED" && current.status !== "FAILED"; i++) {
        await new Promise((r) => setTimeout(r, 200));
        current = (await getGeneration(generation.id))!;
      }
      expect(current.status).toBe("SUCCEEDED");
      expect(current).toMatchObject({ width: 720, height: 720, chargedCostMicros: 500_000 });
    } finally {
      await stop();
    }
  });
});

describe("the stored video is a real, playable file", () => {
  it("probes as H.264 with the stored size", async () => {
    const g = await queued({ quality: "360p", aspectRatio: "4:3", duration: 8 });
    await runGeneration(g.id);
    const done = (await getGeneration(g.id))!;
    const root = process.env.STORAGE_DIR!;
    const info = await probeVideo(`${root}/${done.videoKey}`);
    expect(info).toMatchObject({ width: 480, height: 360, codec: "h264" });
    expect(info.durationMs).toBeGreaterThanOrEqual(7900);
  });
});
