import { describe, expect, it } from "vitest";

process.env.AUTH_SECRET = "unit-test-secret-unit-test-secret-0123";
const { mediaUrl, verifyMediaUrl } = await import("@/lib/media/signed-url");
const { planStoredResponse } = await import("@/lib/media/stored-response");
const { pollDelayMs } = await import("@/lib/generation/status");

const params = (url: string) => new URL(url, "http://studio.test").searchParams;
const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("signed media URLs", () => {
  it("verify for the same kind and id until they expire, as the scope they were made for", () => {
    const owner = mediaUrl("videos", "abc123", { now: NOW });
    expect(owner).toMatch(/^\/api\/videos\/abc123\?e=\d+&t=[\w-]+$/);
    expect(verifyMediaUrl("videos", "abc123", params(owner), NOW)).toEqual({ scope: "private" });
    const shared = mediaUrl("posters", "abc123", { shareSlug: "slug", now: NOW });
    expect(verifyMediaUrl("posters", "abc123", params(shared), NOW)).toEqual({ scope: "public", slug: "slug" });
    // Valid for at least one 12-hour window, at most two.
    expect(verifyMediaUrl("videos", "abc123", params(owner), NOW + 12 * 3600_000)).toEqual({ scope: "private" });
    expect(verifyMediaUrl("videos", "abc123", params(owner), NOW + 24 * 3600_000 + 1)).toBeNull();
    // A shared link's window is half an hour.
    expect(verifyMediaUrl("posters", "abc123", params(shared), NOW + 3600_000 + 1)).toBeNull();
  });

  it("stay the same within a window, so the browser cache keeps working", () => {
    expect(mediaUrl("videos", "abc123", { now: NOW })).toBe(mediaUrl("videos", "abc123", { now: NOW + 3600_000 }));
  });

  it("refuse another id, another kind, a changed expiry, a flipped scope or a forged token", () => {
    const p = params(mediaUrl("videos", "abc123", { now: NOW }));
    expect(verifyMediaUrl("videos", "abc124", p, NOW)).toBeNull();
    expect(verifyMediaUrl("posters", "abc123", p, NOW)).toBeNull();
    const later = new URLSearchParams(p);
    later.set("e", String(Number(p.get("e")) + 3600));
    expect(verifyMediaUrl("videos", "abc123", later, NOW)).toBeNull();
    const flipped = new URLSearchParams(p);
    flipped.set("s", "someone-elses-slug");
    expect(verifyMediaUrl("videos", "abc123", flipped, NOW)).toBeNull();
    const forged = new URLSearchParams(p);
    forged.set("t", "A".repeat(24));
    expect(verifyMediaUrl("videos", "abc123", forged, NOW)).toBeNull();
    expect(verifyMediaUrl("videos", "abc123", new URLSearchParams(), NOW)).toBeNull();
  });

  it("bind a shared link to its share's slug: another slug, or none, does not verify", () => {
    const shared = params(mediaUrl("videos", "abc123", { shareSlug: "first-share-slug", now: NOW }));
    const other = new URLSearchParams(shared);
    other.set("s", "second-share-slug");
    expect(verifyMediaUrl("videos", "abc123", other, NOW)).toBeNull();
    const dropped = new URLSearchParams(shared);
    dropped.delete("s"); // a share's signature is no owner's signature
    expect(verifyMediaUrl("videos", "abc123", dropped, NOW)).toBeNull();
  });

  it("decode strictly: junk around a valid token or expiry is refused, not skipped", () => {
    const p = params(mediaUrl("videos", "abc123", { now: NOW }));
    const t = p.get("t")!;
    const e = p.get("e")!;
    for (const [key, value] of [["t", `${t}!`], ["t", `${t.slice(0, 12)}.${t.slice(12)}`], ["t", ` ${t}`], ["t", `${t}=`], ["e", `${e}.0`], ["e", ` ${e}`], ["e", `0x${Number(e).toString(16)}`], ["e", `${e}e0`]] as const) {
      const tampered = new URLSearchParams(p);
      tampered.set(key, value);
      expect(verifyMediaUrl("videos", "abc123", tampered, NOW), `${key}=${value}`).toBeNull();
    }
  });
});

describe("answering a request for stored bytes", () => {
  const plan = (range: string | null, method = "GET", ifNoneMatch: string | null = null) =>
    planStoredResponse({ method, range, ifNoneMatch }, "videos/x.mp4", 1000, "video/mp4", { scope: "private" });

  it("answers ranges, whole files, HEAD, 304 and 416", () => {
    expect(plan("bytes=0-99")).toMatchObject({ status: 206, range: { start: 0, end: 99 }, body: true, headers: { "content-range": "bytes 0-99/1000", "content-length": "100" } });
    expect(plan(null)).toMatchObject({ status: 200, body: true, headers: { "content-length": "1000" } });
    expect(plan(null, "HEAD")).toMatchObject({ status: 200, body: false });
    expect(plan("bytes=2000-")).toMatchObject({ status: 416, body: false, headers: { "content-range": "bytes */1000" } });
    const etag = plan(null).headers.etag!;
    expect(plan("bytes=0-1", "GET", etag)).toMatchObject({ status: 304, body: false });
  });

  it("lets shared caches keep a shared file an hour, and only the owner's browser the owner's copy", () => {
    expect(plan(null).headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    const shared = planStoredResponse({ method: "GET", range: null, ifNoneMatch: null }, "videos/x.mp4", 10, "video/mp4", { scope: "public" });
    expect(shared.headers["cache-control"]).toBe("public, max-age=3600");
  });
});

describe("how often a page asks about a running generation", () => {
  const at = (secondsAgo: number, status: "QUEUED" | "RUNNING" | "SUCCEEDED" = "RUNNING") => ({
    status,
    createdAt: new Date(NOW - secondsAgo * 1000).toISOString(),
  });
  it("every second at first and near the expected end, every 3 s between, never once final", () => {
    expect(pollDelayMs(at(2, "QUEUED"), 44, NOW)).toBe(1000);
    expect(pollDelayMs(at(20), 44, NOW)).toBe(3000);
    expect(pollDelayMs(at(41), 44, NOW)).toBe(1000);
    expect(pollDelayMs(at(90), 44, NOW)).toBe(1000);
    expect(pollDelayMs(at(20, "SUCCEEDED"), 44, NOW)).toBe(false);
  });
});

describe("unsigned media URLs", () => {
  it("drop only the signature", async () => {
    const { unsignedMediaUrl } = await import("@/lib/media/signed-url");
    expect(unsignedMediaUrl(mediaUrl("videos", "abc", { shareSlug: "slug", now: NOW }))).toBe("/api/videos/abc?s=slug");
    expect(unsignedMediaUrl(mediaUrl("videos", "abc", { now: NOW }))).toBe("/api/videos/abc");
  });
});
