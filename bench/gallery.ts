import path from "node:path";
import { rm } from "node:fs/promises";
import pg from "pg";
import { encodeCursor } from "@/lib/generation/gallery-query";
import { startEmbeddedPostgres } from "@/lib/postgres/embedded";
import { migrate } from "@/lib/postgres/migrate";
import { ensureUser } from "@/lib/postgres/seed";
import { signIn, startStudio, timeIt } from "./lib";
import { benchPages } from "./pages";

const ROWS = 100_000;
const EMAIL = "bench@example.test";
const PASSWORD = "bench-password-1";

/**
 * The gallery at 100,000 generations for one user: p50/p95 of the first page, a deep cursor
 * page (past row 90,000) and a prompt search, measured at the HTTP API of a production build.
 */
export async function benchGallery(port: number) {
  const root = path.resolve("data/bench-gallery");
  await rm(root, { recursive: true, force: true });
  const database = await startEmbeddedPostgres({ dir: path.join(root, "postgres") });
  await migrate(database.url);
  await ensureUser(database.url, { email: EMAIL, password: PASSWORD });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const seedStarted = performance.now();
  await client.query(
    `INSERT INTO "Generation" (id, "userId", prompt, "aspectRatio", duration, quality, "motionMode", "negativePrompt", seed,
       status, "estimatedCostMicros", "chargedCostMicros", "createdAt", "updatedAt")
     SELECT 'bench' || lpad(i::text, 7, '0'), u.id,
       (ARRAY['a red fox in snow','koi fish in a pond','neon city at night','ocean waves at dawn','a paper boat in rain'])[1 + i % 5] || ' take ' || i,
       (ARRAY['16:9','9:16','1:1','4:3','3:4'])[1 + i % 5], 5, (ARRAY['360p','540p','720p'])[1 + i % 3], 'normal', '', 1 + i % 99999,
       (CASE WHEN i % 11 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"GenerationStatus", 375000, 375000,
       timestamp '2026-01-01' + (i || ' seconds')::interval, now()
     FROM generate_series(1, $1) AS i, (SELECT id FROM "User" WHERE email = $2) AS u`,
    [ROWS, EMAIL],
  );
  await client.query(`ANALYZE "Generation"`);
  const seedMs = performance.now() - seedStarted;
  const deep = (
    await client.query<{ createdAt: Date; id: string }>(
      `SELECT "createdAt", id FROM "Generation" ORDER BY "createdAt" DESC, id DESC OFFSET 90000 LIMIT 1`,
    )
  ).rows[0]!;
  await client.end();

  const studio = await startStudio({ DATABASE_URL: database.url, DATA_DIR: root, WORKER_IN_PROCESS: "false" }, port);
  try {
    const cookie = await signIn(studio.url, EMAIL, PASSWORD);
    const get = (query: string) => async () => {
      const res = await fetch(`${studio.url}/api/generations?${query}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`GET ${query}: ${res.status}`);
      const body = (await res.json()) as { items: unknown[] };
      if (body.items.length !== 24) throw new Error(`GET ${query}: ${body.items.length} items`);
    };
    const cursor = encodeURIComponent(encodeCursor(deep.createdAt, deep.id));
    // Warm up the server's code paths and Postgres' buffers once before measuring.
    await timeIt(20, get("limit=24"));
    const first = await timeIt(200, get("limit=24"));
    const deepPage = await timeIt(200, get(`limit=24&cursor=${cursor}`));
    const search = await timeIt(100, get("limit=24&q=fox"));
    const pages = await benchPages(studio.url, cookie, ["/", "/gallery"]);
    return { rows: ROWS, seedMs, first, deepPage, search, pages };
  } finally {
    await studio.stop();
    await database.stop();
  }
}
