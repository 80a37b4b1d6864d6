import "server-only";
import { currentUser } from "@/lib/auth";
import { ApiError } from "./errors";
import { errorResponse } from "./error-response";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof currentUser>>>;

type Ctx<P> = { params: Promise<P> };

/** Owns the session lookup and the try/catch, for routes that also answer signed-out visitors (share links). */
export function withOptionalSession<P = Record<string, string>>(
  handler: (req: Request, ctx: { user: SessionUser | null; params: P }) => Promise<Response>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
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
