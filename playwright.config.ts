import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** Fixed, so tests can script the emulator's failures over HTTP. */
export const EMULATOR_PORT = PORT + 1;

// Debian's Chromium, never a downloaded browser. A missing binary fails the run (no skipping).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATA_DIR: "./data/e2e",
      EMULATOR_DELAY_MS: "1500",
      EMULATOR_PORT: String(EMULATOR_PORT),
      EMULATOR_CONTROL: "true", // tests script the emulator's faults
      LIMIT_SIGN_UPS_PER_HOUR: "1000", // every test signs up its own users, all from 127.0.0.1
      LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: "1000", // and the wrong passwords of every spec come from it too
      ADMIN_EMAILS: "demo@pixverse.studio",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
