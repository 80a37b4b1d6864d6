// GET /api/metrics: this server process's memory, event-loop delay and generations in hand, for
// operators. DELETE starts a new event-loop delay window (before a load test, say).
import { ApiError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { processMetrics, resetProcessMetrics } from "@/lib/metrics";

const operatorsOnly = (role: string) => {
  // 404, as for anything else that is not yours.
  if (role !== "ADMIN") throw new ApiError("not_found", "No such page.");
};

export const GET = withSession(async (_req, { user }) => {
  operatorsOnly(user.role);
  return Response.json(processMetrics(), { headers: { "cache-control": "no-store" } });
});

export const DELETE = withSession(async (_req, { user }) => {
  operatorsOnly(user.role);
  resetProcessMetrics();
  return new Response(null, { status: 204 });
});
