import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { submitGeneration } from "@/lib/api/generations";
import { db } from "@/lib/db";
import type { Limits } from "@/lib/generation/limits";
import { stopQueue } from "@/lib/jobs/queue";
import { startWorker } from "@/lib/jobs/worker";
import {
  createTestUser,
  injectFaults,
  rejection,
  resetEmulator,
  settleQueuedGenerations,
  upstreamPrompts,
  validParams,
  waitForIdleQueue,
  waitUntil,
} from "./helpers";

// No worker runs in this file but in its last block: submissions stay QUEUED, so in-flight counts are exact.
beforeEach(resetEmulator);
afterAll(async () => {
  await stopQueue();
  await db().$disconnect();
});

const generous: Limits = { jobsInFlight: 1000, submissionsPerMinute: 1000, monthlySpendMicros: 1_000_000_000 };
const submit = (userId: string, limits: Limits, body: object = validParams) => submitGeneration(userId, body, null, limits);

const settle = (p: Promise<unknown>[]) => Promise.allSettled(p).then((r) => ({ ok: r.filter((x) => x.status === "fulfilled").length, refused: r.filter((x) => x.status === "rejected").map((x) => (x as PromiseRejectedResult).reason as ApiError) }));

describe("jobs in flight", () => {
  it("allows exactly the limit, then says to wait (429 concurrency_limited)", async () => {
    const user = await createTestUser();
    const limits = { ...generous, jobsInFlight: 2 };
    await submit(user.id, limits);
    await submit(user.id, limits);
    const e = await rejection(submit(user.id, limits), ApiError);
    expect(e.code).toBe("concurrency_limited");
    expect(e.status).toBe(429);
    expect(e.message).toContain("Wait for one to finish");
    // A finished one frees a slot.
    const first = await db().generation.findFirstOrThrow({ where: { userId: user.id } });
    await db().generation.update({ where: { id: first.id }, data: { status: "SUCCEEDED", chargedCostMicros: 375_000 } });
    await submit(user.id, limits);
  });

  it("holds under 12 concurrent submissions: exactly 2 get through", async () => {
    const user = await createTestUser();
    const { ok, refused } = await settle(Array.from({ length: 12 }, () => submit(user.id, { ...generous, jobsInFlight: 2 })));
    expect(ok).toBe(2);
    expect(refused.every((e) => e.code === "concurrency_limited")).toBe(true);
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(2);
  });
});

