// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { parseEnv } from "@/lib/env";
import { prepareDatabase } from "./database";

// On the data folder of a running studio: its own database, left running.
prepareDatabase(parseEnv(process.env), (l) => console.log(l), { useRunning: true })
  .then((db) => db.stop())
  .catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
