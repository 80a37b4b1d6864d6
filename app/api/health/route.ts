// GET /api/health: is this instance able to serve (database, storage, queue, upstream config)?
// Anyone (a load balancer) gets up or down; operators also get what was checked and what failed.
import { errorResponse } from "@/lib/api/error-response";
import { currentUser } from "@/lib/auth";
import { checkHealth } from "@/lib/health";

export async function GET() {
  try {
    const [report, user] = await Promise.all([checkHealth(), currentUser().catch(() => null)]);
    const body = user?.role === "ADMIN" ? report : { ok: report.ok };
    return Response.json(body, { status: report.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
