// `npm start` (and `npm run dev` with --dev): everything the studio needs on one machine, with
// no environment set. An embedded Postgres when DATABASE_URL is empty, migrations, the Segmind
// emulator when SEGMIND_API_KEY is empty, a generated AUTH_SECRET, the demo account, a
// production build when the sources are newer than it, then the web server (scripts/serve.ts).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "@/lib/env";
import { DEMO_ACCOUNT, ensureUser } from "@/lib/postgres/seed";
import { emulatorOptions, startEmulator } from "@/lib/segmind/emulator";
import { prepareDatabase } from "./database";

const dev = process.argv.includes("--dev");
const say = (line: string) => console.log(`[studio] ${line}`);

function authSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function newestSourceMtime(): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "generated" || entry.name.startsWith(".")) continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  ["app", "components", "lib", "public"].forEach(walk);
  for (const f of ["next.config.mjs", "tailwind.config.ts", "package.json", "instrumentation.ts"]) {
    if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const id = path.join(".next", "BUILD_ID");
  return !existsSync(id) || statSync(id).mtimeMs < newestSourceMtime();
}

async function main() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const e = parseEnv(process.env);
  const dataDir = path.resolve(e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  // Secrets, the database and the videos live here: no one else may list or read it. As root,
  // Postgres runs as the OS user `postgres`, which must still pass through to its own folder.
  chmodSync(dataDir, process.getuid?.() === 0 ? 0o711 : 0o700);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const cleanups: (() => Promise<void>)[] = [];

  // First, before the emulator or a build: a data folder another live studio owns is refused here
  // (naming it) and its server left alone; this launcher otherwise owns the folder, with its port.
  const database = await prepareDatabase(e, say, { httpPort: e.PORT });
  childEnv.DATABASE_URL = database.url;
  cleanups.push(database.stop);

  if (!e.SEGMIND_API_KEY && !e.SEGMIND_BASE_URL) {
    const emulator = await startEmulator(emulatorOptions(e, { log: say }));
    childEnv.SEGMIND_BASE_URL = emulator.url;
    cleanups.unshift(emulator.close);
    say(`no SEGMIND_API_KEY: Segmind emulator on ${emulator.url}, answering after ${e.EMULATOR_DELAY_MS} ms`);
  } else if (e.SEGMIND_API_KEY) {
    say(`using Segmind at ${e.SEGMIND_BASE_URL ?? "https://api.segmind.com"}`);
  }

  childEnv.AUTH_SECRET = e.AUTH_SECRET ?? authSecret(dataDir);
  // The demo account is for the zero-configuration studio only, never a real database.
  const demo = !e.DATABASE_URL;
  if (demo && (await ensureUser(database.url, DEMO_ACCOUNT)) === "created") say(`created the demo account ${DEMO_ACCOUNT.email}`);

  const next = path.join("node_modules", ".bin", "next");
  if (!dev && needsBuild()) {
    say("building the studio (first start, or sources changed)…");
    const build = spawnSync(next, ["build"], { stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
    if (build.status !== 0) throw new Error("next build failed");
  }

  // Development: Next's own dev server. Production: scripts/serve.ts, Next behind the media fast path.
  const child = dev
    ? spawn(next, ["dev", "-p", String(e.PORT)], { stdio: "inherit", env: childEnv })
    : spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/serve.ts"], {
        stdio: "inherit",
        env: {
          ...childEnv,
          NODE_ENV: "production",
          PORT: String(e.PORT),
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${e.SERVER_HEAP_MB}`.trim(),
        },
      });
  say(`studio on http://localhost:${e.PORT}${demo ? ` — demo account ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}` : ""}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on("exit", (code, signal) => void stop(code ?? (signal ? 0 : 1)));
}

main().catch((error: unknown) => {
  console.error(`[studio] could not start: ${(error as Error).message}`);
  process.exit(1);
});
