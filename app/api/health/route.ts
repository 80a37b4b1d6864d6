// GET /api/health: is this instance able to serve (database, storage, queue, upstream config)?
import { errorResponse } from "@/lib/api/error-response";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const report = await checkHealth();
    return Response.json(report, { status: report.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
