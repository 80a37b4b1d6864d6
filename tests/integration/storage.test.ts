import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/postgres/embedded";
import { localStorage } from "@/lib/storage/local";
import { s3Storage } from "@/lib/storage/s3";
import type { Storage } from "@/lib/storage/types";

const dir = await mkdtemp(path.join(os.tmpdir(), "storage-test-"));
let s3: S3rver;
let s3Url: string;

beforeAll(async () => {
  const port = await freePort();
  // A real S3-compatible server (s3rver speaks the S3 REST API over HTTP), not a mock of the SDK.
  s3 = new S3rver({ port, address: "127.0.0.1", silent: true, directory: path.join(dir, "s3"), configureBuckets: [{ name: "studio-test", configs: [] }] });
  await s3.run();
  s3Url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const text = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

const backends: [string, () => Storage][] = [
  ["local folder", () => localStorage(path.join(dir, "local"))],
  [
    "S3-compatible bucket",
    () =>
      s3Storage(
        { bucket: "studio-test", endpoint: s3Url, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true },
        path.join(dir, "scratch"),
      ),
  ],
];

describe.each(backends)("storage: %s", (_name, make) => {
  it("takes a finished file, answers its size, whole and ranged reads, then deletes it", async () => {
    const store = make();
    await store.check();
    const scratch = await store.scratchDir();
    const file = path.join(scratch, "clip.mp4");
    await writeFile(file, "0123456789abcdef");
    await store.putFile("videos/clip.mp4", file);
    // The scratch file is moved or uploaded, never left behind.
    await expect(stat(file)).rejects.toThrow();
    expect(await store.size("videos/clip.mp4")).toBe(16);
    expect(await text(await store.read("videos/clip.mp4"))).toBe("0123456789abcdef");
    expect(await text(await store.read("videos/clip.mp4", { start: 10, end: 15 }))).toBe("abcdef");
    await store.delete("videos/clip.mp4");
    expect(await store.size("videos/clip.mp4")).toBeNull();
  });

  it("answers null for a key that never held anything, and deleting it is harmless", async () => {
    const store = make();
    expect(await store.size("videos/never.mp4")).toBeNull();
    await expect(store.delete("videos/never.mp4")).resolves.toBeUndefined();
  });

  it("keeps keys apart", async () => {
    const store = make();
    const scratch = await store.scratchDir();
    for (const [key, body] of [["videos/a.mp4", "A"], ["posters/a.jpg", "poster"]] as const) {
      await writeFile(path.join(scratch, "x"), body);
      await store.putFile(key, path.join(scratch, "x"));
    }
    expect(await text(await store.read("videos/a.mp4"))).toBe("A");
    expect(await text(await store.read("posters/a.jpg"))).toBe("poster");
  });
});

it("a bucket that does not exist fails the health check with a reason", async () => {
  const store = s3Storage(
    { bucket: "no-such-bucket", endpoint: s3Url, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true },
    path.join(dir, "scratch"),
  );
  await expect(store.check()).rejects.toThrow();
});
