// GET /api/videos/:id: the video bytes, range-aware, to the owner only.
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { serveStored } from "@/lib/api/serve-stored";
import { getGenerationForUser } from "@/lib/data/generations";

export const GET = withSession<{ id: string }>(async (req, { user, params }) => {
  const generation = await getGenerationForUser(params.id, user.id);
  if (!generation?.videoKey) throw new ApiError("not_found", "No such video.");
  return serveStored(req, generation.videoKey, "video/mp4", "private");
});
