import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startWorker } from "./worker";

// Imported by instrumentation.ts in the Node.js runtime only.
if (env().WORKER_IN_PROCESS) {
  const stop = await startWorker();
  const shutdown = () => void stop().catch((err: unknown) => log.error({ err }, "worker stop failed"));
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
