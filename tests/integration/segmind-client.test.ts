import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { probeVideo } from "@/lib/media/ffmpeg";
import { generateVideo, type UpstreamConfig } from "@/lib/segmind/client";
import { UpstreamError } from "@/lib/segmind/errors";
import type { Fault } from "@/lib/segmind/emulator";
import { injectFaults, rejection, resetEmulator, upstreamRequests } from "./helpers";

const dir = await mkdtemp(path.join(os.tmpdir(), "client-test-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const config = (over: Partial<UpstreamConfig> = {}): UpstreamConfig => ({
  baseUrl: inject("emulatorUrl"),
  apiKey: "integration-test-key",
  timeoutMs: 20_000,
  maxRetries: 3,
  retryBaseMs: 10,
  ...over,
});

const body = {
  prompt: "A glass of water on a wooden table",
  aspect_ratio: "4:3",
  duration: 5,
  quality: "540p",
  motion_mode: "normal",
  negative_prompt: "blur",
  seed: 1234,
};

let n = 0;
const dest = () => path.join(dir, `out-${++n}.mp4`);

beforeEach(resetEmulator);

describe("the upstream client against the emulator, over HTTP", () => {
  it("streams a real MP4 of the requested size to disk and reads the accounting headers", async () => {
    const out = dest();
    const result = await generateVideo(config(), body, out);
    expect(result.attempts).toBe(1);
    expect(result.bytes).toBe((await stat(out)).size);
    expect(await probeVideo(out)).toMatchObject({ width: 720, height: 540, codec: "h264" });
    expect(result.accounting).toMatchObject({ cost: "0.375", seed: 1234 });
    expect(Number(result.accounting.remainingCredits)).toBeGreaterThan(0);
    expect(result.accounting.requestId).toMatch(/[0-9a-f-]{36}/);
    const [sent] = await upstreamRequests();
    expect(sent?.body).toEqual(body);
  });

  it("8 s 1080p is refused by the service with 400 naming the rule, without retrying", async () => {
    const e = await rejection(generateVideo(config(), { ...body, duration: 8, quality: "1080p" }, dest()), UpstreamError);
    expect(e.code).toBe("upstream_invalid_params");
    expect(e.message).toContain("1080p");
    expect(await upstreamRequests()).toHaveLength(1);
  });

  it("a wrong key is an operator problem, not retried", async () => {
    const e = await rejection(generateVideo(config({ apiKey: "wrong" }), body, dest()), UpstreamError);
    expect(e.code).toBe("upstream_misconfigured");
    expect(e.opts.status).toBe(401);
    expect(await upstreamRequests()).toHaveLength(1);
  });

  // One row per fault: what the emulator does, the outcome, and how many requests it took.
  const rows: [name: string, faults: Fault[], outcome: string, attempts: number][] = [
    ["429 with Retry-After, then success", [{ kind: "status", status: 429, headers: { "retry-after": "0" } }], "ok", 2],
    ["429 without a reset header, then success", [{ kind: "status", status: 429 }], "ok", 2],
    ["429 with x-rate-limit-reset-at-utc, then success", [{ kind: "status", status: 429, headers: { "x-rate-limit-reset-at-utc": new Date(Date.now() - 1000).toISOString() } }], "ok", 2],
    ["500 twice, then success", [{ kind: "status", status: 500 }, { kind: "status", status: 500 }], "ok", 3],
    ["502, then success", [{ kind: "status", status: 502 }], "ok", 2],
    ["504, then success", [{ kind: "status", status: 504 }], "ok", 2],
    ["connection dropped before headers, then success", [{ kind: "drop-before-headers" }], "ok", 2],
    ["500 every time", Array(4).fill({ kind: "status", status: 500 }), "upstream_server_error", 4],
    ["400", [{ kind: "status", status: 400, body: '{"error":"prompt is required"}' }], "upstream_invalid_params", 1],
    ["403", [{ kind: "status", status: 403 }], "upstream_misconfigured", 1],
    ["404", [{ kind: "status", status: 404 }], "upstream_misconfigured", 1],
    ["406 out of credits", [{ kind: "status", status: 406, body: '{"error":"Insufficient credits"}' }], "upstream_insufficient_credits", 1],
    ["connection dropped mid-body", [{ kind: "drop-mid-body" }], "upstream_connection", 1],
    ["200 with JSON", [{ kind: "not-video", as: "json" }], "upstream_bad_output", 1],
    ["200 with HTML", [{ kind: "not-video", as: "html" }], "upstream_bad_output", 1],
  ];

  it.each(rows)("%s", async (_name, faults, outcome, attempts) => {
    await injectFaults(...faults);
    const out = dest();
    if (outcome === "ok") {
      const result = await generateVideo(config(), body, out);
      expect(result.attempts).toBe(attempts);
      expect((await probeVideo(out)).height).toBe(540);
    } else {
      const e = await rejection(generateVideo(config(), body, out), UpstreamError);
      expect(e.code).toBe(outcome);
      await expect(stat(out)).rejects.toThrow(); // nothing half-written is left behind
    }
    expect(await upstreamRequests()).toHaveLength(attempts);
  });

  it("gives up after its own timeout, once, with a message that says so", async () => {
    await injectFaults({ kind: "delay", ms: 3_000 });
    const e = await rejection(generateVideo(config({ timeoutMs: 1_000 }), body, dest()), UpstreamError);
    expect(e.code).toBe("upstream_timeout");
    expect(e.message).toContain("1 s");
    expect(await upstreamRequests()).toHaveLength(1);
  });
});
