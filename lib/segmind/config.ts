import "server-only";
import { env, type Env } from "@/lib/env";
import { SEGMIND_DEFAULT_BASE_URL, type UpstreamConfig } from "./client";

export type ResolvedUpstream = UpstreamConfig & { emulator: boolean; mode: "async" | "sync"; pollMs: number };

/**
 * With SEGMIND_API_KEY: the real service (or SEGMIND_BASE_URL, a gateway).
 * Without: the local emulator that `npm start` runs, announced through SEGMIND_BASE_URL.
 */
export function upstreamConfig(e: Env = env()): ResolvedUpstream {
  const common = {
    timeoutMs: e.SEGMIND_TIMEOUT_MS,
    exchangeTimeoutMs: e.SEGMIND_EXCHANGE_TIMEOUT_MS,
    maxRetries: e.SEGMIND_MAX_RETRIES,
    retryBaseMs: e.SEGMIND_RETRY_BASE_MS,
    mode: e.SEGMIND_MODE,
    pollMs: e.SEGMIND_POLL_MS,
  };
  if (e.SEGMIND_API_KEY) {
    return { ...common, baseUrl: e.SEGMIND_BASE_URL ?? SEGMIND_DEFAULT_BASE_URL, apiKey: e.SEGMIND_API_KEY, emulator: false };
  }
  if (!e.SEGMIND_BASE_URL) {
    throw new Error("Neither SEGMIND_API_KEY nor an emulator is configured. Start the studio with `npm start`, which runs the emulator.");
  }
  return { ...common, baseUrl: e.SEGMIND_BASE_URL, apiKey: e.EMULATOR_API_KEY, emulator: true };
}

/** Whether the studio is talking to the emulator (the UI says so). */
export function usingEmulator(e: Env = env()): boolean {
  return !e.SEGMIND_API_KEY;
}
