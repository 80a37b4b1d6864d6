// Runs once when the server starts: the generation worker lives in the web process by default.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/metrics")).startProcessMetrics();
  await import("./lib/jobs/in-process");
}
