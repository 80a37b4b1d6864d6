import { expect, test, type APIRequestContext } from "@playwright/test";
import { AuthPage, generateClip, uniqueEmail } from "./pages/studio";

// Every route that touches one generation, as its owner, another user, a signed-out visitor and
// a holder of its share link. Another user's things answer 404, never 403: ids leak nothing.
test("owner / other user / signed out / share link, route by route", async ({ browser }) => {
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  await new AuthPage(owner).signUp(uniqueEmail("owner"));
  const id = await generateClip(owner, "A windmill turning slowly at sunset");
  const share = await owner.request.post(`/api/generations/${id}/share`);
  expect(share.status()).toBe(200);
  const slug = ((await share.json()) as { sharePath: string }).sharePath.split("/").pop()!;

  const otherCtx = await browser.newContext();
  const other = await otherCtx.newPage();
  await new AuthPage(other).signUp(uniqueEmail("other"));
  const anonCtx = await browser.newContext();

  type Who = "owner" | "other" | "anon";
  const as: Record<Who, APIRequestContext> = { owner: ownerCtx.request, other: otherCtx.request, anon: anonCtx.request };
  const json = { "content-type": "application/json" };

  const rows: [string, (r: APIRequestContext) => ReturnType<APIRequestContext["get"]>, Record<Who, number>][] = [
    ["GET generation", (r) => r.get(`/api/generations/${id}`), { owner: 200, other: 404, anon: 401 }],
    ["GET video", (r) => r.get(`/api/videos/${id}`), { owner: 200, other: 404, anon: 404 }],
    ["GET video, range", (r) => r.get(`/api/videos/${id}`, { headers: { range: "bytes=0-99" } }), { owner: 206, other: 404, anon: 404 }],
    ["GET poster", (r) => r.get(`/api/posters/${id}`), { owner: 200, other: 404, anon: 404 }],
    ["GET video with share slug", (r) => r.get(`/api/videos/${id}?s=${slug}`), { owner: 200, other: 200, anon: 200 }],
    ["GET poster with share slug", (r) => r.get(`/api/posters/${id}?s=${slug}`), { owner: 200, other: 200, anon: 200 }],
    ["GET video with a wrong slug", (r) => r.get(`/api/videos/${id}?s=${"x".repeat(32)}`), { owner: 200, other: 404, anon: 404 }],
    ["PATCH favourite", (r) => r.patch(`/api/generations/${id}`, { headers: json, data: { favorite: true } }), { owner: 200, other: 404, anon: 401 }],
    ["POST share", (r) => r.post(`/api/generations/${id}/share`), { owner: 200, other: 404, anon: 401 }],
    ["GET list", (r) => r.get(`/api/generations`), { owner: 200, other: 200, anon: 401 }],
    ["DELETE share (other, anon)", (r) => r.delete(`/api/generations/${id}/share`), { owner: 204, other: 404, anon: 401 }],
  ];

  for (const [name, call, expected] of rows) {
    for (const who of ["other", "anon", "owner"] as const) {
      const res = await call(as[who]);
      expect(res.status(), `${name} as ${who}`).toBe(expected[who]);
      if (res.status() === 404 || res.status() === 401) {
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code, `${name} as ${who}`).toBe(res.status() === 404 ? "not_found" : "unauthorized");
      }
    }
  }

  // The other user's list never contains the owner's clip.
  const list = (await (await as.other.get("/api/generations")).json()) as { items: { id: string }[] };
  expect(list.items.map((i) => i.id)).not.toContain(id);

  // The share link was revoked by the last row: it now answers 404 for everyone but the owner.
  expect((await as.anon.get(`/api/videos/${id}?s=${slug}`)).status()).toBe(404);
  expect((await as.owner.get(`/api/videos/${id}`)).status()).toBe(200);

  // Signed media URLs (what pages are handed) are served without a session, by the fast path;
  // a signature altered, moved to another id, or expired falls back to the checks above.
  const signed = ((await (await as.owner.get(`/api/generations/${id}`)).json()) as { generation: { video: { url: string } } }).generation.video.url;
  expect(signed).toMatch(new RegExp(`^/api/videos/${id}\\?e=\\d+&t=`));
  expect((await as.anon.get(signed, { headers: { range: "bytes=0-99" } })).status()).toBe(206);
  const tampered = signed.replace(/t=([\w-])/, (_, c: string) => `t=${c === "A" ? "B" : "A"}`);
  const otherId = signed.replace(id, "c".repeat(id.length));
  const expired = signed.replace(/e=\d+/, "e=1000");
  for (const url of [tampered, otherId, expired]) {
    expect((await as.anon.get(url)).status(), url).toBe(404);
    expect((await as.other.get(url)).status(), url).toBe(404);
  }
  expect((await as.owner.get(expired)).status()).toBe(200);

  // Deleting: not by another user or a visitor; by the owner, once.
  expect((await as.other.delete(`/api/generations/${id}`)).status()).toBe(404);
  expect((await as.anon.delete(`/api/generations/${id}`)).status()).toBe(401);
  expect((await as.owner.delete(`/api/generations/${id}`)).status()).toBe(204);
  expect((await as.owner.delete(`/api/generations/${id}`)).status()).toBe(404);
  // The bytes went with it: even a still-valid signed URL answers 404.
  expect((await as.anon.get(signed)).status()).toBe(404);

  // The video's range answer is well-formed.
  await ownerCtx.close();
  await otherCtx.close();
  await anonCtx.close();
});

test("range requests answer 206 with the right bytes and headers", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("range"));
  const id = await generateClip(page, "Steam rising from a cup of coffee");
  const full = await page.request.get(`/api/videos/${id}`);
  expect(full.headers()["accept-ranges"]).toBe("bytes");
  expect(full.headers()["content-type"]).toBe("video/mp4");
  expect(full.headers()["cache-control"]).toContain("max-age=31536000");
  const bytes = await full.body();
  const part = await page.request.get(`/api/videos/${id}`, { headers: { range: "bytes=100-199" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 100-199/${bytes.length}`);
  expect(Buffer.compare(await part.body(), bytes.subarray(100, 200))).toBe(0);
  const beyond = await page.request.get(`/api/videos/${id}`, { headers: { range: `bytes=${bytes.length}-` } });
  expect(beyond.status()).toBe(416);
  expect(beyond.headers()["content-range"]).toBe(`bytes */${bytes.length}`);
});
