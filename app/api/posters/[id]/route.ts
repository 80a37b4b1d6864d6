// GET /api/posters/:id: a video's poster frame, to the owner or through a live share slug (?s=).
import { ApiError } from "@/lib/api/errors";
import { withOptionalSession } from "@/lib/api/handler";
import { serveStored } from "@/lib/api/serve-stored";
import { getViewableGeneration } from "@/lib/data/generations";

export const GET = withOptionalSession<{ id: string }>(async (req, { user, params }) => {
  const shareSlug = new URL(req.url).searchParams.get("s");
  const generation = await getViewableGeneration(params.id, user?.id ?? null, shareSlug);
  if (!generation?.posterKey) throw new ApiError("not_found", "No such poster.");
  return serveStored(req, generation.posterKey, "image/jpeg", { scope: shareSlug ? "public" : "private" });
});
