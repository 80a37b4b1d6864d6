import path from "node:path";
import type { Env } from "@/lib/env";
import { DataFolderInUse, startEmbeddedPostgres, type DataFolderOwner } from "@/lib/postgres/embedded";
import { migrate } from "@/lib/postgres/migrate";

/** "already running (pid N, port P)", with how to stop it: the line a refused start prints. */
function alreadyRunning(dataDir: string, owner: DataFolderOwner): string {
  return owner.httpPort
    ? `the studio on ${dataDir} is already running (pid ${owner.pid}, port ${owner.httpPort}, http://localhost:${owner.httpPort}); ` +
        `stop it first (Ctrl+C in its terminal, or kill ${owner.pid}), or use another DATA_DIR`
    : `the database in ${dataDir} is already running (pid ${owner.pid}, port ${owner.dbPort}), started by another command; ` +
        `wait for it to end (or kill ${owner.pid}), or use another DATA_DIR`;
}

/**
 * The database the studio should use: DATABASE_URL when set, else an embedded Postgres with its
 * data under DATA_DIR/postgres. Migrations are applied either way.
 *
 * One process owns the embedded server of a data folder. When another live process owns it,
 * `useRunning` (db:seed, db:migrate) uses that server and leaves it running (`stop` does
 * nothing); otherwise (`npm start`, which records its `httpPort`) this refuses, naming the owner.
 */
export async function prepareDatabase(e: Env, say: (line: string) => void, opts: { useRunning?: boolean; httpPort?: number } = {}) {
  let url = e.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = path.resolve(e.DATA_DIR, "postgres");
    const started = Date.now();
    try {
      const embedded = await startEmbeddedPostgres({ dir, httpPort: opts.httpPort });
      url = embedded.url;
      stop = embedded.stop;
      say(`embedded Postgres ready in ${Date.now() - started} ms (data in ${path.relative(process.cwd(), dir) || dir})`);
    } catch (error) {
      if (!(error instanceof DataFolderInUse)) throw error;
      const { owner } = error;
      if (!opts.useRunning) throw new Error(alreadyRunning(e.DATA_DIR, owner));
      url = owner.url;
      say(
        owner.httpPort
          ? `using the running studio's database (pid ${owner.pid}, port ${owner.httpPort}; Postgres on port ${owner.dbPort}); it keeps running`
          : `using the running database of another command (pid ${owner.pid}, Postgres on port ${owner.dbPort}); it keeps running`,
      );
    }
  }
  try {
    const applied = await migrate(url, say);
    if (!applied.length) say("database schema is up to date");
  } catch (error) {
    await stop().catch(() => {}); // a failed migration leaves no server of ours behind
    throw error;
  }
  return { url, stop };
}
