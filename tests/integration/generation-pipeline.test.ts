import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { submitGeneration } from "@/lib/api/generations";
import { getGeneration } from "@/lib/data/generations";
import { db } from "@/lib/db";
import { stopQueue } from "@/lib/jobs/queue";
import { runGeneration } from "@/lib/jobs/run-generation";
import { startWorker } from "@/lib/jobs/worker";
import { probeVideo } from "@/lib/media/ffmpeg";
import type { Fault } from "@/lib/segmind/emulator";
import { storage } from "@/lib/storage";
import { createTestUser, injectFaults, queuedGeneration, resetEmulator, upstreamRequests, validParams } from "./helpers";

beforeEach(resetEmulator);
afterAll(async () => {
  await stopQueue();
  await db().$disconnect();
});

const queued = (overrides: Record<string, unknown> = {}) => queuedGeneration(overrides);

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
      incurredCostMicros: 375_000,
      atRiskCostMicros: 0,
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

  // One row per fault of UPSTREAM.md on the synchronous route: the final state, its code, what
  // it cost whom, the message, and the requests sent. Only a refused request (429) is sent again:
  // after a 5xx, a timeout or a lost connection the job may exist, so a second POST could be a
  // second purchase. A 200 whose bytes began as a video means Segmind made and billed it.
  const fail = (status: number, body?: string) => ({ kind: "status", status, ...(body ? { body } : {}) }) as const;
  type Money = "charged" | "not billed" | "billed, not delivered" | "at risk";
  const LEDGER: Record<Money, { chargedCostMicros: number; incurredCostMicros: number; atRiskCostMicros: number }> = {
    charged: { chargedCostMicros: 375_000, incurredCostMicros: 375_000, atRiskCostMicros: 0 },
    "not billed": { chargedCostMicros: 0, incurredCostMicros: 0, atRiskCostMicros: 0 },
    "billed, not delivered": { chargedCostMicros: 0, incurredCostMicros: 375_000, atRiskCostMicros: 0 },
    "at risk": { chargedCostMicros: 0, incurredCostMicros: 0, atRiskCostMicros: 375_000 },
  };
  const rows: [name: string, faults: Fault[], status: "SUCCEEDED" | "FAILED", code: string | null, message: RegExp, money: Money, attempts: number][] = [
    ["400 invalid parameters", [fail(400, '{"error":"negative_prompt too long"}')], "FAILED", "upstream_invalid_params", /negative_prompt too long.*You were not charged\. Change the settings/, "not billed", 1],
    ["401 bad key", [fail(401)], "FAILED", "upstream_misconfigured", /misconfigured.*tell the operator.*not charged/, "not billed", 1],
    ["403 forbidden", [fail(403)], "FAILED", "upstream_misconfigured", /misconfigured/, "not billed", 1],
    ["404 model not found", [fail(404)], "FAILED", "upstream_misconfigured", /misconfigured/, "not billed", 1],
    ["406 out of credits", [fail(406, '{"error":"Insufficient credits"}')], "FAILED", "upstream_insufficient_credits", /Insufficient credits.*operator has to add credits/, "not billed", 1],
    ["429 with Retry-After, then success", [{ kind: "status", status: 429, headers: { "retry-after": "0" } }], "SUCCEEDED", null, /^$/, "charged", 2],
    ["429 with x-rate-limit-reset-at-utc, then success", [{ kind: "status", status: 429, headers: { "x-rate-limit-reset-at-utc": new Date().toISOString() } }], "SUCCEEDED", null, /^$/, "charged", 2],
    ["429 without a reset header, every time", Array(4).fill(fail(429)), "FAILED", "upstream_rate_limited", /busy.*Try again in a minute/, "not billed", 4],
    ["500: not sent again", [fail(500)], "FAILED", "upstream_server_error", /HTTP 500.*may still have made.*did not send it again/, "at risk", 1],
    ["502: not sent again", [fail(502)], "FAILED", "upstream_unavailable", /unavailable.*may still have made/, "at risk", 1],
    ["504: not sent again", [fail(504)], "FAILED", "upstream_timeout", /timed out.*may still have made/, "at risk", 1],
    ["our own timeout", [{ kind: "delay", ms: 4_000 }], "FAILED", "upstream_timeout", /within 3 s.*may still have made/, "at risk", 1],
    ["connection dropped after sending, before an answer", [{ kind: "drop-before-headers" }], "FAILED", "upstream_connection", /connection.*lost.*may still have made/, "at risk", 1],
    ["connection dropped mid-video", [{ kind: "drop-mid-body" }], "FAILED", "upstream_connection", /billed the studio \$0\.375, but the studio could not keep it/, "billed, not delivered", 1],
    ["a truncated MP4", [{ kind: "truncated" }], "FAILED", "upstream_bad_output", /not playable.*billed the studio \$0\.375/, "billed, not delivered", 1],
    ["a video body that stalls", [{ kind: "stall" }], "FAILED", "upstream_timeout", /billed the studio \$0\.375/, "billed, not delivered", 1],
    ["200 with JSON", [{ kind: "not-video", as: "json" }], "FAILED", "upstream_bad_output", /sent JSON.*may still have made/, "at risk", 1],
    ["200 with HTML", [{ kind: "not-video", as: "html" }], "FAILED", "upstream_bad_output", /sent HTML.*may still have made/, "at risk", 1],
  ];

  it.each(rows)("%s", async (_name, faults, status, code, message, money, attempts) => {
    await injectFaults(...faults);
    const g = await queued();
    const started = Date.now();
    await runGeneration(g.id);
    expect(Date.now() - started).toBeLessThan(8_000); // the deadline (3 s) holds, a stalled body included
    const done = await getGeneration(g.id);
    expect(done).toMatchObject({ status, errorCode: code, attempts, ...LEDGER[money] });
    expect(done?.errorMessage ?? "").toMatch(message);
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
    // No row, so no job: nothing can reach Segmind (bad-input.test.ts checks that with a worker running).
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(0);
  });

  it("20 identical submissions at once with one idempotency key make one generation", async () => {
    const user = await createTestUser();
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => submitGeneration(user.id, validParams, key)));
    expect(new Set(results.map((r) => r.generation.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(1);
  });

  it("the same Idempotency-Key with other settings is refused (422), with the same ones replayed", async () => {
    const user = await createTestUser();
    const key = crypto.randomUUID();
    const first = await submitGeneration(user.id, validParams, key);
    const replay = await submitGeneration(user.id, { ...validParams }, key);
    expect(replay).toMatchObject({ replayed: true, generation: { id: first.generation.id } });
    for (const other of [{ prompt: "A different prompt" }, { quality: "720p" }, { seed: 42 }, { style: "clay" }, { negativePrompt: "blur" }]) {
      const error = await submitGeneration(user.id, { ...validParams, ...other }, key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: "idempotency_key_reused", status: 422 });
    }
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a generation and its queued job are made in one transaction", async () => {
    const user = await createTestUser();
    const { generation } = await submitGeneration(user.id, validParams, null);
    const [job] = await db().$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM pgboss.job WHERE name = 'generation' AND data->>'generationId' = ${generation.id}`;
    expect(Number(job?.n)).toBe(1);
    // A limit that refuses rolls both back: no row and no job.
    const refused = await submitGeneration(user.id, validParams, null, { jobsInFlight: 1, submissionsPerMinute: 100, monthlySpendMicros: 1e9 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    const [jobs] = await db().$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM pgboss.job j JOIN "Generation" g ON g.id = j.data->>'generationId' WHERE g."userId" = ${user.id}`;
    expect(Number(jobs?.n)).toBe(1);
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
      expect(current).toMatchObject({ width: 720, height: 720, chargedCostMicros: 500_000, incurredCostMicros: 500_000 });
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
