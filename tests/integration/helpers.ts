import { randomUUID } from "node:crypto";
import { expect, inject } from "vitest";
import { createGeneration } from "@/lib/data/generations";
import { db } from "@/lib/db";
import { generationParamsSchema } from "@/lib/generation";
import type { UpstreamConfig } from "@/lib/segmind/client";
import type { Fault, EmulatorRequestLog } from "@/lib/segmind/emulator";

const emulatorUrl = () => inject("emulatorUrl");

/** Scripts the emulator's next answers, over HTTP like everything else. */
export async function injectFaults(...faults: Fault[]) {
  const res = await fetch(`${emulatorUrl()}/__emulator/faults`, { method: "POST", body: JSON.stringify(faults) });
  if (res.status !== 204) throw new Error(`emulator refused faults: ${res.status}`);
}

export async function resetEmulator() {
  await fetch(`${emulatorUrl()}/__emulator/reset`, { method: "POST" });
}

/** Requests the emulator received on the generation route since the last reset. */
export async function upstreamRequests(): Promise<EmulatorRequestLog[]> {
  const all = (await (await fetch(`${emulatorUrl()}/__emulator/requests`)).json()) as EmulatorRequestLog[];
  return all.filter((r) => r.path === "/v1/pixverse-text2video");
}

export async function createTestUser(tag = "user") {
  return db().user.create({ data: { email: `${tag}-${randomUUID()}@example.test` } });
}

export const validParams = {
  prompt: "A lighthouse in a storm, waves crashing",
  aspectRatio: "16:9",
  duration: 5,
  quality: "360p",
  motionMode: "normal",
} as const;

/** The error a promise rejects with, checked to be of the expected class. */
export async function rejection<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/**
 * Settles generations still QUEUED (of these users, or of everyone) as CANCELED, so a worker
 * started afterwards sends upstream only what the test itself submits. Integration files share
 * one database and one queue, and most queue jobs with no worker running (limits.test.ts about
 * twenty before its own worker starts); a worker would take them, and their upstream requests
 * would be counted against whichever test started it. A leftover job then finds its row no
 * longer QUEUED and does nothing (runGeneration claims QUEUED rows only).
 */
export async function settleQueuedGenerations(userIds?: string[]): Promise<number> {
  const { count } = await db().generation.updateMany({
    where: { status: "QUEUED", ...(userIds ? { userId: { in: userIds } } : {}) },
    data: { status: "CANCELED", chargedCostMicros: 0, finishedAt: new Date(), errorCode: "test_settled", errorMessage: "Settled by a test so no worker sends it upstream." },
  });
  return count;
}

/** Polls until `done` answers true or `timeoutMs` passes; answers whether it did. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, everyMs))) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
  }
}

/**
 * Waits until no queued job's generation is still QUEUED or RUNNING. A row leaves those states
 * only once its worker has made whatever upstream request it was going to make, so once this
 * answers true every job queued before it was called has done so. (Jobs a killed worker held stay
 * 'active' in pg-boss until they expire; their rows are final, so they do not count.)
 */
export async function waitForIdleQueue(timeoutMs: number): Promise<boolean> {
  return waitUntil(async () => {
    const [row] = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pgboss.job j JOIN "Generation" g ON g.id = j.data->>'generationId'
      WHERE j.name = 'generation' AND j.state IN ('created', 'retry', 'active') AND g.status IN ('QUEUED', 'RUNNING')`;
    return Number(row?.n ?? 0) === 0;
  }, timeoutMs);
}

/** The prompts of the requests the emulator received on the generation route since the last reset. */
export async function upstreamPrompts(): Promise<string[]> {
  return (await upstreamRequests()).map((r) => String((r.body as { prompt?: unknown } | undefined)?.prompt));
}

/** The upstream client's settings against the test emulator: generous deadlines, quick retries. */
export const testUpstreamConfig = (over: Partial<UpstreamConfig> = {}): UpstreamConfig => ({
  baseUrl: emulatorUrl(),
  apiKey: "integration-test-key",
  timeoutMs: 20_000,
  exchangeTimeoutMs: 2_000,
  maxRetries: 3,
  retryBaseMs: 10,
  ...over,
});

/** A QUEUED generation of a fresh user, made through the data layer (no limits, no queue job). */
export async function queuedGeneration(overrides: Record<string, unknown> = {}, tag = "user") {
  const user = await createTestUser(tag);
  const created = await createGeneration(user.id, generationParamsSchema.parse({ ...validParams, ...overrides }));
  if (!("generation" in created)) throw new Error("no limits were given, so none can be breached");
  return created.generation;
}
