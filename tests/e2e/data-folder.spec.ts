import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { killGroup, signInAsDemo } from "./support";

// One owner per data folder. The studio playwright.config.ts started owns ./data/e2e; other
// processes on that folder (db:seed, a second `npm start`) must never stop its database.
const DATA_DIR = "./data/e2e";
const PORT = Number(process.env.E2E_PORT ?? 3210);
const SECOND_PORT = 3250;

/**
 * The studio's database server and the process that started it, as Postgres' own lock file and
 * /proc tell (not the studio's owner file, which is what is under test).
 */
function studioProcesses(): { postmaster: number; launcher: number } {
  const postmaster = Number(readFileSync(`${DATA_DIR}/postgres/postmaster.pid`, "utf8").split("\n")[0]);
  const stat = readFileSync(`/proc/${postmaster}/stat`, "utf8");
  const launcher = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]); // field 4, after "(comm) state"
  return { postmaster, launcher };
}

/** Runs `npx tsx <script>` on the studio's data folder; its own process group, killed at `timeoutMs`. */
function run(script: string, env: Record<string, string>, timeoutMs: number) {
  const child = spawn("npx", ["tsx", script], {
    env: { ...process.env, DATA_DIR, DATABASE_URL: "", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  return new Promise<{ code: number | null; timedOut: boolean; output: string }>((resolve) => {
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      resolve({ code: null, timedOut: true, output });
    }, timeoutMs);
    // "close": exited, and its output read to the end.
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut: false, output });
    });
  });
}

async function expectStudioServing(api: APIRequestContext) {
  expect((await api.get("/api/health")).status()).toBe(200);
  expect((await api.get("/api/generations")).status()).toBe(200);
}

test("db:seed on a running studio's data folder uses its database and leaves it running", async ({ request }) => {
  await signInAsDemo(request, "");
  await expectStudioServing(request);
  const before = studioProcesses();

  const seed = await run("scripts/seed.ts", {}, 60_000);
  expect(seed.timedOut, seed.output).toBe(false);
  expect(seed.code, seed.output).toBe(0);
  // The old seed stopped the studio's Postgres on its way in or out: health 503, the API 500.
  await new Promise((r) => setTimeout(r, 2_000));
  await expectStudioServing(request);
  expect(studioProcesses()).toEqual(before); // the same server, never stopped and restarted
  expect(seed.output).toContain(`using the running studio's database (pid ${before.launcher}, port ${PORT}`);
  expect(seed.output).toContain("demo account demo@pixverse.studio / demo-studio-2026: exists");
});

test("a second npm start on the same DATA_DIR refuses, naming the running studio, and leaves it alone", async ({ request }) => {
  await signInAsDemo(request, "");
  await expectStudioServing(request);
  const before = studioProcesses();

  const second = await run("scripts/start.ts", { PORT: String(SECOND_PORT), EMULATOR_PORT: String(SECOND_PORT + 1) }, 60_000);
  expect(second.timedOut, second.output).toBe(false);
  expect(second.code, second.output).not.toBe(0);
  expect(second.output).toContain(`already running (pid ${before.launcher}, port ${PORT}`);
  expect(second.output).not.toContain("Segmind emulator on"); // refused before starting anything
  expect(second.output).not.toContain("building the studio");

  await new Promise((r) => setTimeout(r, 2_000));
  await expectStudioServing(request);
  expect(studioProcesses()).toEqual(before);
});
