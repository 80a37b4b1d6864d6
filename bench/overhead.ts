import path from "node:path";
import { rm } from "node:fs/promises";
import { readdir } from "node:fs/promises";
import os from "node:os";
import { cutPoster } from "@/lib/media/ffmpeg";
import { BENCH_ENV, DEMO, percentile, settled, signIn, startStudio, submit, timeIt } from "./lib";

/**
 * What the studio adds to the upstream's own time: with the emulator answering at once, the time
 * from submit to a playable video (SUCCEEDED, poster cut, video servable) minus the upstream
 * request's own duration, over `n` generations one after another.
 */
export async function benchOverhead(port: number, n = 200, mode: "sync" | "async" = "sync") {
  const root = path.resolve(`data/bench-overhead-${mode}`);
  await rm(root, { recursive: true, force: true });
  const studio = await startStudio(
    { ...BENCH_ENV, DATA_DIR: root, EMULATOR_DELAY_MS: "0", SEGMIND_MODE: mode, SEGMIND_POLL_MS: "50" },
    port,
  );
  try {
    const cookie = await signIn(studio.url, DEMO.email, DEMO.password);
    const overheads: number[] = [];
    const totals: number[] = [];
    const queueWaits: number[] = [];
    const finishing: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const { id } = await submit(studio.url, cookie, { prompt: `overhead ${i}` });
      const g = await settled(studio.url, cookie, id, 2);
      if (g.status !== "SUCCEEDED" || !g.video) throw new Error(`generation ${id} ${g.status}`);
      const head = await fetch(`${studio.url}${g.video.url}`, { headers: { cookie, range: "bytes=0-1" } });
      if (head.status !== 206) throw new Error(`video not servable: ${head.status}`);
      await head.arrayBuffer();
      const total = performance.now() - t0;
      totals.push(total);
      overheads.push(total - (g.upstream.ms ?? 0));
      const at = (iso: string | null) => (iso ? Date.parse(iso) : NaN);
      queueWaits.push(at(g.startedAt) - at(g.createdAt));
      finishing.push(at(g.finishedAt) - at(g.startedAt) - (g.upstream.ms ?? 0));
    }
    // The yardstick the target allows on top of 50 ms: cutting a poster from these same clips.
    const videos = path.join(root, "storage", "videos");
    const clips = (await readdir(videos)).slice(0, 20);
    let k = 0;
    const poster = await timeIt(clips.length, () => cutPoster(path.join(videos, clips[k++]!), path.join(os.tmpdir(), "bench-poster.jpg"), 5000));
    overheads.sort((a, b) => a - b);
    totals.sort((a, b) => a - b);
    queueWaits.sort((a, b) => a - b);
    finishing.sort((a, b) => a - b);
    return {
      n,
      mode,
      overheadP50: percentile(overheads, 50),
      overheadP95: percentile(overheads, 95),
      totalP50: percentile(totals, 50),
      queueWaitP50: percentile(queueWaits, 50),
      finishingP50: percentile(finishing, 50),
      posterCutP50: poster.p50,
    };
  } finally {
    await studio.stop();
  }
}
