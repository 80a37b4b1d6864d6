import { appendFile, copyFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cutPoster, inspectMp4, probeVideo, renderPlaceholderClip } from "@/lib/media/ffmpeg";

const dir = await mkdtemp(path.join(os.tmpdir(), "media-test-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const clip = path.join(dir, "clip.mp4");
const variant = async (name: string, change: (file: string) => Promise<void>) => {
  const file = path.join(dir, name);
  await copyFile(clip, file);
  await change(file);
  return file;
};

beforeAll(() => renderPlaceholderClip({ out: clip, width: 640, height: 360, seconds: 5, title: "a fox", caption: "test", hue: 30 }));

describe("reading a finished clip without decoding it", () => {
  it("reads the same size, length and codec as ffprobe", async () => {
    const [ours, probed] = await Promise.all([inspectMp4(clip), probeVideo(clip)]);
    expect(ours).toMatchObject({ width: probed.width, height: probed.height, codec: expect.stringMatching(/^avc1\./) });
    expect(Math.abs(ours.durationMs - probed.durationMs)).toBeLessThanOrEqual(50);
  });

  it("refuses a download cut short, even by one byte", async () => {
    const size = (await stat(clip)).size;
    for (const keep of [size - 1, Math.floor(size / 2), 12]) {
      const file = await variant(`cut-${keep}.mp4`, (f) => truncate(f, keep));
      await expect(inspectMp4(file)).rejects.toThrow(/not a playable video: cut short/);
    }
  });

  it("refuses bytes after the last box, and files that are not MP4 at all", async () => {
    await expect(inspectMp4(await variant("junk.mp4", (f) => appendFile(f, "abc")))).rejects.toThrow(/not a playable video/);
    const html = path.join(dir, "page.mp4");
    await writeFile(html, "<!doctype html><html><body>Gateway page</body></html>");
    await expect(inspectMp4(html)).rejects.toThrow(/not a playable video/);
  });

  it("cuts a JPEG poster with one seek", async () => {
    const poster = path.join(dir, "poster.jpg");
    await cutPoster(clip, poster, 5000);
    expect([...(await readFile(poster)).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });
});
