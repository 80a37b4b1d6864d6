// `npm run bench`: benchmarks against a production build; prints a table. Not a test.
import os from "node:os";
import { benchGallery } from "./gallery";
import { benchOverhead } from "./overhead";
import { benchInFlight } from "./in-flight";
import { benchServingRun } from "./serving-run";
import { benchStreaming } from "./streaming";

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const only = process.argv[2];
  if (!only || only === "overhead") {
    const rows = [await benchOverhead(3320, 200, "sync"), await benchOverhead(3320, 200, "async")];
    console.log("\n1. Overhead: submit → playable video, minus the emulator's own time (emulator answering at once), 200 generations");
    console.log("| mode | overhead p50 | overhead p95 | of which: queue wait p50 | MP4 check, poster, store p50 | poster cut alone p50 | overhead p50 minus poster cut (target < 50 ms) |");
    console.log("|---|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(`| ${r.mode} | ${ms(r.overheadP50)} | ${ms(r.overheadP95)} | ${ms(r.queueWaitP50)} | ${ms(r.finishingP50)} | ${ms(r.posterCutP50)} | ${ms(r.overheadP50 - r.posterCutP50)} |`);
    }
  }
  if (!only || only === "in-flight") {
    const r = await benchInFlight(3340);
    console.log(`\n2. In flight: ${r.n} generations submitted at once, the emulator taking ${r.upstreamMs / 1000} s each (async mode, each watched as its page does)`);
    console.log("| completed | submit all | all done | peak in hand | server RSS before | server peak RSS (target < 600 MB) | event-loop delay p50 / p99 (target < 100 ms) / max, holding and finishing | the same, during the submit burst |");
    console.log("|---|---|---|---|---|---|---|---|");
    const loop = (l: typeof r.loop) => (l ? `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}` : "no samples");
    if (r.gc) console.log(`GC while holding and finishing: ${r.gc.count} pauses, ${r.gc.totalMs} ms in all, longest ${r.gc.maxMs} ms`);
    console.log(
      `| ${r.succeeded} of ${r.n}${r.failures.length ? ` (${r.failures.join("; ")})` : ""} | ${ms(r.submitMs)} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.peakInHand} | ${r.rssBeforeMb.toFixed(0)} MB | ${r.peakRssMb.toFixed(0)} MB | ${loop(r.loop)} | ${loop(r.burstLoop)} |`,
    );
  }
  if (!only || only === "streaming") {
    const r = await benchStreaming(3350);
    console.log("\n3. Streaming: server peak RSS as clips padded to a real bitrate (32 Mbit/s at 1080p) pass through: upstream → storage, then 3 viewers each");
    console.log("| after | clip | server peak RSS | growth over warm-up (target: none beyond noise) |");
    console.log("|---|---|---|---|");
    console.log(`| warm-up, 360p 5 s then 8 s | ${r.warm.clipMb.toFixed(1)} MB | ${r.warm.peakRssMb.toFixed(0)} MB | — |`);
    for (const c of r.clips) {
      console.log(`| ${c.label} | ${c.clipMb.toFixed(1)} MB | ${c.peakRssMb.toFixed(0)} MB | ${(c.peakRssMb - r.warm.peakRssMb).toFixed(1)} MB |`);
    }
  }
  if (!only || only === "serving") {
    const s = await benchServingRun(3330);
    console.log(`\n4. Video serving: 64 concurrent clients, random 256 kB Range requests on a ${(s.size / 1e6).toFixed(2)} MB 1080p clip, 10 s each, side by side`);
    console.log("| server | MB/s | requests/s |");
    console.log("|---|---|---|");
    console.log(`| /api/videos/:id (signed URL, fast path) | ${s.studio.mbPerSecond.toFixed(1)} | ${s.studio.requestsPerSecond.toFixed(0)} |`);
    console.log(`| plain Node static server, same file | ${s.staticServer.mbPerSecond.toFixed(1)} | ${s.staticServer.requestsPerSecond.toFixed(0)} |`);
    console.log(`ratio: ${s.ratio.toFixed(2)} (target ≥ 0.8)`);
  }
  if (only && only !== "gallery") return;
  const gallery = await benchGallery(3310);
  console.log(`\nGallery API, ${gallery.rows.toLocaleString("en")} generations for one user (seeded in ${ms(gallery.seedMs)})`);
  console.log("| request | p50 | p95 |");
  console.log("|---|---|---|");
  console.log(`| first page (24) | ${ms(gallery.first.p50)} | ${ms(gallery.first.p95)} |`);
  console.log(`| deep cursor page (past row 90,000) | ${ms(gallery.deepPage.p50)} | ${ms(gallery.deepPage.p95)} |`);
  console.log(`| search "fox", first page | ${ms(gallery.search.p50)} | ${ms(gallery.search.p95)} |`);
  console.log("\n5. Pages in Chromium (signed in, 100,000 generations; first visits, p50 of 5)");
  console.log("| route | TTFB | LCP (target < 1 s) | first-load JS, gzipped (target < 200 kB) |");
  console.log("|---|---|---|---|");
  for (const p of gallery.pages) console.log(`| ${p.route} | ${ms(p.ttfbP50)} | ${ms(p.lcpP50)} | ${p.firstLoadJsGzipKb.toFixed(1)} kB |`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
