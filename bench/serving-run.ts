import path from "node:path";
import { rm, stat } from "node:fs/promises";
import { signIn, startStudio } from "./lib";
import { benchServing } from "./serving";

/** Makes one 1080p clip in a fresh studio, then measures serving it. */
export async function benchServingRun(port: number) {
  const root = path.resolve("data/bench-serving");
  await rm(root, { recursive: true, force: true });
  const studio = await startStudio({ DATA_DIR: root, EMULATOR_DELAY_MS: "0" }, port);
  try {
    const cookie = await signIn(studio.url, "demo@pixverse.studio", "demo-studio-2026");
    const res = await fetch(`${studio.url}/api/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ prompt: "serving benchmark", aspectRatio: "16:9", duration: 5, quality: "1080p", motionMode: "normal" }),
    });
    const { generation } = (await res.json()) as { generation: { id: string } };
    let g: { status: string; video: { url: string } | null };
    do {
      await new Promise((r) => setTimeout(r, 100));
      g = ((await (await fetch(`${studio.url}/api/generations/${generation.id}`, { headers: { cookie } })).json()) as { generation: typeof g }).generation;
    } while (g.status !== "SUCCEEDED" && g.status !== "FAILED");
    if (!g.video) throw new Error(`generation ${g.status}`);
    const file = path.join(root, "storage", "videos", `${generation.id}.mp4`);
    const size = (await stat(file)).size;
    return { size, ...(await benchServing(studio.url, cookie, g.video.url, file, size)) };
  } finally {
    await studio.stop();
  }
}
