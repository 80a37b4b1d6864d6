import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { reconcile } from "@/lib/data/credits";
import { getGeneration } from "@/lib/data/generations";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refreshAccountBalance } from "@/lib/api/reconciliation";
import { stopQueue } from "@/lib/jobs/queue";
import { runGeneration } from "@/lib/jobs/run-generation";
import { sweep } from "@/lib/jobs/worker";
import type { EmulatorRequestLog, Fault } from "@/lib/segmind/emulator";
import { injectFaults, queuedGeneration, resetEmulator, validParams } from "./helpers";

// This file runs in async mode (its name says so; see setup-env.ts): SEGMIND_TIMEOUT_MS 3 s,
// SEGMIND_EXCHANGE_TIMEOUT_MS 400 ms, polls every 100 ms, 3 retries, the emulator answering in 50 ms.
beforeEach(resetEmulator);
afterAll(async () => {
  await stopQueue();
  await db().$disconnect();
});

/** validParams: 360p, 5 s, normal: $0.375 in UPSTREAM.md's price table. */
const PRICE = 375_000;

const queued = (seed?: number) => queuedGeneration({ seed }, "faults");

async function requestsTo(route: EmulatorRequestLog["route"]) {
  const all = (await (await fetch(`${inject("emulatorUrl")}/__emulator/requests`)).json()) as EmulatorRequestLog[];
  return all.filter((r) => r.route === route);
}

type Money = "charged" | "not billed" | "billed, not delivered" | "at risk";
/** What each outcome means in money, per UPSTREAM.md's "When is a failure billed?". */
const LEDGER: Record<Money, { chargedCostMicros: number; incurredCostMicros: number; atRiskCostMicros: number }> = {
  charged: { chargedCostMicros: PRICE, incurredCostMicros: PRICE, atRiskCostMicros: 0 },
  "not billed": { chargedCostMicros: 0, incurredCostMicros: 0, atRiskCostMicros: 0 },
  "billed, not delivered": { chargedCostMicros: 0, incurredCostMicros: PRICE, atRiskCostMicros: 0 },
  "at risk": { chargedCostMicros: 0, incurredCostMicros: 0, atRiskCostMicros: PRICE },
};
/** What the person reads about the money, one sentence each. */
const SAYS: Record<Money, RegExp> = {
  charged: /^$/,
  "not billed": /You were not charged\./,
  "billed, not delivered": /billed the studio \$0\.375, but the studio could not keep it\. You were not charged/,
  "at risk": /may still have made this video and billed the studio for it \(up to \$0\.375\).*did not send it again.*You were not charged/,
};

const once = (route: Fault["route"], fault: Fault): Fault => ({ ...fault, route });
const status = (s: number, extra: Partial<Extract<Fault, { kind: "status" }>> = {}): Fault => ({ kind: "status", status: s, ...extra });

