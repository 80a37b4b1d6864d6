import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

// On globalThis: instrumentation and route handlers are separate bundles in one process.
const g = globalThis as unknown as { loopDelay?: IntervalHistogram; workerRunning?: Set<string> };

/** Starts sampling this process's event-loop delay (every 10 ms); called once at server start. */
export function startProcessMetrics(): void {
  g.loopDelay ??= monitorEventLoopDelay({ resolution: 10 });
  g.loopDelay.enable();
}

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/** What an operator (or `npm run bench`) needs to see how this process holds up. */
export function processMetrics() {
  const memory = process.memoryUsage();
  const h = g.loopDelay;
  return {
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    rssBytes: memory.rss,
    // The kernel's high-water mark for this process's resident memory since it started.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: memory.heapUsed,
    eventLoopDelayMs: h && h.count > 0 ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count } : null,
    generationsRunningHere: g.workerRunning?.size ?? 0,
  };
}

/** Starts a new event-loop delay window (peak RSS is the kernel's and cannot be reset). */
export function resetProcessMetrics(): void {
  g.loopDelay?.reset();
}
