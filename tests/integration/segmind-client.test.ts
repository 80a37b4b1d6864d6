import { mkdtemp, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { probeVideo } from "@/lib/media/ffmpeg";
import { generateVideo } from "@/lib/segmind/client";
import { UpstreamError } from "@/lib/segmind/errors";
import type { Fault } from "@/lib/segmind/emulator";
import { injectFaults, rejection, resetEmulator, testUpstreamConfig, upstreamRequests } from "./helpers";

const dir = await mkdtemp(path.join(os.tmpdir(), "client-test-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const config = testUpstreamConfig;

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
    const result = await generateVideo(config(), body, out, { deadline: Date.now() + 20_000 });
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
    const e = await rejection(generateVideo(config(), { ...body, duration: 8, quality: "1080p" }, dest(), { deadline: Date.now() + 20_000 }), UpstreamError);
    expect(e.code).toBe("upstream_invalid_params");
    expect(e.message).toContain("1080p");
    expect(await upstreamRequests()).toHaveLength(1);
  });

  it("a wrong key is an operator problem, not retried", async () => {
    const e = await rejection(generateVideo(config({ apiKey: "wrong" }), body, dest(), { deadline: Date.now() + 20_000 }), UpstreamError);
    expect(e.code).toBe("upstream_misconfigured");
    expect(e.opts.status).toBe(401);
    expect(await upstreamRequests()).toHaveLength(1);
  });

  // One row per fault: what the emulator does, the outcome, how many requests it took, and whether
  // Segmind may have billed the failure (UPSTREAM.md, "When is a failure billed?"). A submission
  // is sent again only when it provably made no job: a 429, or a request that never reached it.
  const rows: [name: string, faults: Fault[], outcome: string, attempts: number, billing: "none" | "maybe" | null][] = [
    ["429 with Retry-After, then success", [{ kind: "status", status: 429, headers: { "retry-after": "0" } }], "ok", 2, null],
    ["429 without a reset header, then success", [{ kind: "status", status: 429 }], "ok", 2, null],
    ["429 with x-rate-limit-reset-at-utc, then success", [{ kind: "status", status: 429, headers: { "x-rate-limit-reset-at-utc": new Date(Date.now() - 1000).toISOString() } }], "ok", 2, null],
    ["429 every time", Array(4).fill({ kind: "status", status: 429 }), "upstream_rate_limited", 4, "none"],
    ["500: not resubmitted (the job may exist)", [{ kind: "status", status: 500 }], "upstream_server_error", 1, "maybe"],
    ["502: not resubmitted", [{ kind: "status", status: 502 }], "upstream_unavailable", 1, "maybe"],
    ["504: not resubmitted", [{ kind: "status", status: 504 }], "upstream_timeout", 1, "maybe"],
    ["connection dropped after sending, before headers: not resubmitted", [{ kind: "drop-before-headers" }], "upstream_connection", 1, "maybe"],
    ["400", [{ kind: "status", status: 400, body: '{"error":"prompt is required"}' }], "upstream_invalid_params", 1, "none"],
    ["403", [{ kind: "status", status: 403 }], "upstream_misconfigured", 1, "none"],
    ["404", [{ kind: "status", status: 404 }], "upstream_misconfigured", 1, "none"],
    ["406 out of credits", [{ kind: "status", status: 406, body: '{"error":"Insufficient credits"}' }], "upstream_insufficient_credits", 1, "none"],
    ["connection dropped mid-body", [{ kind: "drop-mid-body" }], "upstream_connection", 1, "maybe"],
    ["200 with JSON", [{ kind: "not-video", as: "json" }], "upstream_bad_output", 1, "maybe"],
    ["200 with HTML", [{ kind: "not-video", as: "html" }], "upstream_bad_output", 1, "maybe"],
  ];

  it.each(rows)("%s", async (_name, faults, outcome, attempts, billing) => {
    await injectFaults(...faults);
    const out = dest();
    if (outcome === "ok") {
      const result = await generateVideo(config(), body, out, { deadline: Date.now() + 20_000 });
      expect(result.attempts).toBe(attempts);
      expect((await probeVideo(out)).height).toBe(540);
    } else {
      const e = await rejection(generateVideo(config(), body, out, { deadline: Date.now() + 20_000 }), UpstreamError);
      expect(e.code).toBe(outcome);
      expect(e.billing).toBe(billing);
      await expect(stat(out)).rejects.toThrow(); // nothing half-written is left behind
    }
    expect(await upstreamRequests()).toHaveLength(attempts);
  });

  it("a connection Segmind never took (nothing listening) is retried, and says it was not billed", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    let tries = 0;
    const e = await rejection(
      generateVideo(config({ baseUrl: `http://127.0.0.1:${closed}` }), body, dest(), { deadline: Date.now() + 20_000, onAttempt: () => void tries++ }),
      UpstreamError,
    );
    expect(e).toMatchObject({ code: "upstream_connection", billing: "none" });
    expect(tries).toBe(4); // the first try and SEGMIND_MAX_RETRIES (3) more
  });

  it("gives up at the generation's deadline, once, with a message that says so", async () => {
    await injectFaults({ kind: "delay", ms: 3_000 });
    const e = await rejection(generateVideo(config(), body, dest(), { deadline: Date.now() + 1_000 }), UpstreamError);
    expect(e.code).toBe("upstream_timeout");
    expect(e.message).toContain("1 s");
    expect(e.billing).toBe("maybe");
    expect(await upstreamRequests()).toHaveLength(1);
  });

  it("a body that stalls after its headers ends at the deadline, not never", async () => {
    await injectFaults({ kind: "stall" });
    const started = Date.now();
    const e = await rejection(generateVideo(config(), body, dest(), { deadline: Date.now() + 1_500 }), UpstreamError);
    expect(e.code).toBe("upstream_timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
