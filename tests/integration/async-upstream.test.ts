import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { getGeneration } from "@/lib/data/generations";
import { db } from "@/lib/db";
import { stopQueue } from "@/lib/jobs/queue";
import { probeVideo } from "@/lib/media/ffmpeg";
import { downloadOutput, fetchAccountCredits, fetchJobResult, submitVideoJob, waitForVideoJob } from "@/lib/segmind/client";
import { UpstreamError } from "@/lib/segmind/errors";
import type { EmulatorRequestLog } from "@/lib/segmind/emulator";
import { createTestUser, injectFaults, rejection, resetEmulator, testUpstreamConfig, validParams } from "./helpers";

const dir = await mkdtemp(path.join(os.tmpdir(), "async-test-"));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await stopQueue();
  await db().$disconnect();
});
beforeEach(resetEmulator);

const config = testUpstreamConfig();
const body = { prompt: "Fireflies over a meadow", aspect_ratio: "16:9", duration: 5, quality: "360p", motion_mode: "normal", negative_prompt: "", seed: 77 };
const soon = () => Date.now() + 20_000;
const submit = () => submitVideoJob(config, body, { deadline: soon() });
const wait = (requestId: string) => waitForVideoJob(config, requestId, { pollMs: 50, deadline: soon() });

async function calls(prefix: string) {
  const all = (await (await fetch(`${inject("emulatorUrl")}/__emulator/requests`)).json()) as EmulatorRequestLog[];
  return all.filter((r) => r.path.startsWith(prefix));
}

describe("the asynchronous route: submit, poll, fetch the result, download", () => {
  it("delivers the video through its output URL, with the metrics", async () => {
    const { requestId, attempts } = await submit();
    expect(attempts).toBe(1);
    await wait(requestId);
    const result = await fetchJobResult(config, requestId, soon());
    expect(result.accounting).toMatchObject({ requestId, cost: "0.375", seed: 77 });
    const out = path.join(dir, "a.mp4");
    expect(await downloadOutput(result.outputUrl, out, soon())).toBeGreaterThan(1000);
    expect(await probeVideo(out)).toMatchObject({ width: 640, height: 360 });
  });

  it("retries a 429 on submit, once", async () => {
    await injectFaults({ kind: "status", status: 429, headers: { "retry-after": "0" } });
    expect((await submit()).attempts).toBe(2);
    expect(await calls("/v2/pixverse-text2video")).toHaveLength(2);
  });

  it("a job that FAILS upstream is final, with its message, and was not billed", async () => {
    await injectFaults({ kind: "async-fail", message: "NSFW content detected" });
    const { requestId } = await submit();
    const e = await rejection(wait(requestId), UpstreamError);
    expect(e).toMatchObject({ code: "upstream_job_failed", billing: "none" });
    expect(e.message).toContain("NSFW content detected");
  });

  it("an output URL that 404s is a clear failure", async () => {
    await injectFaults({ kind: "output-404" });
    const { requestId } = await submit();
    await wait(requestId);
    const result = await fetchJobResult(config, requestId, soon());
    const e = await rejection(downloadOutput(result.outputUrl, path.join(dir, "b.mp4"), soon()), UpstreamError);
    expect(e.code).toBe("upstream_output_missing");
  });

  it("an unknown request id is reported as lost", async () => {
    expect((await rejection(wait("no-such-request"), UpstreamError)).code).toBe("upstream_job_lost");
  });

  it("a status poll that stalls after its headers is retried at the next poll, within the exchange's deadline", async () => {
    const { requestId } = await submit();
    await injectFaults({ route: "status", kind: "stall" });
    const started = Date.now();
    await wait(requestId);
    // The stalled poll was cut at the exchange limit (2 s), not at the job's 20 s deadline.
    expect(Date.now() - started).toBeLessThan(6_000);
    expect((await calls(`/v2/requests/${requestId}/status`)).length).toBeGreaterThanOrEqual(2);
  });

  it("the account's balance, from the credits endpoint", async () => {
    expect(await fetchAccountCredits(config)).toBeGreaterThan(0);
  });
});

// --- Crash recovery: a worker process is killed with SIGKILL mid-generation, another starts. ---

function startWorkerProcess(mode: "async" | "sync"): ChildProcess {
  return spawn("npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], {
    env: { ...process.env, SEGMIND_MODE: mode, LOG_LEVEL: "warn", WORKER_ABANDONED_AFTER_MS: "2000", SEGMIND_POLL_MS: "100", SEGMIND_TIMEOUT_MS: "60000" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
}

function kill(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL"); // the whole group: npx, tsx and node
  } catch {
    // already gone
  }
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(["async", "sync"] as const)("SIGKILL mid-generation, %s mode", (mode) => {
  it(mode === "async" ? "a restarted worker resumes polling and delivers the paid video, submitted once" : "a restarted worker settles it FAILED as interrupted, charged nothing", async () => {
    // The upstream takes 4 s, long enough to kill the worker while it waits.
    await injectFaults({ kind: "delay", ms: 4_000 });
    const { submitGeneration } = await import("@/lib/api/generations");
    const user = await createTestUser(`crash-${mode}`);
    const first = startWorkerProcess(mode);
    const { generation } = await submitGeneration(user.id, validParams, null);
    try {
      // Running upstream: async, its request id stored; sync, its request received by Segmind
      // (killed before that, nothing was sent and nothing could be billed).
      await until("the job to be running upstream", async () => {
        const g = await getGeneration(generation.id);
        const sent = mode === "sync" ? (await calls("/v1/pixverse-text2video")).length > 0 : Boolean(g?.upstreamRequestId);
        return g?.status === "RUNNING" && sent ? g : null;
      });
      kill(first);
      const second = startWorkerProcess(mode);
      try {
        const final = await until("a final state", async () => {
          const g = await getGeneration(generation.id);
          return g && (g.status === "SUCCEEDED" || g.status === "FAILED") ? g : null;
        });
        if (mode === "async") {
          expect(final).toMatchObject({ status: "SUCCEEDED", chargedCostMicros: 375_000, incurredCostMicros: 375_000, width: 640, height: 360 });
          expect(await calls("/v2/pixverse-text2video")).toHaveLength(1); // never submitted twice
        } else {
          // The request had been sent when the worker died: Segmind may still have made (and billed) it.
          expect(final).toMatchObject({ status: "FAILED", errorCode: "upstream_interrupted", chargedCostMicros: 0, incurredCostMicros: 0, atRiskCostMicros: 375_000 });
          expect(final.errorMessage).toContain("interrupted");
          expect(final.errorMessage).toMatch(/may still have made/);
        }
      } finally {
        kill(second);
      }
    } finally {
      kill(first);
    }
  }, 90_000);
});
