import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { posterKey, storage, videoKey } from "@/lib/storage";
import { verifyMediaUrl, type MediaKind } from "./signed-url";
import { planStoredResponse } from "./stored-response";

const MEDIA_PATH = /^\/api\/(videos|posters)\/([A-Za-z0-9_-]{1,64})$/;

const media: Record<MediaKind, { key: (id: string) => string; contentType: string }> = {
  videos: { key: videoKey, contentType: "video/mp4" },
  posters: { key: posterKey, contentType: "image/jpeg" },
};

function notFound(res: ServerResponse, headers: Record<string, string>) {
  res.writeHead(404, { ...headers, "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code: "not_found", message: "This file is no longer stored." } }));
}

/**
 * Answers a GET or HEAD for a stored video or poster whose URL carries a valid signature, straight
 * from storage: no framework routing, no session, no database. Answers false for anything else,
 * which then goes to Next.js (and its routes check the session or share slug as usual).
 */
export async function serveSignedMedia(
  req: IncomingMessage,
  res: ServerResponse,
  opts: {
    /** Whether `slug` is still the live share of generation `id` (a shared link stops at revoke). */
    shareIsLive: (slug: string, id: string) => Promise<boolean>;
    /** The studio's security headers, the same on these answers as on every other. */
    headers: Record<string, string>;
  },
): Promise<boolean> {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const url = req.url ?? "";
  if (!url.startsWith("/api/videos/") && !url.startsWith("/api/posters/")) return false;
  const q = url.indexOf("?");
  const match = MEDIA_PATH.exec(q === -1 ? url : url.slice(0, q));
  if (!match || q === -1) return false;
  const kind = match[1] as MediaKind;
  const id = match[2]!;
  const params = new URLSearchParams(url.slice(q + 1));
  const granted = verifyMediaUrl(kind, id, params);
  if (!granted) return false;
  // One indexed lookup for a share's viewers; the owner's Range requests still need none.
  if (granted.scope === "public" && !(await opts.shareIsLive(granted.slug, id))) return false;
  const { scope } = granted;

  const store = storage();
  const key = media[kind].key(id);
  const size = await store.size(key);
  if (size === null) {
    notFound(res, opts.headers);
    return true;
  }
  const plan = planStoredResponse(
    { method: req.method, range: req.headers.range ?? null, ifNoneMatch: req.headers["if-none-match"] ?? null },
    key,
    size,
    media[kind].contentType,
    { scope, downloadName: kind === "videos" && params.has("download") ? `pixverse-${id}.mp4` : undefined },
  );
  res.writeHead(plan.status, { ...opts.headers, ...plan.headers });
  if (!plan.body) {
    res.end();
    return true;
  }
  try {
    await pipeline(await store.read(key, plan.range), res);
  } catch {
    // The client went away, or the bytes vanished after the headers went out (deleted between the
    // size and the read): cut the response; there is nothing else to say on it.
    res.destroy();
  }
  return true;
}
