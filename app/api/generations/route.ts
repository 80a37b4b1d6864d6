// POST /api/generations: queue a new generation.
import { withSession, readJson } from "@/lib/api/handler";
import { submitGeneration } from "@/lib/api/generations";
import { toGenerationDto } from "@/lib/data/dto";

export const POST = withSession(async (req, { user }) => {
  const body = await readJson(req);
  const { generation, replayed } = await submitGeneration(user.id, body, req.headers.get("idempotency-key"));
  return Response.json(
    { generation: toGenerationDto(generation) },
    { status: replayed ? 200 : 202, headers: replayed ? { "idempotent-replayed": "true" } : {} },
  );
});
