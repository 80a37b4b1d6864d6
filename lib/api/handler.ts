import "server-only";
import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { ApiError } from "./errors";
import { errorResponse } from "./error-response";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof currentUser>>>;

type Ctx<P> = { params: Promise<P> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request a browser sent from another origin (CSRF): a same-site page on
 * another port, or another site, riding on the user's cookie. Browsers send `Origin` with every
 * such request and `Sec-Fetch-Site` with most; a request with neither is not a browser's, so it
 * carries no ambient cookie to abuse. The studio's origin is the one the request was sent to
 * (its Host) or PUBLIC_URL's.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  const refuse = () => {
    throw new ApiError("cross_origin", "This request came from another site, so it was refused. Use the studio's own pages.");
  };
  if (origin !== null) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return refuse(); // "null" (sandboxed frames, file:) or junk
    }
    const allowed = [req.headers.get("host"), env().PUBLIC_URL ? new URL(env().PUBLIC_URL!).host : null];
    if (!allowed.includes(host)) refuse();
    return;
  }
  if (site !== null && site !== "same-origin" && site !== "none") refuse();
}

/** Owns the session lookup and the try/catch, for routes that also answer signed-out visitors (share links). */
export function withOptionalSession<P = Record<string, string>>(
  handler: (req: Request, ctx: { user: SessionUser | null; params: P }) => Promise<Response>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      assertSameOrigin(req);
      return await handler(req, { user: await currentUser(), params: await ctx.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Like withOptionalSession, answering 401 without a session, so each handler is only its logic. */
export function withSession<P = Record<string, string>>(
  handler: (req: Request, ctx: { user: SessionUser; params: P }) => Promise<Response>,
) {
  return withOptionalSession<P>((req, { user, params }) => {
    if (!user) throw new ApiError("unauthorized", "Sign in to continue.");
    return handler(req, { user, params });
  });
}
