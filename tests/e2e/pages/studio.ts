import { expect, type Page } from "@playwright/test";

/** The sign-up / sign-in pages. */
export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(email: string, password = "correct-horse-battery") {
    await this.page.goto("/sign-up");
    await this.page.getByTestId("email").fill(email);
    await this.page.getByTestId("password").fill(password);
    await this.page.getByTestId("auth-submit").click();
    await expect(this.page.getByTestId("generation-form")).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.page.goto("/sign-in");
    await this.page.getByTestId("email").fill(email);
    await this.page.getByTestId("password").fill(password);
    await this.page.getByTestId("auth-submit").click();
  }
}

/** The create page: the form, the price, the result panel. */
export class CreatePage {
  constructor(readonly page: Page) {}

  option(group: "quality" | "duration" | "motion-mode" | "aspect-ratio" | "style", value: string) {
    return this.page.getByTestId(`${group}-${value}`);
  }

  async pick(group: "quality" | "duration" | "motion-mode" | "aspect-ratio" | "style", value: string) {
    await this.option(group, value).click();
    await expect(this.option(group, value)).toHaveAttribute("data-state", "checked");
  }

  price() {
    return this.page.getByTestId("price");
  }

  async prompt(text: string) {
    await this.page.getByTestId("prompt").fill(text);
  }

  result() {
    return this.page.getByTestId("generation-result");
  }

  video() {
    return this.page.getByTestId("result-video");
  }

  /** Waits for the player to have decoded frames, then answers what the browser sees. */
  async playedVideo() {
    const video = this.video();
    await expect(video).toBeVisible({ timeout: 60_000 });
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    return video.evaluate((v: HTMLVideoElement) => ({
      readyState: v.readyState,
      width: v.videoWidth,
      height: v.videoHeight,
      duration: v.duration,
    }));
  }
}

export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;

/** Generates one clip from the create page and waits until it plays; answers its id. */
export async function generateClip(page: Page, prompt: string, opts: { quality?: string; ratio?: string } = {}) {
  await page.goto("/");
  const create = new CreatePage(page);
  await create.prompt(prompt);
  if (opts.ratio) await create.pick("aspect-ratio", opts.ratio);
  await create.pick("quality", opts.quality ?? "360p");
  await page.getByTestId("generate").click();
  await create.playedVideo();
  const src = await create.video().getAttribute("src");
  const id = /\/api\/videos\/([^?]+)/.exec(src ?? "")?.[1];
  if (!id) throw new Error(`no video id in ${src}`);
  return id;
}

/** The gallery page and a clip's detail page. */
export class GalleryPage {
  constructor(readonly page: Page) {}

  cards() {
    return this.page.getByTestId("generation-card");
  }

  async search(text: string) {
    await this.page.getByTestId("gallery-search").fill(text);
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replace(/%20/g, "\\+")}`));
  }
}
