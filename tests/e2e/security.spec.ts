import { expect, test } from "@playwright/test";
import { AuthPage, generateClip, uniqueEmail } from "./pages/studio";

test("security headers on pages and API answers; pages allow only their own nonced scripts", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/sign-in", "/api/health"]) {
    const res = await request.get(path);
    const h = res.headers();
    const csp = h["content-security-policy"] ?? "";
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("media-src 'self'");
    expect(/script-src[^;]*'unsafe-inline'/.test(csp), `${path}: ${csp}`).toBe(false);
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"], path).toBe("DENY");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    if (path.startsWith("/sign-in")) {
      expect(nonce, `${path} has a nonce`).toBeTruthy();
      expect(await res.text()).toContain(`nonce="${nonce}"`); // Next put it on its scripts
      nonces.add(nonce!);
    }
  }
  expect(nonces.size, "a fresh nonce per request").toBe(2);
});

test("every page runs under the CSP with no violation, and hydrates", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await page.goto("/sign-up");
  await page.goto("/sign-in?callbackUrl=/gallery");
  await page.getByTestId("email").fill("demo@pixverse.studio");
  await page.getByTestId("password").fill("demo-studio-2026");
  await page.getByTestId("auth-submit").click();
  await page.waitForURL((url) => url.pathname === "/gallery"); // the form's script ran and sent it on
  await generateClip(page, "A heron standing in the shallows", { quality: "360p" });
  const [g] = ((await (await page.request.get("/api/generations")).json()) as { items: { id: string }[] }).items;
  const slug = ((await (await page.request.post(`/api/generations/${g!.id}/share`)).json()) as { sharePath: string }).sharePath;
  for (const path of ["/", "/gallery", `/gallery/${g!.id}`, "/usage", "/usage?scope=all", slug, "/no-such-page"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A client-side interaction works, so the page hydrated under the policy.
  await page.goto("/");
  await page.getByTestId("quality-720p").click();
  await expect(page.getByTestId("quality-720p")).toHaveAttribute("data-state", "checked");
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
