// `npm run worker`: a generation worker in its own process, for running several next to the web
// app (set WORKER_IN_PROCESS=false there). Needs DATABASE_URL and the upstream's settings.
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";

async function main() {
  const e = env();
  if (!e.DATABASE_URL) throw new Error("DATABASE_URL is not set: a separate worker needs the studio's Postgres.");
  const stop = await startWorker();
  log.info({ pid: process.pid, mode: e.SEGMIND_MODE }, "worker process ready");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(`worker could not start: ${(error as Error).message}`);
  process.exit(1);
});
