// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { parseEnv } from "@/lib/env";
import { prepareDatabase } from "./database";

prepareDatabase(parseEnv(process.env), (l) => console.log(l))
  .then((db) => db.stop())
  .catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
