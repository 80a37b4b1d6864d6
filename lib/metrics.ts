import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";

type GcPauses = { count: number; totalMs: number; maxMs: number };

// On globalThis: instrumentation and route handlers are separate bundles in one process.
const g = globalThis as unknown as { loopDelay?: IntervalHistogram; gc?: GcPauses; workerRunning?: Set<string> };

/** Starts sampling this process's event-loop delay (every 10 ms) and its GC pauses; called once at server start. */
export function startProcessMetrics(): void {
  g.loopDelay ??= monitorEventLoopDelay({ resolution: 10 });
  g.loopDelay.enable();
  if (!g.gc) {
    const gc = (g.gc = { count: 0, totalMs: 0, maxMs: 0 });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.count++;
        gc.totalMs += entry.duration;
        gc.maxMs = Math.max(gc.maxMs, entry.duration);
      }
    }).observe({ entryTypes: ["gc"] });
  }
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
    gcPauses: g.gc ? { count: g.gc.count, totalMs: Math.round(g.gc.totalMs), maxMs: Math.round(g.gc.maxMs) } : null,
    generationsRunningHere: g.workerRunning?.size ?? 0,
  };
}

/** Starts a new event-loop delay and GC window (peak RSS is the kernel's and cannot be reset). */
export function resetProcessMetrics(): void {
  g.loopDelay?.reset();
  if (g.gc) Object.assign(g.gc, { count: 0, totalMs: 0, maxMs: 0 });
}
