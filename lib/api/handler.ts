import "server-only";
import { currentUser } from "@/lib/auth";
import { ApiError } from "./errors";
import { errorResponse } from "./error-response";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof currentUser>>>;

type Ctx<P> = { params: Promise<P> };

/** Owns authentication and the try/catch, so each handler is only its logic. */
export function withSession<P = Record<string, string>>(
  handler: (req: Request, ctx: { user: SessionUser; params: P }) => Promise<Response>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const user = await currentUser();
      if (!user) throw new ApiError("unauthorized", "Sign in to continue.");
      return await handler(req, { user, params: await ctx.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Like withSession, for routes that also answer signed-out visitors (share links). */
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
