// GET /api/posters/:id: the poster frame of a video, to the owner only.
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { serveStored } from "@/lib/api/serve-stored";
import { getGenerationForUser } from "@/lib/data/generations";

export const GET = withSession<{ id: string }>(async (req, { user, params }) => {
  const generation = await getGenerationForUser(params.id, user.id);
  if (!generation?.posterKey) throw new ApiError("not_found", "No such poster.");
  return serveStored(req, generation.posterKey, "image/jpeg", "private");
});
