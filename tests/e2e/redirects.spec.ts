import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/studio";

// Open redirects: wherever a request names where to go after signing in (`callbackUrl`), the
// studio sends people to its own pages only. Each hostile value comes back as "/".
// The demo account signs in (successful sign-ins use up no limit), so no sign-up is spent.

const DEMO = { email: "demo@pixverse.studio", password: "demo-studio-2026" };

const hostile = [
  "//evil.example/x",
  "/\\evil.example/x",
  "\\\\evil.example/x",
  "/\t/evil.example/x",
  "/%09/evil.example/x",
  "/%2F%2Fevil.example/x",
  "/%5Cevil.example/x",
  "///evil.example/x",
  "/.//evil.example/x",
  "https://evil.example/x",
  "https:evil.example/x",
  "//evil.example@localhost/x",
  "javascript:alert(document.domain)",
  "／／evil.example/x",
  "/x\r\nLocation: //evil.example/x",
];

/** Anything the page tries to load or open off the studio's origin, and any dialog (javascript: URLs). */
async function watchEscapes(page: Page, origin: string) {
  const escapes: string[] = [];
  await page.context().route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      escapes.push(url);
      return route.abort();
    }
    return route.continue();
  });
  page.on("dialog", (dialog) => {
    escapes.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return escapes;
}

test("signed in, GET /sign-in?callbackUrl=<hostile> redirects to this site's home", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await new AuthPage(page).signIn(DEMO.email, DEMO.password);
  await expect(page.getByTestId("generation-form")).toBeVisible();

  for (const target of hostile) {
    const res = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    const location = res.headers()["location"] ?? "";
    expect(res.status(), JSON.stringify(target)).toBe(307);
    const resolved = new URL(location, origin);
    expect(resolved.origin, `${JSON.stringify(target)} → Location ${JSON.stringify(location)}`).toBe(origin);
    expect(resolved.pathname, JSON.stringify(target)).toBe("/");
  }

  // A path on the site is kept, query and fragment included.
  const good = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent("/gallery?style=clay#x")}`, { maxRedirects: 0 });
  expect(good.status()).toBe(307);
  const kept = new URL(good.headers()["location"] ?? "", origin);
  expect(`${kept.origin}${kept.pathname}${kept.search}${kept.hash}`).toBe(`${origin}/gallery?style=clay#x`);

  // The parameter twice (an array on the server) is no target either.
  const twice = await page.request.get(`/sign-in?callbackUrl=%2Fgallery&callbackUrl=%2F%2Fevil.example`, { maxRedirects: 0 });
  expect(new URL(twice.headers()["location"] ?? "", origin).href).toBe(`${origin}/`);
});

test("the sign-in form with a hostile callbackUrl lands on this site", async ({ browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const target of hostile) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const escapes = await watchEscapes(page, origin);
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByTestId("email").fill(DEMO.email);
    await page.getByTestId("password").fill(DEMO.password);
    await page.getByTestId("auth-submit").click();

    await expect(page.getByTestId("generation-form"), JSON.stringify(target)).toBeVisible();
    expect(new URL(page.url()).origin, JSON.stringify(target)).toBe(origin);
    expect(new URL(page.url()).pathname, JSON.stringify(target)).toBe("/");
    expect(escapes, JSON.stringify(target)).toEqual([]);
    await context.close();
  }
});

test("the sign-in form with a path on this site goes there", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const escapes = await watchEscapes(page, origin);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/gallery?style=clay")}`);
  await page.getByTestId("email").fill(DEMO.email);
  await page.getByTestId("password").fill(DEMO.password);
  await page.getByTestId("auth-submit").click();
  await expect(page).toHaveURL((url) => url.origin === origin && url.pathname === "/gallery" && url.searchParams.get("style") === "clay");
  expect(escapes).toEqual([]);
});

test("Auth.js's own sign-in endpoint keeps callbackUrl on this site", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const target of [...hostile, "/gallery?style=clay"]) {
    const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, email: DEMO.email, password: DEMO.password, callbackUrl: target },
      maxRedirects: 0,
    });
    const location = new URL(res.headers()["location"] ?? "", origin);
    expect(location.origin, JSON.stringify(target)).toBe(origin);
    expect(`${location.pathname}${location.search}`, JSON.stringify(target)).toBe(target.startsWith("/gallery") ? target : "/");
  }
});
