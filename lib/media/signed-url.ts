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

function signature(secret: string, kind: MediaKind, id: string, expires: number, scope: MediaScope): Buffer {
  return createHmac("sha256", signingKey(secret)).update(`${kind}/${id}/${expires}/${scope}`).digest().subarray(0, 18);
}

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
    params.set("t", signature(secret, kind, id, expires, scope).toString("base64url"));
  }
  const query = params.toString();
  return `/api/${kind}/${id}${query ? `?${query}` : ""}`;
}

/** The scope a media URL's signature grants, or null when it is missing, forged or expired. */
export function verifyMediaUrl(kind: MediaKind, id: string, params: URLSearchParams, now = Date.now()): MediaScope | null {
  const secret = env().AUTH_SECRET;
  const expires = Number(params.get("e"));
  const token = params.get("t");
  if (!secret || !token || !Number.isSafeInteger(expires) || expires * 1000 <= now) return null;
  const scope: MediaScope = params.has("s") ? "public" : "private";
  const given = Buffer.from(token, "base64url");
  const expected = signature(secret, kind, id, expires, scope);
  return given.length === expected.length && timingSafeEqual(given, expected) ? scope : null;
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
