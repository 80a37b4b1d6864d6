// Signed media URLs: what lets the production server hand out video bytes without a session
// decode and a database query per Range request (see scripts/serve.ts). The signature says
// "this id's bytes may be read until e"; without a valid one the request takes the full route,
// which checks the session or the share slug, so an expired link still plays for whoever may see it.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export type MediaKind = "videos" | "posters";
/** private: the owner's copy; public: reached through a share link. */
export type MediaScope = "private" | "public";

const HOUR = 3600;
// Links stay the same for a whole window, so browsers can cache the bytes under one URL; a link
// is good for one to two windows. A shared link's window is short, so a revoked share stops
// working within an hour, as shared caches already may keep it that long.
const windowSeconds: Record<MediaScope, number> = { private: 12 * HOUR, public: HOUR / 2 };

let cachedKey: { secret: string; key: Buffer } | undefined;
function signingKey(secret: string): Buffer {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "pixverse-studio media urls", 32)) };
  return cachedKey.key;
}

// A shared link's signature covers the share's slug, so it is good only for that share: once the
// share is revoked (or replaced), the fast path's slug check refuses it.
function signature(secret: string, kind: MediaKind, id: string, expires: number, slug: string | null): Buffer {
  const scope = slug === null ? "private" : `public/${slug}`;
  return createHmac("sha256", signingKey(secret)).update(`${kind}/${id}/${expires}/${scope}`).digest().subarray(0, SIGNATURE_BYTES);
}

const SIGNATURE_BYTES = 18;
// Exactly what mediaUrl writes: base64url of 18 bytes, and whole seconds. Anything else is not
// decoded leniently (Buffer.from skips junk characters), it is refused.
const TOKEN = /^[A-Za-z0-9_-]{24}$/;
const EXPIRES = /^\d{1,12}$/;

/** The URL of a stored video or poster, signed when the studio has a secret. */
export function mediaUrl(kind: MediaKind, id: string, opts: { shareSlug?: string; now?: number } = {}): string {
  const scope: MediaScope = opts.shareSlug ? "public" : "private";
  const params = new URLSearchParams();
  if (opts.shareSlug) params.set("s", opts.shareSlug);
  const secret = env().AUTH_SECRET;
  if (secret) {
    const w = windowSeconds[scope];
    const expires = (Math.floor((opts.now ?? Date.now()) / 1000 / w) + 2) * w;
    params.set("e", String(expires));
    params.set("t", signature(secret, kind, id, expires, opts.shareSlug ?? null).toString("base64url"));
  }
  const query = params.toString();
  return `/api/${kind}/${id}${query ? `?${query}` : ""}`;
}

export type VerifiedMedia = { scope: "private" } | { scope: "public"; slug: string };

/**
 * What a media URL's signature grants: the owner's copy, or a share's (whose slug the caller
 * must still find live); null when it is missing, malformed, forged or expired.
 */
export function verifyMediaUrl(kind: MediaKind, id: string, params: URLSearchParams, now = Date.now()): VerifiedMedia | null {
  const secret = env().AUTH_SECRET;
  const e = params.get("e");
  const token = params.get("t");
  const slug = params.get("s");
  if (!secret || !token || !e || !TOKEN.test(token) || !EXPIRES.test(e) || Number(e) * 1000 <= now) return null;
  const given = Buffer.from(token, "base64url");
  const expected = signature(secret, kind, id, Number(e), slug);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return slug === null ? { scope: "private" } : { scope: "public", slug };
}

/**
 * The same URL without its signature: it always takes the checked route. For links that outlive
 * a page view (a share page's preview tags, which scrapers keep), so revoking a share stops them.
 */
export function unsignedMediaUrl(url: string): string {
  const [pathname, query = ""] = url.split("?");
  const params = new URLSearchParams(query);
  params.delete("e");
  params.delete("t");
  const rest = params.toString();
  return rest ? `${pathname}?${rest}` : pathname!;
}
