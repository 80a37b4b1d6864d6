// `npm run services`: what several studio processes share, on one machine, for trying the
// scaled-out deployment (README, "Scaling") and for its end-to-end test: a Postgres (embedded,
// migrated, with the demo account), an S3-compatible bucket (s3rver, a development dependency)
// and the Segmind emulator. Prints the environment to give each `npm start` and `npm run worker`.
import path from "node:path";
import S3rver from "s3rver";
import { parseEnv } from "@/lib/env";
import { freePort } from "@/lib/postgres/embedded";
import { DEMO_ACCOUNT, ensureUser } from "@/lib/postgres/seed";
import { emulatorOptions, startEmulator } from "@/lib/segmind/emulator";
import { prepareDatabase } from "./database";

const BUCKET = "studio";

async function main() {
  const e = parseEnv({ ...process.env, DATABASE_URL: "" });
  const dataDir = path.resolve(e.DATA_DIR);
  const say = (line: string) => console.error(`[services] ${line}`);
  const database = await prepareDatabase(e, say);
  await ensureUser(database.url, DEMO_ACCOUNT);
  const s3Port = await freePort();
  const s3 = new S3rver({ port: s3Port, address: "127.0.0.1", silent: true, directory: path.join(dataDir, "bucket"), configureBuckets: [{ name: BUCKET, configs: [] }] });
  await s3.run();
  const emulator = await startEmulator(emulatorOptions(e, { log: say }));
  const shared = {
    DATABASE_URL: database.url,
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    SEGMIND_BASE_URL: emulator.url,
  };
  // One line of JSON on stdout, for scripts; the same as shell exports on stderr, for people.
  console.log(JSON.stringify(shared));
  say("shared services up. In each studio shell (also set one AUTH_SECRET for all of them):");
  for (const [k, v] of Object.entries(shared)) console.error(`export ${k}=${v}`);
  say(`demo account ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}. Ctrl+C stops everything.`);
  const stop = async () => {
    await emulator.close();
    await s3.close();
    await database.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[services] could not start: ${(error as Error).message}`);
  process.exit(1);
});
