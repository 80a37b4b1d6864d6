import path from "node:path";
import { rm } from "node:fs/promises";
import { BENCH_ENV, DEMO, serverMetrics, settled, signIn, startStudio, submit } from "./lib";

const MB = 2 ** 20;

/**
 * Does the server's memory grow with the clip? Clips padded to a real bitrate pass through the
 * server twice each: downloaded from the upstream into storage, then played back (whole, three
 * viewers at once, through the signed fast path and through the session-checked route). The
 * server's peak RSS is read after a warm-up and after each clip.
 */
export async function benchStreaming(port: number, bitrateKbps = 32_000) {
  const root = path.resolve("data/bench-streaming");
  await rm(root, { recursive: true, force: true });
  const studio = await startStudio({ ...BENCH_ENV, DATA_DIR: root, EMULATOR_DELAY_MS: "0", EMULATOR_BITRATE_KBPS: String(bitrateKbps) }, port);
  try {
    const cookie = await signIn(studio.url, DEMO.email, DEMO.password);
    const passThrough = async (params: Record<string, unknown>) => {
      const g = await settled(studio.url, cookie, (await submit(studio.url, cookie, { prompt: "streaming benchmark", ...params })).id, 200);
      if (!g.video) throw new Error(`generation ${g.status}`);
      const unsigned = g.video.url.split("?")[0]!;
      await Promise.all(
        [g.video.url, g.video.url, unsigned].map(async (url) => {
          const res = await fetch(`${studio.url}${url}`, { headers: { cookie } });
          if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
          let bytes = 0;
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
          if (bytes !== g.video!.byteSize) throw new Error(`${url}: ${bytes} of ${g.video!.byteSize} bytes`);
        }),
      );
      return { clipMb: g.video.byteSize / MB, peakRssMb: (await serverMetrics(studio.url, cookie)).peakRssBytes / MB };
    };
    // Two small clips first, so every code path is loaded and the heap has settled.
    await passThrough({ quality: "360p" });
    const warm = await passThrough({ quality: "360p", duration: 8 });
    const clips = [];
    for (const [label, params] of [
      ["1080p 5 s", { quality: "1080p", duration: 5 }],
      ["720p 8 s", { quality: "720p", duration: 8 }],
      ["1080p 5 s, again", { quality: "1080p", duration: 5 }],
    ] as const) {
      clips.push({ label, ...(await passThrough(params)) });
    }
    return { warm, clips };
  } finally {
    await studio.stop();
  }
}
