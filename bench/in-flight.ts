import path from "node:path";
import { rm } from "node:fs/promises";
import { BENCH_ENV, DEMO, serverMetrics, settled, signIn, startStudio, submit, type ServerMetrics } from "./lib";

/**
 * `n` generations submitted at once with the emulator taking `upstreamMs` each (Segmind takes
 * about 44 s): do all complete, and what does the server process's memory and event loop do
 * meanwhile? Each generation is watched the way its page does (lib/generation/status.ts pollDelayMs).
 */
export async function benchInFlight(port: number, n = 200, upstreamMs = 44_000) {
  const root = path.resolve("data/bench-in-flight");
  await rm(root, { recursive: true, force: true });
  const studio = await startStudio(
    { ...BENCH_ENV, DATA_DIR: root, EMULATOR_DELAY_MS: String(upstreamMs), WORKER_CONCURRENCY: String(n + 50), SEGMIND_MODE: "async" },
    port,
  );
  try {
    const cookie = await signIn(studio.url, DEMO.email, DEMO.password);
    const before = await serverMetrics(studio.url, cookie, true);
    let peakInHand = 0;
    const sampler = setInterval(() => {
      serverMetrics(studio.url, cookie)
        .then((m) => (peakInHand = Math.max(peakInHand, m.generationsRunningHere)))
        .catch(() => {});
    }, 1000);
    const t0 = performance.now();
    // Same prompt and seed: the emulator renders the clip once, so its ffmpeg does not compete
    // with the studio for the CPU while we measure the studio.
    const submitted = await Promise.all(Array.from({ length: n }, () => submit(studio.url, cookie, { prompt: "in-flight benchmark", seed: 4242 })));
    const submitMs = performance.now() - t0;
    // The burst of 200 requests in the same instant is its own, worst case; the event loop is
    // measured apart from it, over the 44 s hold and the finishing after.
    const burst = await serverMetrics(studio.url, cookie, false);
    await serverMetrics(studio.url, cookie, true);
    const done = await Promise.all(submitted.map((g) => settled(studio.url, cookie, g.id, "as-the-page")));
    const wallMs = performance.now() - t0;
    clearInterval(sampler);
    const after: ServerMetrics = await serverMetrics(studio.url, cookie);
    return {
      n,
      upstreamMs,
      succeeded: done.filter((g) => g.status === "SUCCEEDED").length,
      failures: [...new Set(done.flatMap((g) => (g.error ? [`${g.error.code}: ${g.error.message}`] : [])))],
      submitMs,
      wallMs,
      peakInHand,
      rssBeforeMb: before.rssBytes / 2 ** 20,
      peakRssMb: after.peakRssBytes / 2 ** 20,
      burstLoop: burst.eventLoopDelayMs,
      loop: after.eventLoopDelayMs,
      gc: after.gcPauses,
    };
  } finally {
    await studio.stop();
  }
}
