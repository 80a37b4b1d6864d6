import { expect, test } from "@playwright/test";
import { EMULATOR_PORT } from "../../playwright.config";
import { AuthPage, CreatePage, generateClip, uniqueEmail } from "./pages/studio";

test("usage: what was spent, on what, and the failure that cost nothing", async ({ page, request }) => {
  await new AuthPage(page).signUp(uniqueEmail("usage"));
  await generateClip(page, "A snow globe being shaken, slow motion", { quality: "360p" });

  // The next request upstream is refused for lack of credits.
  const fault = await request.post(`http://127.0.0.1:${EMULATOR_PORT}/__emulator/faults`, {
    data: [{ kind: "status", status: 406, body: JSON.stringify({ error: "Insufficient credits" }) }],
  });
  expect(fault.status()).toBe(204);
  const create = new CreatePage(page);
  await page.goto("/");
  await create.prompt("A clockwork bird taking flight");
  await create.pick("quality", "720p");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("generation-error")).toContainText("Insufficient credits");
  await expect(page.getByTestId("generation-error")).toContainText("You were not charged");
  // Generating again cannot help until the operator adds credits, so it is not offered.
  await expect(page.getByTestId("retry")).toHaveCount(0);

  await page.getByTestId("nav-usage").click();
  await expect(page.getByTestId("spent")).toHaveText("$0.375");
  await expect(page.getByTestId("succeeded")).toHaveText("1");
  await expect(page.getByTestId("failed")).toContainText("1 failed");
  await expect(page.getByTestId("failed")).toContainText("$0.50");
  await expect(page.getByTestId("budget")).toContainText("of your $50.00 monthly budget");
  await expect(page.getByTestId("by-quality")).toContainText("360p");
  await expect(page.getByTestId("by-quality")).not.toContainText("720p");
  await expect(page.getByTestId("by-duration")).toContainText("5 s");
  // The Segmind account (credits, request ids, what it billed) is the operator's business.
  await expect(page.getByTestId("credits")).toHaveCount(0);
  await expect(page.getByTestId("segmind-account")).toHaveCount(0);
  const mine = (await (await page.request.get("/api/generations")).json()) as { items: { upstream: { account: unknown } }[] };
  expect(mine.items.length).toBeGreaterThan(0);
  for (const g of mine.items) expect(g.upstream.account).toBeNull();
  await expect(page.getByTestId("spend-chart").locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByTestId("spend-chart").locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await expect(page.getByTestId("scope-switch")).toHaveCount(0); // not an operator
});

test("an operator sees usage across all users, reconciles with Segmind and sees what to claim", async ({ page, request }) => {
  await new AuthPage(page).signIn("demo@pixverse.studio", "demo-studio-2026");
  await expect(page.getByTestId("generation-form")).toBeVisible();

  // Segmind makes the job but its answer is lost (502): the studio must not submit it again.
  const fault = await request.post(`http://127.0.0.1:${EMULATOR_PORT}/__emulator/faults`, {
    data: [{ route: "submit", kind: "status", status: 502, accepted: true }],
  });
  expect(fault.status()).toBe(204);
  const create = new CreatePage(page);
  await create.prompt("A paper boat on a rainy street");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("generation-error")).toContainText("may still have made this video and billed the studio for it (up to $0.375)");
  await expect(page.getByTestId("generation-error")).toContainText("You were not charged");
  await expect(page.getByTestId("retry")).toBeVisible();
  const submits = (await (await request.get(`http://127.0.0.1:${EMULATOR_PORT}/__emulator/requests`)).json()) as { route: string; body?: { prompt?: string } }[];
  expect(submits.filter((r) => r.route === "submit" && r.body?.prompt === "A paper boat on a rainy street")).toHaveLength(1);

  await page.goto("/usage?scope=all");
  await expect(page.getByTestId("scope-switch")).toBeVisible();
  await expect(page.getByTestId("by-user")).toContainText("@example.test");
  const account = page.getByTestId("segmind-account");
  await expect(account).toBeVisible();
  await expect(account.getByTestId("credits")).toHaveText(/^\$\d[\d,]*\.\d{2,3}$/);
  await expect(account.getByTestId("at-risk")).toContainText("at risk");
  await expect(account.getByTestId("claims")).toContainText("upstream_unavailable");
  await expect(account.getByTestId("claims")).toContainText("demo@pixverse.studio");
  await expect(account.getByTestId("drift")).toContainText("Drift");
  // An impossible period is corrected, not a 500.
  const bad = await page.goto("/usage?scope=all&from=2026-13-45&to=x");
  expect(bad?.status()).toBe(200);
  await expect(page.getByText("That period was not valid")).toBeVisible();
});

test("a double click over HTTP: 20 identical requests at once with one Idempotency-Key make one generation", async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail("idem"));
  const key = crypto.randomUUID();
  const body = { prompt: "A kite in a blue sky", aspectRatio: "16:9", duration: 5, quality: "360p", motionMode: "normal" };
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => page.request.post("/api/generations", { headers: { "idempotency-key": key }, data: body })),
  );
  const statuses = answers.map((a) => a.status()).sort();
  expect(statuses.filter((s) => s === 202)).toHaveLength(1);
  expect(statuses.filter((s) => s === 200)).toHaveLength(19);
  const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { generation: { id: string } }).generation.id)));
  expect(ids.size).toBe(1);
  const list = (await (await page.request.get("/api/generations")).json()) as { items: unknown[] };
  expect(list.items).toHaveLength(1);
});
