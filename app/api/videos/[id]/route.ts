// GET /api/videos/:id: the video bytes, range-aware, to the owner or through a live share slug (?s=).
import { ApiError } from "@/lib/api/errors";
import { withOptionalSession } from "@/lib/api/handler";
import { serveStored } from "@/lib/api/serve-stored";
import { getViewableGeneration } from "@/lib/data/generations";

export const GET = withOptionalSession<{ id: string }>(async (req, { user, params }) => {
  const url = new URL(req.url);
  const shareSlug = url.searchParams.get("s");
  const generation = await getViewableGeneration(params.id, user?.id ?? null, shareSlug);
  // 404, never 403: an id says nothing about whether it exists.
  if (!generation?.videoKey) throw new ApiError("not_found", "No such video.");
  return serveStored(req, generation.videoKey, "video/mp4", {
    scope: shareSlug ? "public" : "private",
    downloadName: url.searchParams.has("download") ? `pixverse-${generation.id}.mp4` : undefined,
  });
});
