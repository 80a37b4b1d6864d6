import { expect, test } from "@playwright/test";
import { AuthPage, CreatePage, uniqueEmail } from "./pages/studio";

test("a signed-out visitor is sent to sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId("sign-in-form")).toBeVisible();
});

test("a wrong password says so and stays on sign-in", async ({ page }) => {
  await new AuthPage(page).signIn(uniqueEmail("nobody"), "wrong-password");
  await expect(page.getByTestId("auth-error")).toContainText("don't match");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("after 10 failed sign-ins an account is throttled, even with the right password", async ({ page }) => {
  const email = uniqueEmail("throttle");
  const auth = new AuthPage(page);
  await auth.signUp(email);
  await page.getByTestId("sign-out").click();
  for (let i = 0; i < 10; i++) {
    await auth.signIn(email, `wrong-${i}`);
    await expect(page.getByTestId("auth-error")).toContainText("don't match");
  }
  await auth.signIn(email, "correct-horse-battery");
  await expect(page.getByTestId("auth-error")).toContainText("Too many failed sign-ins");
});

test("constraints grey out 8 s with the reason, and the price follows the choice", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("rules"));
  const create = new CreatePage(page);
  await expect(create.price()).toHaveText("$0.375");
  await expect(create.option("duration", "8")).toBeEnabled();

  await create.pick("quality", "1080p");
  await expect(create.option("duration", "8")).toBeDisabled();
  await expect(page.getByTestId("duration-reasons")).toContainText("not available at 1080p");
  await expect(create.option("motion-mode", "fast")).toBeDisabled();
  await expect(create.price()).toHaveText("$1.00");

  await create.pick("quality", "720p");
  await expect(create.option("duration", "8")).toBeEnabled();
  await create.pick("motion-mode", "fast");
  await expect(create.option("duration", "8")).toBeDisabled();
  await expect(page.getByTestId("duration-reasons")).toContainText("only available for 5 s");
  await expect(create.price()).toHaveText("$1.00");

  await create.pick("motion-mode", "normal");
  await create.pick("duration", "8");
  await expect(create.option("quality", "1080p")).toBeDisabled();
  await expect(create.price()).toHaveText("$1.00");
});

test("an empty prompt is refused under the field, and nothing is sent", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("empty"));
  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/generations") && r.method() === "POST") posted = true;
  });
  await page.getByTestId("generate").click();
  await expect(page.getByText("Write a prompt")).toBeVisible();
  expect(posted).toBe(false);
});

test("sign up, generate a 9:16 360p clip with Ctrl+Enter, and watch it play", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("gen"));
  const create = new CreatePage(page);
  await expect(page.getByTestId("emulator-badge")).toBeVisible();
  await create.prompt("A paper boat drifting down a rainy street, cinematic");
  await create.pick("aspect-ratio", "9:16");
  await create.pick("quality", "360p");
  await page.getByTestId("prompt").press("Control+Enter");

  await expect(page.getByTestId("generation-progress")).toBeVisible();
  const played = await create.playedVideo();
  expect(played.readyState).toBeGreaterThanOrEqual(2);
  expect(played).toMatchObject({ width: 360, height: 640 });
  expect(played.duration).toBeCloseTo(5, 0);
  await expect(create.result()).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(create.result()).toContainText("charged $0.375");
  await expect(page.getByTestId("download")).toHaveAttribute("href", /\/api\/videos\/.+download=1/);
});

test("the demo account from the README signs in", async ({ page }) => {
  await new AuthPage(page).signIn("demo@pixverse.studio", "demo-studio-2026");
  await expect(page.getByTestId("generation-form")).toBeVisible();
  await expect(page.getByTestId("user-email")).toHaveText("demo@pixverse.studio");
});
