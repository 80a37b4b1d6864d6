import "server-only";
import { currentUser } from "@/lib/auth";
import { log } from "@/lib/log";
import { ApiError } from "./errors";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof currentUser>>>;

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json(error.toBody(), { status: error.status, headers: error.headers });
  }
  log.error({ err: error }, "unhandled API error");
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side. Try again; if it keeps happening, tell the operator." } },
    { status: 500 },
  );
}

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

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size cap and a clear error for each way it can be wrong. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.");
  }
  const declared = Number(req.headers.get("content-length"));
  if (declared > MAX_JSON_BYTES) throw new ApiError("payload_too_large", `The body is over ${MAX_JSON_BYTES / 1024} KB.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new ApiError("payload_too_large", `The body is over ${MAX_JSON_BYTES / 1024} KB.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
}
