import path from "node:path";
import type { Env } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/postgres/embedded";
import { migrate } from "@/lib/postgres/migrate";

/**
 * The database the studio should use: DATABASE_URL when set, else an embedded Postgres with its
 * data under DATA_DIR/postgres. Migrations are applied either way.
 */
export async function prepareDatabase(e: Env, say: (line: string) => void) {
  let url = e.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = path.resolve(e.DATA_DIR, "postgres");
    const started = Date.now();
    const embedded = await startEmbeddedPostgres({ dir });
    url = embedded.url;
    stop = embedded.stop;
    say(`embedded Postgres ready in ${Date.now() - started} ms (data in ${path.relative(process.cwd(), dir) || dir})`);
  }
  const applied = await migrate(url, say);
  if (!applied.length) say("database schema is up to date");
  return { url, stop };
}
