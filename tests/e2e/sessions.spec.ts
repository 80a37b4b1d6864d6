import { readFileSync } from "node:fs";
import pg from "pg";
import { expect, test, type BrowserContext } from "@playwright/test";
import { AuthPage, uniqueEmail } from "./pages/studio";

// Sessions the server can end: a token copied before sign-out stops working, "sign out
// everywhere" ends other browsers' sessions, and a role change holds from the next request.

/** The e2e studio's own database, as its data folder's owner file names it. */
async function studioDb() {
  const { url } = JSON.parse(readFileSync("./data/e2e/postgres.owner.json", "utf8")) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((c) => /authjs\.session-token/.test(c.name));

test("a session token copied before sign-out no longer works after it", async ({ page, browser }) => {
  await new AuthPage(page).signUp(uniqueEmail("signout"));
  const copied = await sessionCookie(page.context());
  expect(copied, "a session cookie").toBeTruthy();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  // Someone who kept the cookie replays it.
  const thief = await browser.newContext();
  try {
    await thief.addCookies([copied!]);
    expect((await thief.request.get("/api/generations")).status()).toBe(401);
  } finally {
    await thief.close();
  }
});

test("sign out everywhere ends the account's sessions in every browser", async ({ page, browser }) => {
  const email = uniqueEmail("everywhere");
  await new AuthPage(page).signUp(email);
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await new AuthPage(otherPage).signIn(email, "correct-horse-battery");
    await expect(otherPage.getByTestId("generation-form")).toBeVisible();
    expect((await other.request.get("/api/generations")).status()).toBe(200);
    await page.getByTestId("sign-out-everywhere").click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await other.request.get("/api/generations")).status()).toBe(401);
  } finally {
    await other.close();
  }
});

test("an operator demoted (or a user promoted) has that role from the next request, same token", async ({ page }) => {
  const email = uniqueEmail("role");
  await new AuthPage(page).signUp(email);
  const metrics = async () => (await page.request.get("/api/metrics")).status(); // operators only; 404 for others
  expect(await metrics()).toBe(404);
  const db = await studioDb();
  try {
    await db.query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1`, [email]);
    expect(await metrics()).toBe(200);
    await db.query(`UPDATE "User" SET role = 'USER' WHERE email = $1`, [email]);
    expect(await metrics()).toBe(404);
  } finally {
    await db.end();
  }
});
