import path from "node:path";
import { rm, stat } from "node:fs/promises";
import { BENCH_ENV, DEMO, settled, signIn, startStudio, submit } from "./lib";
import { benchServing } from "./serving";

/** Makes one 1080p clip as large as a real one in a fresh studio, then measures serving it. */
export async function benchServingRun(port: number) {
  const root = path.resolve("data/bench-serving");
  await rm(root, { recursive: true, force: true });
  const studio = await startStudio({ ...BENCH_ENV, DATA_DIR: root, EMULATOR_DELAY_MS: "0", EMULATOR_BITRATE_KBPS: "8000" }, port);
  try {
    const cookie = await signIn(studio.url, DEMO.email, DEMO.password);
    const g = await settled(studio.url, cookie, (await submit(studio.url, cookie, { prompt: "serving benchmark", quality: "1080p" })).id, 100);
    if (!g.video) throw new Error(`generation ${g.status}`);
    const file = path.join(root, "storage", "videos", `${g.id}.mp4`);
    const size = (await stat(file)).size;
    return { size, ...(await benchServing(studio.url, cookie, g.video.url, file, size)) };
  } finally {
    await studio.stop();
  }
}
