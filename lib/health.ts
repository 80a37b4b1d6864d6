import "server-only";
import { db } from "@/lib/db";
import { queue, GENERATION_QUEUE } from "@/lib/jobs/queue";
import { upstreamConfig } from "@/lib/segmind/config";
import { storage } from "@/lib/storage";

type Check = { ok: boolean; detail?: string };

async function check(fn: () => Promise<string | void>): Promise<Check> {
  try {
    const detail = await fn();
    return detail ? { ok: true, detail } : { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.slice(0, 200) };
  }
}

/** What a load balancer needs to know; no secret, no user data. */
export async function checkHealth() {
  const [database, files, jobs, upstream] = await Promise.all([
    check(async () => {
      await db().$queryRaw`SELECT 1`;
    }),
    check(async () => {
      await storage().check();
      return storage().describe;
    }),
    check(async () => `${await (await queue()).getQueueSize(GENERATION_QUEUE)} waiting`),
    check(async () => {
      const u = upstreamConfig();
      return `${u.emulator ? "emulator" : "segmind"}, ${u.mode} mode`;
    }),
  ]);
  return { ok: database.ok && files.ok && jobs.ok && upstream.ok, database, storage: files, queue: jobs, upstream };
}