// One row per fault and route: the final state, its code, what it cost whom, and how many
// submissions Segmind received (never two for one generation, unless the first was refused).
const rows: [name: string, faults: Fault[], state: "SUCCEEDED" | "FAILED", code: string | null, money: Money, submits: number][] = [
  // submit
  ["submit: 429, then accepted", [once("submit", status(429, { headers: { "retry-after": "0" } }))], "SUCCEEDED", null, "charged", 2],
  ["submit: 400", [once("submit", status(400, { body: '{"error":"prompt is required"}' }))], "FAILED", "upstream_invalid_params", "not billed", 1],
  ["submit: 401", [once("submit", status(401))], "FAILED", "upstream_misconfigured", "not billed", 1],
  ["submit: 406 out of credits", [once("submit", status(406, { body: '{"error":"Insufficient credits"}' }))], "FAILED", "upstream_insufficient_credits", "not billed", 1],
  ["submit: 500, not resubmitted", [once("submit", status(500))], "FAILED", "upstream_server_error", "at risk", 1],
  ["submit: 500 after the job was made", [once("submit", status(500, { accepted: true }))], "FAILED", "upstream_server_error", "at risk", 1],
  ["submit: 502", [once("submit", status(502))], "FAILED", "upstream_unavailable", "at risk", 1],
  ["submit: 504", [once("submit", status(504))], "FAILED", "upstream_timeout", "at risk", 1],
  ["submit: connection dropped before the answer", [once("submit", { kind: "drop-before-headers", accepted: true })], "FAILED", "upstream_connection", "at risk", 1],
  ["submit: headers slower than the exchange limit", [once("submit", { kind: "slow-headers", ms: 1_500 })], "FAILED", "upstream_timeout", "at risk", 1],
  ["submit: body stalls after the headers", [once("submit", { kind: "stall" })], "FAILED", "upstream_timeout", "at risk", 1],
  ["submit: answer cut short", [once("submit", { kind: "truncated" })], "FAILED", "upstream_bad_output", "at risk", 1],
  ["submit: connection dropped mid-answer", [once("submit", { kind: "drop-mid-body" })], "FAILED", "upstream_connection", "at risk", 1],
  ["job FAILED upstream", [{ kind: "async-fail", message: "Model overloaded" }], "FAILED", "upstream_job_failed", "not billed", 1],
  // status: any one bad poll is retried at the next poll
  ["status: 500 once", [once("status", status(500))], "SUCCEEDED", null, "charged", 1],
  ["status: 429 once", [once("status", status(429))], "SUCCEEDED", null, "charged", 1],
  ["status: slow headers once", [once("status", { kind: "slow-headers", ms: 1_000 })], "SUCCEEDED", null, "charged", 1],
  ["status: stalled body once", [once("status", { kind: "stall" })], "SUCCEEDED", null, "charged", 1],
  ["status: dropped connection once", [once("status", { kind: "drop-before-headers" })], "SUCCEEDED", null, "charged", 1],
  ["status: dropped mid-body once", [once("status", { kind: "drop-mid-body" })], "SUCCEEDED", null, "charged", 1],
  ["status: truncated JSON once", [once("status", { kind: "truncated" })], "SUCCEEDED", null, "charged", 1],
  ["status: 404, the result expired", [once("status", status(404))], "FAILED", "upstream_job_lost", "at risk", 1],
  // result: the job completed, so it is paid for; fetching is retried
  ["result: 500 once", [once("result", status(500))], "SUCCEEDED", null, "charged", 1],
  ["result: stalled body once", [once("result", { kind: "stall" })], "SUCCEEDED", null, "charged", 1],
  ["result: truncated once", [once("result", { kind: "truncated" })], "SUCCEEDED", null, "charged", 1],
  ["result: dropped connection once", [once("result", { kind: "drop-before-headers" })], "SUCCEEDED", null, "charged", 1],
  ["result: 404 once, after COMPLETED", [once("result", status(404))], "SUCCEEDED", null, "charged", 1],
  ["result: 404 every time, after COMPLETED", Array(4).fill(once("result", status(404))), "FAILED", "upstream_job_lost", "billed, not delivered", 1],
  // download
  ["download: completed, then the output 404s once", [once("download", status(404))], "SUCCEEDED", null, "charged", 1],
  ["download: truncated file once", [once("download", { kind: "truncated" })], "SUCCEEDED", null, "charged", 1],
  ["download: dropped mid-body once", [once("download", { kind: "drop-mid-body" })], "SUCCEEDED", null, "charged", 1],
  ["download: stalled body once", [once("download", { kind: "stall" })], "SUCCEEDED", null, "charged", 1],
  ["download: slow headers once", [once("download", { kind: "slow-headers", ms: 500 })], "SUCCEEDED", null, "charged", 1],
  ["download: JSON instead of the video once", [once("download", { kind: "not-video", as: "json" })], "SUCCEEDED", null, "charged", 1],
  ["download: the output 404s every time", [{ kind: "output-404" }], "FAILED", "upstream_output_missing", "billed, not delivered", 1],
];

