// Runs once when the server starts: the generation worker lives in the web process by default.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env().WORKER_IN_PROCESS) return;
  const { startWorker } = await import("@/lib/jobs/worker");
  const { log } = await import("@/lib/log");
  const stop = await startWorker();
  const shutdown = () => void stop().catch((err: unknown) => log.error({ err }, "worker stop failed"));
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
