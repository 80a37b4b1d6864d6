import { parseRange, type ByteRange } from "@/lib/api/range";

export type StoredResponse = { status: 200 | 206 | 304 | 416; headers: Record<string, string>; range?: ByteRange; body: boolean };

/**
 * How to answer a request for a stored file of `size` bytes: status, headers and the byte range
 * to send. Shared by the Next.js media routes and the production server's signed fast path.
 * Stored files never change under a key, so the owner's browser may cache them for a year.
 */
export function planStoredResponse(
  req: { method: string; range: string | null; ifNoneMatch: string | null },
  key: string,
  size: number,
  contentType: string,
  opts: { scope: "private" | "public"; downloadName?: string },
): StoredResponse {
  const etag = `"${key.replace(/[^\w.-]/g, "")}-${size}"`;
  const headers: Record<string, string> = {
    "accept-ranges": "bytes",
    "content-type": contentType,
    // A shared file can be revoked, so shared caches keep it an hour; the owner's copy a year.
    "cache-control": opts.scope === "public" ? "public, max-age=3600" : "private, max-age=31536000, immutable",
    etag,
    "x-content-type-options": "nosniff",
    ...(opts.downloadName ? { "content-disposition": `attachment; filename="${opts.downloadName}"` } : {}),
  };
  if (req.ifNoneMatch === etag) return { status: 304, headers, body: false };
  const range = parseRange(req.range, size);
  if (range === "unsatisfiable") return { status: 416, headers: { ...headers, "content-range": `bytes */${size}` }, body: false };
  const body = req.method !== "HEAD";
  if (!range) return { status: 200, headers: { ...headers, "content-length": String(size) }, body };
  return {
    status: 206,
    headers: { ...headers, "content-length": String(range.end - range.start + 1), "content-range": `bytes ${range.start}-${range.end}/${size}` },
    range,
    body,
  };
}
