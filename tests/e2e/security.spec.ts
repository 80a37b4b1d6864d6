import { expect, test } from "@playwright/test";
import { AuthPage, generateClip, uniqueEmail } from "./pages/studio";

test("security headers on pages and API answers, and the player still works under the CSP", async ({ page, request }) => {
  for (const path of ["/sign-in", "/api/health"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("default-src 'self'");
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], path).toContain("media-src 'self'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"], path).toBe("DENY");
  }
  // No CSP violation while a signed-in page loads.
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await new AuthPage(page).signUp(uniqueEmail("csp"));
  expect(violations).toEqual([]);
});

test("no API answer carries a password hash or the emulator key", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("leak"));
  const session = await (await page.request.get("/api/auth/session")).text();
  expect(session).not.toMatch(/scrypt\$|\$argon2|passwordHash|emulator-local-key/);
  const list = await (await page.request.get("/api/generations")).text();
  expect(list).not.toMatch(/scrypt\$|\$argon2|passwordHash|emulator-local-key/);
});

test("the media fast path sends the same security headers, on its answers and its 404s", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("fastpath"));
  await generateClip(page, "A lantern drifting on a lake", { quality: "360p" });
  const [g] = ((await (await page.request.get("/api/generations")).json()) as { items: { id: string; video: { url: string; posterUrl: string } }[] }).items;
  expect(g!.video.url).toMatch(/[?&]t=/); // a signed URL: served by the fast path, not by Next
  const check = (h: Record<string, string>, what: string) => {
    expect(h["content-security-policy"], what).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"], what).toBe("nosniff");
    expect(h["x-frame-options"], what).toBe("DENY");
    expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"], what).toContain("camera=()");
  };
  const video = await page.request.get(g!.video.url, { headers: { range: "bytes=0-99" } });
  expect(video.status()).toBe(206);
  check(video.headers(), "206 from the fast path");
  const poster = g!.video.posterUrl;
  expect((await page.request.delete(`/api/generations/${g!.id}`)).status()).toBe(204);
  const gone = await page.request.get(poster);
  expect(gone.status()).toBe(404);
  check(gone.headers(), "404 from the fast path");
});
