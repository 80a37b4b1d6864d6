import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { percentile } from "./lib";

export type PageFigures = { route: string; ttfbP50: number; lcpP50: number; firstLoadJsGzipKb: number };

/**
 * Time to first byte and largest contentful paint of each route in Chromium (signed in through
 * `cookie`), and the JavaScript a first visit downloads, gzipped.
 */
export async function benchPages(base: string, cookie: string, routes: string[], runs = 5): Promise<PageFigures[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const url = new URL(base);
  const cookies = cookie.split("; ").map((pair) => {
    const [name, ...value] = pair.split("=");
    return { name: name!, value: value.join("="), domain: url.hostname, path: "/" };
  });
  const out: PageFigures[] = [];
  try {
    for (const route of routes) {
      const ttfb: number[] = [];
      const lcp: number[] = [];
      let jsBytes = 0;
      for (let i = 0; i < runs; i++) {
        // A fresh context each run: a first visit, nothing cached.
        const context = await browser.newContext();
        await context.addCookies(cookies);
        const page = await context.newPage();
        const scripts: Promise<number>[] = [];
        if (i === 0) {
          page.on("response", (res) => {
            if (res.request().resourceType() === "script") scripts.push(res.body().then((b) => gzipSync(b).length, () => 0));
          });
        }
        await page.goto(base + route, { waitUntil: "load" });
        const figures = await page.evaluate(
          () =>
            new Promise<{ ttfb: number; lcp: number }>((resolve) => {
              const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
              new PerformanceObserver((list) => {
                const entries = list.getEntries();
                resolve({ ttfb: nav.responseStart - nav.requestStart, lcp: entries[entries.length - 1]!.startTime });
              }).observe({ type: "largest-contentful-paint", buffered: true });
            }),
        );
        ttfb.push(figures.ttfb);
        lcp.push(figures.lcp);
        if (i === 0) jsBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
        await context.close();
      }
      ttfb.sort((a, b) => a - b);
      lcp.sort((a, b) => a - b);
      out.push({ route, ttfbP50: percentile(ttfb, 50), lcpP50: percentile(lcp, 50), firstLoadJsGzipKb: jsBytes / 1024 });
    }
  } finally {
    await browser.close();
  }
  return out;
}
