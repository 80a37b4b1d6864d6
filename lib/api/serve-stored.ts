import "server-only";
import { Readable } from "node:stream";
import { storage } from "@/lib/storage";
import { ApiError } from "./errors";
import { parseRange } from "./range";

/**
 * Streams a stored file with HTTP Range support (what <video> seeking needs).
 * Stored files never change under a key, so the owner's browser may cache them for a year.
 */
export async function serveStored(
  req: Request,
  key: string,
  contentType: string,
  opts: { scope: "private" | "public"; downloadName?: string },
): Promise<Response> {
  const store = storage();
  const size = await store.size(key);
  if (size === null) throw new ApiError("not_found", "This file is no longer stored.");
  const etag = `"${key.replace(/[^\w.-]/g, "")}-${size}"`;
  const common: Record<string, string> = {
    "accept-ranges": "bytes",
    "content-type": contentType,
    // A shared file can be revoked, so shared caches keep it an hour; the owner's copy a year.
    "cache-control": opts.scope === "public" ? "public, max-age=3600" : "private, max-age=31536000, immutable",
    etag,
    ...(opts.downloadName ? { "content-disposition": `attachment; filename="${opts.downloadName}"` } : {}),
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: common });
  const range = parseRange(req.headers.get("range"), size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...common, "content-range": `bytes */${size}` } });
  }
  const body = (stream: Readable) => Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  if (req.method === "HEAD") return new Response(null, { status: 200, headers: { ...common, "content-length": String(size) } });
  if (!range) {
    return new Response(body(store.read(key)), { status: 200, headers: { ...common, "content-length": String(size) } });
  }
  return new Response(body(store.read(key, range)), {
    status: 206,
    headers: {
      ...common,
      "content-length": String(range.end - range.start + 1),
      "content-range": `bytes ${range.start}-${range.end}/${size}`,
    },
  });
}
