import { rm } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/postgres/embedded";
import { migrate } from "@/lib/postgres/migrate";
import { startEmulator } from "@/lib/segmind/emulator";

export const TEST_API_KEY = "integration-test-key";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    emulatorUrl: string;
    storageDir: string;
  }
}

/** A real Postgres (embedded, fresh each run) and the emulator over real HTTP, for every integration test. */
export default async function setup(project: TestProject) {
  // A folder per run, so two runs on one machine never share (or wipe) each other's database.
  const root = path.resolve("data/test-integration", String(process.pid));
  await rm(root, { recursive: true, force: true });
  const database = await startEmbeddedPostgres({ dir: path.join(root, "postgres") });
  await migrate(database.url);
  const emulator = await startEmulator({ apiKey: TEST_API_KEY, delayMs: 50, control: true });
  project.provide("databaseUrl", database.url);
  project.provide("emulatorUrl", emulator.url);
  project.provide("storageDir", path.join(root, "storage"));
  return async () => {
    await emulator.close();
    await database.stop();
    await rm(root, { recursive: true, force: true });
  };
}
