import { ApiError } from "./errors";

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size cap and a clear error for each way it can be wrong. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.");
  }
  const declared = Number(req.headers.get("content-length"));
  if (declared > MAX_JSON_BYTES) throw new ApiError("payload_too_large", `The body is over ${MAX_JSON_BYTES / 1024} KB.`);
  // Read with a cap, so a body without Content-Length cannot make us buffer megabytes.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > MAX_JSON_BYTES) {
      await reader?.cancel();
      throw new ApiError("payload_too_large", `The body is over ${MAX_JSON_BYTES / 1024} KB.`);
    }
    chunks.push(chunk.value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
}
