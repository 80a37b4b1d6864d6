// POST /api/generations: queue a new generation.
// GET /api/generations: the signed-in user's gallery, newest first, filtered, by cursor.
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { postGeneration } from "@/lib/api/generations";
import { toGenerationDto } from "@/lib/data/dto";
import { listGenerationsByUser } from "@/lib/data/generations";
import { fieldErrors } from "@/lib/generation";
import { decodeCursor, galleryQuerySchema, searchParamsToObject } from "@/lib/generation/gallery-query";

export const POST = withSession((req, { user }) => postGeneration(req, user.id, { operator: user.role === "ADMIN" }));

export const GET = withSession(async (req, { user }) => {
  const parsed = galleryQuerySchema.safeParse(searchParamsToObject(new URL(req.url).searchParams));
  if (!parsed.success) throw new ApiError("invalid_params", "Some filters are not valid.", fieldErrors(parsed.error));
  if (parsed.data.cursor && !decodeCursor(parsed.data.cursor)) {
    throw new ApiError("invalid_params", "The cursor is not valid; start again from the first page.", { cursor: ["Not a cursor this API gave out."] });
  }
  const page = await listGenerationsByUser(user.id, parsed.data);
  return Response.json(
    { items: page.items.map((g) => toGenerationDto(g, { operator: user.role === "ADMIN" })), nextCursor: page.nextCursor },
    { headers: { "cache-control": "no-store" } },
  );
});
