import "server-only";
import { Readable } from "node:stream";
import { planStoredResponse } from "@/lib/media/stored-response";
import { storage } from "@/lib/storage";
import { ApiError } from "./errors";

/** Streams a stored file with HTTP Range support (what <video> seeking needs). */
export async function serveStored(
  req: Request,
  key: string,
  contentType: string,
  opts: { scope: "private" | "public"; downloadName?: string },
): Promise<Response> {
  const store = storage();
  const size = await store.size(key);
  if (size === null) throw new ApiError("not_found", "This file is no longer stored.");
  const plan = planStoredResponse(
    { method: req.method, range: req.headers.get("range"), ifNoneMatch: req.headers.get("if-none-match") },
    key,
    size,
    contentType,
    opts,
  );
  const body = plan.body ? (Readable.toWeb(await store.read(key, plan.range)) as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: plan.status, headers: plan.headers });
}
