// `npm run db:seed`: creates the demo account (and, with ADMIN_EMAIL + ADMIN_PASSWORD, an operator).
import { parseEnv } from "@/lib/env";
import { DEMO_ACCOUNT, ensureUser } from "@/lib/postgres/seed";
import { prepareDatabase } from "./database";

async function main() {
  const e = parseEnv(process.env);
  // On the data folder of a running studio: its own database, left running.
  const db = await prepareDatabase(e, (l) => console.log(l), { useRunning: true });
  try {
    const demo = await ensureUser(db.url, DEMO_ACCOUNT);
    console.log(`demo account ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}: ${demo}`);
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