describe("submissions per minute", () => {
  it("allows the limit, then answers 429 with Retry-After", async () => {
    const user = await createTestUser();
    const limits = { ...generous, submissionsPerMinute: 3 };
    for (let i = 0; i < 3; i++) await submit(user.id, limits);
    const e = await rejection(submit(user.id, limits), ApiError);
    expect(e.code).toBe("rate_limited");
    expect(Number(e.headers?.["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(e.headers?.["retry-after"])).toBeLessThanOrEqual(60);
  });

  it("holds under 10 concurrent submissions with a limit of 4", async () => {
    const user = await createTestUser();
    const { ok } = await settle(Array.from({ length: 10 }, () => submit(user.id, { ...generous, submissionsPerMinute: 4 })));
    expect(ok).toBe(4);
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(4);
  });
});

describe("monthly spend", () => {
  it("allows spending up to the budget exactly, not a micro-dollar past it (402)", async () => {
    const user = await createTestUser();
    const limits = { ...generous, monthlySpendMicros: 750_000 };
    await submit(user.id, limits); // 0.375 reserved
    await submit(user.id, limits); // 0.750: exactly the budget
    const e = await rejection(submit(user.id, limits), ApiError);
    expect(e.code).toBe("budget_exceeded");
    expect(e.status).toBe(402);
    expect(e.message).toContain("$0.75");
  });

  it("counts what was charged, not what failed", async () => {
    const user = await createTestUser();
    const limits = { ...generous, monthlySpendMicros: 500_000 };
    await submit(user.id, limits);
    const row = await db().generation.findFirstOrThrow({ where: { userId: user.id } });
    await db().generation.update({ where: { id: row.id }, data: { status: "FAILED", chargedCostMicros: 0 } });
    await submit(user.id, limits); // the failure cost nothing, so this fits
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(2);
  });

  it("a user's own budget overrides the default", async () => {
    const user = await createTestUser();
    await db().user.update({ where: { id: user.id }, data: { monthlyBudgetMicros: 400_000 } });
    await submit(user.id, generous);
    expect((await rejection(submit(user.id, generous), ApiError)).code).toBe("budget_exceeded");
  });

  it("holds under 10 concurrent submissions: a $1.00 budget buys exactly two 720p clips", async () => {
    const user = await createTestUser();
    const body = { ...validParams, quality: "720p" };
    const { ok, refused } = await settle(Array.from({ length: 10 }, () => submit(user.id, { ...generous, monthlySpendMicros: 1_000_000 }, body)));
    expect(ok).toBe(2);
    expect(refused.every((e) => e.code === "budget_exceeded")).toBe(true);
  });
});

describe("idempotency keys", () => {
  it("a replay is answered even when limits would now refuse a new one", async () => {
    const user = await createTestUser();
    const limits = { ...generous, jobsInFlight: 1 };
    const first = await submitGeneration(user.id, validParams, "key-replay-0001", limits);
    const again = await submitGeneration(user.id, validParams, "key-replay-0001", limits);
    expect(again).toMatchObject({ replayed: true });
    expect(again.generation.id).toBe(first.generation.id);
  });

  it("a key older than 24 hours makes a new generation", async () => {
    const user = await createTestUser();
    const first = await submitGeneration(user.id, validParams, "key-expired-0001", generous);
    await db().generation.update({ where: { id: first.generation.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    const again = await submitGeneration(user.id, validParams, "key-expired-0001", generous);
    expect(again.replayed).toBe(false);
    expect(again.generation.id).not.toBe(first.generation.id);
  });

  it("refuses a malformed key by name", async () => {
    const user = await createTestUser();
    const e = await rejection(submitGeneration(user.id, validParams, "no spaces allowed", generous), ApiError);
    expect(e.fields).toHaveProperty("Idempotency-Key");
  });
});

describe("refused by a limit, with a worker running", () => {
  let stopWorker: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    // The tests above left jobs queued (so may files run before this one): settled first, or this
    // worker would send them upstream.
    await settleQueuedGenerations();
    stopWorker = await startWorker();
  });
  afterAll(() => stopWorker?.());

  it("nothing refused by a limit reaches the upstream or is stored; what the limits let through does reach it", async () => {
    const [budget, inFlight, perMinute] = await Promise.all([createTestUser("budget"), createTestUser("in-flight"), createTestUser("per-minute")]);
    const body = (what: string) => ({ ...validParams, prompt: `${what} ${randomUUID()}` });
    const refusedBy = async (code: string, p: Promise<unknown>) => expect((await rejection(p, ApiError)).code).toBe(code);

    await refusedBy("budget_exceeded", submit(budget.id, { ...generous, monthlySpendMicros: 0 }, body("refused: budget")));

    // The emulator holds the first one's answer for a second, so it is surely still in flight.
    await injectFaults({ kind: "delay", ms: 1_000 });
    const acceptedInFlight = body("accepted: in flight");
    await submit(inFlight.id, { ...generous, jobsInFlight: 1 }, acceptedInFlight);
    await refusedBy("concurrency_limited", submit(inFlight.id, { ...generous, jobsInFlight: 1 }, body("refused: in flight")));

    const acceptedPerMinute = body("accepted: per minute");
    await submit(perMinute.id, { ...generous, submissionsPerMinute: 1 }, acceptedPerMinute);
    await refusedBy("rate_limited", submit(perMinute.id, { ...generous, submissionsPerMinute: 1 }, body("refused: per minute")));

    // The controls: the two accepted ones reach the upstream through this worker.
    const controls = [acceptedInFlight.prompt, acceptedPerMinute.prompt];
    const arrived = await waitUntil(async () => {
      const sent = await upstreamPrompts();
      return controls.every((p) => sent.includes(p));
    }, 20_000);
    expect(arrived, "the accepted submissions should reach the upstream through the worker within 20 s").toBe(true);
    // Had a refused one been queued, its job went in no later than the controls' and pg-boss hands
    // jobs out oldest first; a job is completed only after its upstream request, so once the queue
    // is idle every queued job has made its request, and "none of the refused" means something.
    expect(await waitForIdleQueue(20_000), "the queue should drain within 20 s").toBe(true);

    expect.soft((await upstreamPrompts()).sort(), "only what the limits let through reached the upstream").toEqual([...controls].sort());
    expect.soft(await db().generation.count({ where: { userId: budget.id } })).toBe(0);
    expect.soft(await db().generation.count({ where: { userId: inFlight.id } })).toBe(1);
    expect.soft(await db().generation.count({ where: { userId: perMinute.id } })).toBe(1);
  });
});
