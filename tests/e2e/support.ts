import type { ChildProcess } from "node:child_process";
import { expect, type APIRequestContext } from "@playwright/test";

// For specs that start studio processes of their own (crash, scale-out) and talk to them over HTTP.

/** Signals a process started with `detached: true` and everything it started. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Waits until the studio at `base` answers its health check with 200. */
export async function whenHealthy(api: APIRequestContext, base: string, timeoutMs: number) {
  await expect.poll(async () => (await api.get(`${base}/api/health`).catch(() => null))?.status() ?? 0, { timeout: timeoutMs, intervals: [500] }).toBe(200);
}

/** Signs `api` in as the demo account, through Auth.js's credentials endpoint. */
export async function signInAsDemo(api: APIRequestContext, base: string) {
  const csrf = (await (await api.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  await api.post(`${base}/api/auth/callback/credentials`, {
    form: { csrfToken: csrf.csrfToken, email: "demo@pixverse.studio", password: "demo-studio-2026", callbackUrl: "/" },
    maxRedirects: 0,
  });
}
