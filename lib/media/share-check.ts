// Not "server-only", like lib/storage: the production server's fast path (scripts/serve.ts) runs
// outside Next's react-server condition, where the Prisma module (lib/db.ts) cannot be imported.
import pg from "pg";
import { env } from "@/lib/env";
import { SHARE_SLUG } from "@/lib/generation/ids";

let pool: pg.Pool | undefined;

/**
 * Whether `slug` is still the live share of generation `id`: one lookup on the unique slug index,
 * made for each request of a shared link, so revoking a share stops its media at once.
 */
export async function shareIsLive(slug: string, id: string): Promise<boolean> {
  if (!SHARE_SLUG.test(slug)) return false;
  const url = env().DATABASE_URL;
  if (!url) return false;
  pool ??= new pg.Pool({ connectionString: url, max: 4, application_name: "studio-media" });
  const { rowCount } = await pool.query(
    `SELECT 1 FROM "Generation" WHERE "shareSlug" = $1 AND id = $2 AND "deletedAt" IS NULL AND status = 'SUCCEEDED'`,
    [slug, id],
  );
  return rowCount === 1;
}
