import { spawn, type ChildProcess } from "node:child_process";
import { isFinal, pollDelayMs, TYPICAL_UPSTREAM_SECONDS, type GenerationStatusName } from "@/lib/generation/status";

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function timeIt(n: number, fn: () => Promise<void>): Promise<{ p50: number; p95: number; mean: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

/** Starts the studio (production build) through the launcher and waits until it is healthy. */
export async function startStudio(env: Record<string, string>, port: number): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`studio exited:\n${output.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    child,
    stop: async () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => child.once("exit", r).once("error", r));
    },
  };
}

/** Signs in through Auth.js's credentials endpoint and answers the cookie header to send. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair!.split("=");
      jar.set(k!.trim(), v.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error("sign-in failed: no session cookie");
  return cookie();
}

export type BenchGeneration = {
  id: string;
  status: GenerationStatusName;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  video: { url: string; byteSize: number } | null;
  upstream: { ms: number | null };
};

/** Submits a generation (202 expected) and answers it. */
export async function submit(base: string, cookie: string, body: Record<string, unknown>): Promise<BenchGeneration> {
  const res = await fetch(`${base}/api/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ aspectRatio: "16:9", duration: 5, quality: "360p", motionMode: "normal", ...body }),
  });
  if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { generation: BenchGeneration }).generation;
}

/** Polls a generation until it is final: every `pollMs`, or as the studio's own page does. */
export async function settled(base: string, cookie: string, id: string, pollMs: number | "as-the-page" = 1000): Promise<BenchGeneration> {
  for (;;) {
    const g = ((await (await fetch(`${base}/api/generations/${id}`, { headers: { cookie } })).json()) as { generation: BenchGeneration }).generation;
    const wait = pollMs === "as-the-page" ? pollDelayMs(g, TYPICAL_UPSTREAM_SECONDS) : isFinal(g.status) ? false : pollMs;
    if (wait === false) return g;
    await new Promise((r) => setTimeout(r, wait));
  }
}

export type ServerMetrics = {
  pid: number;
  rssBytes: number;
  peakRssBytes: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number; samples: number } | null;
  gcPauses: { count: number; totalMs: number; maxMs: number } | null;
  generationsRunningHere: number;
};

/** The server process's own figures (GET /api/metrics, operators only); `reset` starts a new delay window. */
export async function serverMetrics(base: string, cookie: string, reset = false): Promise<ServerMetrics> {
  if (reset) await fetch(`${base}/api/metrics`, { method: "DELETE", headers: { cookie } });
  const res = await fetch(`${base}/api/metrics`, { headers: { cookie } });
  if (!res.ok) throw new Error(`metrics: ${res.status}`);
  return (await res.json()) as ServerMetrics;
}

export const DEMO = { email: "demo@pixverse.studio", password: "demo-studio-2026" };

/** Limits out of the way, and the demo account an operator (for /api/metrics). */
export const BENCH_ENV = {
  LIMIT_JOBS_IN_FLIGHT: "1000",
  LIMIT_SUBMISSIONS_PER_MINUTE: "10000",
  LIMIT_MONTHLY_SPEND_USD: "1000000",
  ADMIN_EMAILS: DEMO.email,
};
