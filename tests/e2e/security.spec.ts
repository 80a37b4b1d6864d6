import { expect, test } from "@playwright/test";
import { AuthPage, uniqueEmail } from "./pages/studio";

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
  expect(session).not.toMatch(/scrypt\$|passwordHash|emulator-local-key/);
  const list = await (await page.request.get("/api/generations")).text();
  expect(list).not.toMatch(/scrypt\$|passwordHash|emulator-local-key/);
});
