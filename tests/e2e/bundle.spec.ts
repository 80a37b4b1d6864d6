import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

// The e2e server runs the production build in .next; what the browser can download is .next/static.
test("no secret or server-only code reaches the browser's bundle", () => {
  const dir = path.resolve(".next/static");
  expect(existsSync(dir), "the production build must exist (the e2e server builds it)").toBe(true);
  const authSecret = readFileSync("data/e2e/auth-secret", "utf8").trim();
  const databasePassword = readFileSync("data/e2e/postgres.password", "utf8").trim();
  const forbidden = [
    authSecret,
    databasePassword,
    "argon2id", // password hashing
    "zxcvbn", // the password-strength estimator, which runs in the sign-up action only
    "emulator-local-key", // the emulator's key
    "SEGMIND_API_KEY",
    "x-api-key", // the upstream client, which sets this header
    "/v1/pixverse-text2video",
    "passwordHash",
    "DATABASE_URL",
  ];
  const bundle = files(dir).filter((f) => /\.(js|css|json|txt|html)$/.test(f));
  expect(bundle.length).toBeGreaterThan(5);
  for (const file of bundle) {
    const text = readFileSync(file, "utf8");
    for (const needle of forbidden) expect(text.includes(needle), `${needle} in ${path.relative(dir, file)}`).toBe(false);
  }
});
