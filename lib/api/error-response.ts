import "server-only";
import { log } from "@/lib/log";
import { ApiError } from "./errors";

/** An error as the API answers it; anything unexpected is logged and shown as a generic 500. */
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
