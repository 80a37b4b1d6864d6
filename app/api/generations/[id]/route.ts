// GET /api/generations/:id: one generation of the signed-in user, with its state.
// PATCH: mark or unmark it as a favourite. DELETE: remove it from view and its stored bytes.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { readJson } from "@/lib/api/read-json";
import { toGenerationDto } from "@/lib/data/dto";
import { getGenerationForUser, setFavorite, softDeleteGeneration } from "@/lib/data/generations";
import { fieldErrors } from "@/lib/generation";
import { storage } from "@/lib/storage";

const notFound = () => new ApiError("not_found", "No such generation.");

export const GET = withSession<{ id: string }>(async (_req, { user, params }) => {
  const generation = await getGenerationForUser(params.id, user.id);
  if (!generation) throw notFound();
  return Response.json({ generation: toGenerationDto(generation, { operator: user.role === "ADMIN" }) }, { headers: { "cache-control": "no-store" } });
});

const patchSchema = z.strictObject({ favorite: z.boolean({ error: "favorite must be true or false." }) });

export const PATCH = withSession<{ id: string }>(async (req, { user, params }) => {
  const parsed = patchSchema.safeParse(await readJson(req));
  if (!parsed.success) throw new ApiError("invalid_params", "Only `favorite` can be changed.", fieldErrors(parsed.error));
  if (!(await setFavorite(params.id, user.id, parsed.data.favorite))) throw notFound();
  const generation = await getGenerationForUser(params.id, user.id);
  if (!generation) throw notFound();
  return Response.json({ generation: toGenerationDto(generation, { operator: user.role === "ADMIN" }) });
});

export const DELETE = withSession<{ id: string }>(async (_req, { user, params }) => {
  const result = await softDeleteGeneration(params.id, user.id);
  if (!result.found) throw notFound();
  if (result.running) throw new ApiError("conflict", "This video is still being made; delete it once it has finished.");
  await Promise.all(result.keys.map((key) => storage().delete(key)));
  return new Response(null, { status: 204 });
});