describe("every fault on every route, through the whole pipeline", () => {
  it.each(rows)("%s", async (_name, faults, state, code, money, submits) => {
    await injectFaults(...faults);
    const g = await queued();
    const started = Date.now();
    await runGeneration(g.id);
    // Bounded: the generation's own deadline is 3 s, and a paid result gets as long again.
    expect(Date.now() - started).toBeLessThan(9_000);
    const done = await getGeneration(g.id);
    expect(done).toMatchObject({ status: state, errorCode: code, ...LEDGER[money] });
    expect(done?.errorMessage ?? "").toMatch(SAYS[money]);
    if (state === "FAILED") expect(done?.errorMessage?.match(/not charged/g)).toHaveLength(1);
    expect(await requestsTo("submit")).toHaveLength(submits);
    expect(done?.attempts).toBe(submits);
  });

  it("a finished video records the account's credits it reported", async () => {
    const g = await queued();
    await runGeneration(g.id);
    const reading = await db().creditReading.findFirst({ where: { generationId: g.id } });
    expect(reading?.source).toBe("response");
    expect(Number(reading?.creditsMicros)).toBeGreaterThan(0);
  });
});

/** A row as a dead or stuck worker leaves it: RUNNING, with the given facts. */
async function leftRunning(data: Prisma.GenerationUpdateInput) {
  const g = await queued();
  await db().generation.update({ where: { id: g.id }, data: { status: "RUNNING", attempts: 1, ...data } });
  return g.id;
}

describe("the sweep: abandoned, overdue and expired jobs", () => {
  const HOUR = 60 * 60_000;
  const ago = (ms: number) => new Date(Date.now() - ms);

  it("a job whose result expired (submitted over an hour ago) ends FAILED as lost, at risk", async () => {
    const id = await leftRunning({ upstreamRequestId: "expired-1", startedAt: ago(HOUR + 60_000), upstreamSubmittedAt: ago(HOUR + 60_000), heartbeatAt: ago(HOUR) });
    await sweep();
    const g = await getGeneration(id);
    expect(g).toMatchObject({ status: "FAILED", errorCode: "upstream_job_lost", ...LEDGER["at risk"] });
    expect(g?.errorMessage).toMatch(/about an hour/);
    expect(await requestsTo("status")).toHaveLength(0); // nothing to ask: Segmind no longer has it
  });

  it("an expired job Segmind had completed is recorded as billed, for a support claim", async () => {
    const id = await leftRunning({
      upstreamRequestId: "expired-2",
      startedAt: ago(2 * HOUR),
      upstreamSubmittedAt: ago(2 * HOUR),
      upstreamCompletedAt: ago(2 * HOUR - 60_000),
      incurredCostMicros: PRICE,
      heartbeatAt: ago(HOUR),
    });
    await sweep();
    expect(await getGeneration(id)).toMatchObject({ status: "FAILED", errorCode: "upstream_job_lost", ...LEDGER["billed, not delivered"] });
  });

  it("the watchdog ends a row past its deadline even while its heartbeat is fresh", async () => {
    // Deadline 3 s, grace (WORKER_ABANDONED_AFTER_MS) 2 s: started 10 s ago is overdue.
    const id = await leftRunning({ upstreamRequestId: "stuck-1", startedAt: ago(10_000), upstreamSubmittedAt: ago(10_000), heartbeatAt: new Date() });
    await sweep();
    const g = await getGeneration(id);
    expect(g).toMatchObject({ status: "FAILED", errorCode: "upstream_timeout", ...LEDGER["at risk"] });
    expect(g?.errorMessage).toMatch(/within 3 s/);
  });

  it("leaves a live row inside its deadline alone", async () => {
    const id = await leftRunning({ upstreamRequestId: "live-1", startedAt: ago(1_000), upstreamSubmittedAt: ago(1_000), heartbeatAt: new Date() });
    await sweep();
    expect((await getGeneration(id))?.status).toBe("RUNNING");
    await db().generation.update({ where: { id }, data: { status: "FAILED" } });
  });

  it("an abandoned job still kept upstream is put back on the queue to resume, not resubmitted", async () => {
    // A real job, submitted through the emulator, whose worker then "died".
    const sub = await fetch(`${inject("emulatorUrl")}/v2/pixverse-text2video`, {
      method: "POST",
      headers: { "x-api-key": "integration-test-key", "content-type": "application/json" },
      body: JSON.stringify({ prompt: validParams.prompt, duration: 5, quality: "360p", aspect_ratio: "16:9", motion_mode: "normal" }),
    });
    const { request_id } = (await sub.json()) as { request_id: string };
    await upstreamSettled(); // it finished while its worker was dead
    const id = await leftRunning({ upstreamRequestId: request_id, startedAt: ago(2_500), upstreamSubmittedAt: ago(2_500), heartbeatAt: ago(2_500) });
    await sweep();
    expect((await getGeneration(id))?.status).toBe("QUEUED");
    await runGeneration(id); // what the worker that takes the requeued job does
    expect((await getGeneration(id))?.errorMessage ?? null).toBeNull();
    expect(await getGeneration(id)).toMatchObject({ status: "SUCCEEDED", ...LEDGER.charged, upstreamRequestId: request_id });
    expect(await requestsTo("submit")).toHaveLength(1); // only the original submission
  });
});

