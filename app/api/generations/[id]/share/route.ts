// POST /api/generations/:id/share: make (or answer) the public link of a finished video.
// DELETE: revoke it; the old link then answers 404.
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { revokeShare, shareGeneration } from "@/lib/data/generations";

export const POST = withSession<{ id: string }>(async (_req, { user, params }) => {
  const shared = await shareGeneration(params.id, user.id);
  if (!shared) throw new ApiError("not_found", "No such generation.");
  if ("notReady" in shared) throw new ApiError("conflict", "Only a finished video can be shared.");
  return Response.json({ sharePath: `/v/${shared.slug}` });
});

export const DELETE = withSession<{ id: string }>(async (_req, { user, params }) => {
  if (!(await revokeShare(params.id, user.id))) throw new ApiError("not_found", "No such generation.");
  return new Response(null, { status: 204 });
});
