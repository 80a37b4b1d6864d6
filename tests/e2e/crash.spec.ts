import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { killGroup, signInAsDemo, whenHealthy } from "./support";

// The studio itself (launcher, Next.js server with its in-process worker, embedded Postgres) is
// killed with SIGKILL mid-generation and started again on the same data. The emulator runs on
// its own, as Segmind would: it keeps the job while the studio is down.
const PORT = 3230;
const EMULATOR_PORT = 3231;
const base = `http://127.0.0.1:${PORT}`;

function startEmulator(): ChildProcess {
  return spawn("npx", ["tsx", "scripts/emulator.ts"], {
    env: { ...process.env, EMULATOR_PORT: String(EMULATOR_PORT), EMULATOR_DELAY_MS: "8000", EMULATOR_CONTROL: "true" },
    stdio: "ignore",
    detached: true,
  });
}

function startStudio(dataDir: string, mode: "async" | "sync"): ChildProcess {
  return spawn("npx", ["tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      SEGMIND_BASE_URL: `http://127.0.0.1:${EMULATOR_PORT}`,
      SEGMIND_MODE: mode,
      SEGMIND_POLL_MS: "200",
      WORKER_ABANDONED_AFTER_MS: "2000",
      ADMIN_EMAILS: "demo@pixverse.studio", // an operator sees the Segmind request id
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
    detached: true, // its own process group, so one kill takes every process of the studio
  });
}

type Dto = { status: string; error: { code: string; message: string } | null; chargedCostMicros: number | null; upstream: { account: { requestId: string | null; incurredCostMicros: number | null; atRiskCostMicros: number | null } | null }; video: { url: string; width: number; height: number } | null };

for (const mode of ["async", "sync"] as const) {
  test(`SIGKILL of the whole studio mid-generation, ${mode} mode`, async () => {
    test.setTimeout(300_000);
    const dataDir = `./data/e2e-crash-${mode}`;
    rmSync(dataDir, { recursive: true, force: true });
    const emulator = startEmulator();
    let studio = startStudio(dataDir, mode);
    const api = await playwrightRequest.newContext();
    try {
      await whenHealthy(api, base, 120_000);
      await signInAsDemo(api, base);
      const created = await api.post(`${base}/api/generations`, {
        data: { prompt: "A candle flickering in the dark", aspectRatio: "1:1", duration: 5, quality: "360p", motionMode: "normal" },
      });
      expect(created.status()).toBe(202);
      const { generation } = (await created.json()) as { generation: { id: string } };
      const get = async () => ((await (await api.get(`${base}/api/generations/${generation.id}`)).json()) as { generation: Dto }).generation;

      // Running upstream (in async mode: its request id stored), then the kill.
      await expect.poll(async () => {
        const g = await get();
        return g.status === "RUNNING" && (mode === "sync" || Boolean(g.upstream.account?.requestId));
      }, { timeout: 30_000 }).toBe(true);
      killGroup(studio, "SIGKILL");
      await expect.poll(async () => (await api.get(`${base}/api/health`).catch(() => null)) === null, { timeout: 10_000 }).toBe(true);

      studio = startStudio(dataDir, mode);
      await whenHealthy(api, base, 120_000);
      await signInAsDemo(api, base); // same data folder, so the same secret and account
      await expect.poll(async () => (await get()).status, { timeout: 60_000 }).toMatch(/SUCCEEDED|FAILED/);
      const final = await get();
      if (mode === "async") {
        expect(final).toMatchObject({ status: "SUCCEEDED", chargedCostMicros: 375_000, upstream: { account: { incurredCostMicros: 375_000 } }, video: { width: 360, height: 360 } });
        const video = await api.get(`${base}${final.video!.url}`);
        expect(video.status()).toBe(200);
        expect(video.headers()["content-type"]).toBe("video/mp4");
      } else {
        // The request had been sent: Segmind may have made (and billed) it, so its price is at risk.
        expect(final).toMatchObject({ status: "FAILED", chargedCostMicros: 0, error: { code: "upstream_interrupted" }, upstream: { account: { atRiskCostMicros: 375_000 } } });
        expect(final.error!.message).toContain("interrupted");
      }
    } finally {
      await api.dispose();
      killGroup(studio, "SIGTERM");
      killGroup(emulator, "SIGKILL");
      await new Promise((r) => setTimeout(r, 2_000));
      killGroup(studio, "SIGKILL");
    }
  });
}