/** Until every job Segmind accepted has completed or failed, so the balance stops moving. */
async function upstreamSettled() {
  for (let i = 0; i < 100; i++) {
    const { pending } = (await (await fetch(`${inject("emulatorUrl")}/__emulator/jobs`)).json()) as { pending: number };
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the emulator still has jobs in progress after 10 s");
}

describe("reconciliation with Segmind's account", () => {
  // One seed for every job here, so the emulator renders the clip once and no job nears the 3 s deadline.
  const SEED = 4242;
  const run = async () => {
    const g = await queued(SEED);
    await runGeneration(g.id);
    return g;
  };
  beforeEach(async () => {
    await run(); // renders the clip
    await upstreamSettled(); // jobs earlier tests left running upstream are billed before the window opens
  });

  it("the studio's incurred total matches the drop in credits, and an ambiguous failure shows as drift it explains", async () => {
    const from = new Date();
    await refreshAccountBalance(); // a reading before
    await run();
    // Segmind made this job but its answer was lost: the studio records it at risk, Segmind bills it.
    await injectFaults({ route: "submit", kind: "status", status: 502, accepted: true });
    const lost = await run();
    expect(await getGeneration(lost.id)).toMatchObject({ status: "FAILED", ...LEDGER["at risk"] });
    await upstreamSettled();
    await run();
    await refreshAccountBalance(); // a reading after
    const r = await reconcile(from, new Date(Date.now() + 1_000));
    expect(r.readings).toBeGreaterThanOrEqual(3);
    expect(r.creditsDropMicros).toBe(3 * PRICE); // three jobs billed by Segmind
    expect(r.incurredMicros).toBe(2 * PRICE); // two the studio knows it paid for
    expect(r.atRiskMicros).toBe(PRICE); // and one it may have
    expect(r.driftMicros).toBe(PRICE);
  });

  it("no drift when every job is accounted for", async () => {
    const from = new Date();
    await refreshAccountBalance();
    for (let i = 0; i < 2; i++) await run();
    await refreshAccountBalance();
    const r = await reconcile(from, new Date(Date.now() + 1_000));
    expect(r).toMatchObject({ creditsDropMicros: 2 * PRICE, incurredMicros: 2 * PRICE, atRiskMicros: 0, driftMicros: 0 });
  });
});
