import { spawn } from "node:child_process";
import { freePort } from "@/lib/postgres/embedded";

// A plain Node static file server with Range support, in its own process, as the yardstick.
const STATIC_SERVER = `
const http = require("node:http"), fs = require("node:fs");
const file = process.argv[1], port = Number(process.argv[2]);
http.createServer((req, res) => {
  const size = fs.statSync(file).size;
  const m = /^bytes=(\\d*)-(\\d*)$/.exec(req.headers.range || "");
  if (!m) { res.writeHead(200, { "content-type": "video/mp4", "content-length": size, "accept-ranges": "bytes" }); return fs.createReadStream(file).pipe(res); }
  const start = m[1] === "" ? size - Number(m[2]) : Number(m[1]);
  const end = m[1] !== "" && m[2] !== "" ? Math.min(Number(m[2]), size - 1) : size - 1;
  res.writeHead(206, { "content-type": "video/mp4", "content-length": end - start + 1, "content-range": "bytes " + start + "-" + end + "/" + size, "accept-ranges": "bytes" });
  fs.createReadStream(file, { start, end }).pipe(res);
}).listen(port, "127.0.0.1", () => process.send && process.send("ready"));
`;

async function load(url: string, headers: Record<string, string>, size: number, clients: number, seconds: number) {
  const end = Date.now() + seconds * 1000;
  const chunk = Math.min(size, 256 * 1024);
  let bytes = 0;
  let requests = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        const start = Math.floor(Math.random() * Math.max(1, size - chunk));
        const res = await fetch(url, { headers: { ...headers, range: `bytes=${start}-${start + chunk - 1}` } });
        if (res.status !== 206) throw new Error(`${url}: ${res.status}`);
        // Not `bytes += await …`: that reads `bytes` before the await and loses other clients' counts.
        const got = (await res.arrayBuffer()).byteLength;
        bytes += got;
        requests++;
      }
    }),
  );
  return { mbPerSecond: bytes / seconds / 1e6, requestsPerSecond: requests / seconds };
}

/**
 * Throughput of /api/videos/:id under 64 concurrent Range clients, side by side with a plain
 * static server serving the same file.
 */
export async function benchServing(base: string, cookie: string, videoPath: string, file: string, size: number, seconds = 10) {
  const port = await freePort();
  const child = spawn(process.execPath, ["-e", STATIC_SERVER, file, String(port)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise((r) => child.once("message", r));
  try {
    const studio = await load(`${base}${videoPath}`, { cookie }, size, 64, seconds);
    const staticServer = await load(`http://127.0.0.1:${port}/video.mp4`, {}, size, 64, seconds);
    return { studio, staticServer, ratio: studio.mbPerSecond / staticServer.mbPerSecond };
  } finally {
    child.kill();
  }
}
