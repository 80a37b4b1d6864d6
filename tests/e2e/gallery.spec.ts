import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage, CreatePage, GalleryPage, generateClip, uniqueEmail } from "./pages/studio";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("gallery: find by search, remix with the seed, share, watch signed out, revoke", async ({ page, browser }) => {
  await new AuthPage(page).signUp(uniqueEmail("gallery"));

  const gallery = new GalleryPage(page);
  await page.getByTestId("nav-gallery").click();
  await expect(page.getByTestId("gallery-empty")).toContainText("No videos yet");
  expect(await seriousViolations(page)).toEqual([]);

  const lighthouseId = await generateClip(page, "A lighthouse on a cliff, storm clouds rolling in", { ratio: "1:1" });
  await generateClip(page, "Koi fish circling in a quiet pond", { ratio: "16:9" });

  await page.goto("/gallery");
  await expect(gallery.cards()).toHaveCount(2);
  // Newest first.
  await expect(gallery.cards().first().getByTestId("card-prompt")).toContainText("Koi fish");

  await gallery.search("lighthouse");
  await expect(gallery.cards()).toHaveCount(1);
  await expect(gallery.cards().first()).toHaveAttribute("data-id", lighthouseId);
  // The filter lives in the URL: a reload keeps it.
  await page.reload();
  await expect(gallery.cards()).toHaveCount(1);

  await gallery.cards().first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/gallery/${lighthouseId}$`));
  expect(await seriousViolations(page)).toEqual([]);
  const seed = (await page.getByTestId("detail-seed").textContent())!.trim();
  expect(Number(seed)).toBeGreaterThan(0);

  // Remix: the form arrives filled with every setting, the seed included.
  await page.getByTestId("remix").click();
  await expect(page.getByTestId("remix-note")).toBeVisible();
  await expect(page.getByTestId("prompt")).toHaveValue("A lighthouse on a cliff, storm clouds rolling in");
  await expect(page.getByTestId("seed")).toHaveValue(seed);
  await expect(new CreatePage(page).option("aspect-ratio", "1:1")).toHaveAttribute("data-state", "checked");
  await expect(new CreatePage(page).option("quality", "360p")).toHaveAttribute("data-state", "checked");

  // Share.
  await page.goto(`/gallery/${lighthouseId}`);
  await page.getByTestId("share").click();
  const sharePath = (await page.getByTestId("share-path").getByRole("link").getAttribute("href"))!;
  expect(sharePath).toMatch(/^\/v\/[\w-]{32}$/); // 24 random bytes = 192 bits

  // A stranger, signed out, watches it; the page unfurls with video and poster tags.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(sharePath);
  await expect(strangerPage.getByTestId("shared-prompt")).toHaveText("A lighthouse on a cliff, storm clouds rolling in");
  const played = await new CreatePage(strangerPage).playedVideo();
  expect(played).toMatchObject({ width: 360, height: 360 });
  const og = (p: string) => strangerPage.locator(`meta[property="${p}"]`).first().getAttribute("content");
  expect(await og("og:video")).toMatch(new RegExp(`/api/videos/${lighthouseId}\\?s=`));
  expect(await og("og:image")).toMatch(new RegExp(`/api/posters/${lighthouseId}\\?s=`));
  expect(await og("og:video:type")).toBe("video/mp4");
  expect(await og("og:video:width")).toBe("360");
  expect(await strangerPage.locator('meta[name="twitter:card"]').getAttribute("content")).toBe("player");
  expect(await strangerPage.content()).not.toContain("@example.test"); // no owner data
  expect(await seriousViolations(strangerPage)).toEqual([]);
  const videoUrl = (await og("og:video"))!;
  // Preview tags outlive the page view, so they carry no signature: revoking must stop them.
  expect(videoUrl).not.toMatch(/[?&]t=/);

  // Revoke: the page and the video behind it answer 404.
  await page.getByTestId("revoke-share").click();
  await expect(page.getByTestId("share-path")).toHaveCount(0);
  const gone = await strangerPage.goto(sharePath);
  expect(gone?.status()).toBe(404);
  expect((await stranger.request.get(videoUrl)).status()).toBe(404);
  await stranger.close();
});

test("favourite, filter by favourites, and delete after confirming", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("fav"));
  const id = await generateClip(page, "A hot air balloon over lavender fields");
  await generateClip(page, "Neon signs reflected in rain puddles");

  await page.goto(`/gallery/${id}`);
  await page.getByTestId("favorite").click();
  await expect(page.getByTestId("favorite")).toHaveAttribute("aria-pressed", "true");

  await page.goto("/gallery?favorite=true");
  const gallery = new GalleryPage(page);
  await expect(gallery.cards()).toHaveCount(1);
  await expect(gallery.cards().first()).toHaveAttribute("data-id", id);

  await page.goto(`/gallery/${id}`);
  await page.getByTestId("delete").click();
  await page.getByTestId("confirm-delete").click();
  await expect(page).toHaveURL(/\/gallery$/);
  await expect(gallery.cards()).toHaveCount(1);
  await expect(gallery.cards().first()).not.toHaveAttribute("data-id", id);
  expect((await page.request.get(`/api/videos/${id}`)).status()).toBe(404);
  expect((await page.request.get(`/api/generations/${id}`)).status()).toBe(404);
});

test("the create page has no serious accessibility violations", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("a11y"));
  expect(await seriousViolations(page)).toEqual([]);
});
