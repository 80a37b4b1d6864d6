import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { killGroup, signInAsDemo, whenHealthy } from "./support";

// The scaled-out deployment on one machine: two web servers and two standalone workers, sharing
// one Postgres, one S3-compatible bucket and the upstream (scripts/shared-services.ts). 50
// generations go in through both servers; each must be made upstream exactly once, and every
// video must play from either server.
const APPS = [3240, 3241];
const DATA = "./data/e2e-scale";
const N = 50;

const children: ChildProcess[] = [];
function start(args: string[], env: Record<string, string>, stdout: "pipe" | "inherit" = "inherit"): ChildProcess {
  const child = spawn("npx", ["tsx", ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", stdout, "inherit"], detached: true });
  children.push(child);
  return child;
}

test.afterAll(async () => {
  for (const child of children.reverse()) {
    killGroup(child, "SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
});

async function signedIn(base: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: base });
  await whenHealthy(api, base, 180_000);
  await signInAsDemo(api, base);
  return api;
}

type Dto = { id: string; prompt: string; status: string; attempts: number; error: { code: string; message: string } | null; video: { url: string; byteSize: number } | null };

test("two servers and two workers on one Postgres and one bucket run each of 50 generations exactly once", async () => {
  test.setTimeout(400_000);
  rmSync(DATA, { recursive: true, force: true });
  const services = start(["scripts/shared-services.ts"], { DATA_DIR: `${DATA}/services`, EMULATOR_DELAY_MS: "1500", EMULATOR_CONTROL: "true" }, "pipe");
  const shared = await new Promise<Record<string, string>>((resolve, reject) => {
    let out = "";
    services.stdout!.on("data", (d: Buffer) => {
      out += d;
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as Record<string, string>);
    });
    services.once("exit", (code) => reject(new Error(`shared services exited with ${code}`)));
  });
  const common = {
    ...shared,
    AUTH_SECRET: randomBytes(32).toString("base64url"), // one secret: sessions and media links work on every server
    SEGMIND_MODE: "async",
    SEGMIND_POLL_MS: "200",
    LIMIT_JOBS_IN_FLIGHT: String(N),
    LIMIT_SUBMISSIONS_PER_MINUTE: String(N),
  };
  // Servers one after the other: the first builds when the sources are newer than the build.
  const apis: APIRequestContext[] = [];
  for (const [i, port] of APPS.entries()) {
    start(["scripts/start.ts"], { ...common, PORT: String(port), DATA_DIR: `${DATA}/app${i}`, WORKER_IN_PROCESS: "false" });
    apis.push(await signedIn(`http://127.0.0.1:${port}`));
  }
  for (const i of [0, 1]) start(["--conditions=react-server", "scripts/worker.ts"], { ...common, DATA_DIR: `${DATA}/worker${i}`, WORKER_CONCURRENCY: "10" });

  const prompts = Array.from({ length: N }, (_, i) => `Scale-out clip number ${i}: a lighthouse at dusk`);
  const created = await Promise.all(
    prompts.map(async (prompt, i) => {
      const res = await apis[i % 2]!.post("/api/generations", { data: { prompt, aspectRatio: "16:9", duration: 5, quality: "360p", motionMode: "normal" } });
      expect(res.status(), await res.text()).toBe(202);
      return ((await res.json()) as { generation: Dto }).generation;
    }),
  );
  expect(new Set(created.map((g) => g.id)).size).toBe(N);

  // Each is read back through the other server.
  const final = async (g: Dto, i: number) => ((await (await apis[(i + 1) % 2]!.get(`/api/generations/${g.id}`)).json()) as { generation: Dto }).generation;
  await expect
    .poll(async () => (await Promise.all(created.map(final))).filter((g) => g.status !== "QUEUED" && g.status !== "RUNNING").length, {
      timeout: 240_000,
      intervals: [1000],
    })
    .toBe(N);
  const done = await Promise.all(created.map(final));
  expect(done.filter((g) => g.status !== "SUCCEEDED").map((g) => `${g.prompt}: ${g.status} ${g.error?.code}: ${g.error?.message}`)).toEqual([]);
  expect(done.every((g) => g.attempts === 1)).toBe(true);

  // Upstream, each prompt was submitted exactly once.
  const log = (await (await fetch(`${shared.SEGMIND_BASE_URL}/__emulator/requests`)).json()) as { path: string; body?: { prompt?: string } }[];
  const submits = log.filter((r) => r.path === "/v2/pixverse-text2video").map((r) => r.body?.prompt);
  expect(submits.length).toBe(N);
  expect([...submits].sort()).toEqual([...prompts].sort());

  // The bytes live in the shared bucket: every video plays from both servers, in full.
  for (const g of done.slice(0, 6)) {
    for (const api of apis) {
      const res = await api.get(g.video!.url, { headers: { range: "bytes=0-" } });
      expect(res.status()).toBe(206);
      expect((await res.body()).length).toBe(g.video!.byteSize);
    }
  }
});
