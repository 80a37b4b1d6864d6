// GET /api/generations/:id: one generation of the signed-in user, with its state.
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { toGenerationDto } from "@/lib/data/dto";
import { getGenerationForUser } from "@/lib/data/generations";

export const GET = withSession<{ id: string }>(async (_req, { user, params }) => {
  const generation = await getGenerationForUser(params.id, user.id);
  if (!generation) throw new ApiError("not_found", "No such generation.");
  return Response.json({ generation: toGenerationDto(generation) }, { headers: { "cache-control": "no-store" } });
});
