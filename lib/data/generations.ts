import "server-only";
import { randomBytes, randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { SEED_MAX, SEED_MIN, priceMicros, type GenerationParams } from "@/lib/generation";
import { checkLimits, type LimitBreach } from "@/lib/data/limits";
import type { Limits } from "@/lib/generation/limits";
import { decodeCursor, encodeCursor, type GalleryQuery } from "@/lib/generation/gallery-query";
import { GENERATION_ID, SHARE_SLUG } from "@/lib/generation/ids";
import type { Generation, Prisma } from "@/lib/generated/prisma/client";

export type { Generation };

/** How long an idempotency key answers the generation it made. */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Stores a new QUEUED generation with its price estimate and the seed it will use
 * (picked here when the person left it empty, so every result can be reproduced), unless a
 * limit says no. The check and the insert run under the user's advisory lock, so a burst of
 * concurrent submissions cannot slip past a limit together.
 */
export async function createGeneration(
  userId: string,
  params: GenerationParams,
  opts: {
    idempotencyKey?: string;
    limits?: Limits;
    /** Runs in the insert's transaction, so a row and its queued job exist together or not at all. */
    enqueue?: (tx: Prisma.TransactionClient, generation: Generation) => Promise<void>;
  } = {},
): Promise<{ generation: Generation; replayed: boolean } | { breach: LimitBreach } | { keyReused: Generation }> {
  const estimate = priceMicros(params);
  if (estimate === null) throw new Error("createGeneration called with a combination that has no price");
  return oneAtATimePerUser(userId, () =>
    db().$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${userId}))`;
        // Under the lock, a submission racing its own double is answered with the first one,
        // before any limit could refuse it. A key older than 24 h is free again: detach it.
        if (opts.idempotencyKey) {
          const key = { userId_idempotencyKey: { userId, idempotencyKey: opts.idempotencyKey } };
          const existing = await tx.generation.findUnique({ where: key });
          if (existing && existing.createdAt.getTime() >= Date.now() - IDEMPOTENCY_WINDOW_MS) {
            return sameSettings(existing, params) ? { generation: existing, replayed: true } : { keyReused: existing };
          }
          if (existing) await tx.generation.update({ where: { id: existing.id }, data: { idempotencyKey: null } });
        }
        if (opts.limits) {
          const breach = await checkLimits(tx, userId, estimate, opts.limits);
          if (breach) return { breach };
        }
        const generation = await tx.generation.create({
          data: {
            userId,
            prompt: params.prompt,
            aspectRatio: params.aspectRatio,
            duration: params.duration,
            quality: params.quality,
            motionMode: params.motionMode,
            negativePrompt: params.negativePrompt ?? "",
            seed: params.seed ?? randomInt(SEED_MIN, SEED_MAX + 1),
            seedWasRandom: params.seed == null,
            style: params.style ?? null,
            estimatedCostMicros: estimate,
            idempotencyKey: opts.idempotencyKey ?? null,
          },
        });
        await opts.enqueue?.(tx, generation);
        return { generation, replayed: false };
      },
      // A burst from one user queues here; give it time rather than failing the tail of it.
      { maxWait: 15_000, timeout: 15_000 },
    ),
  );
}

/** Whether a stored generation was asked for with exactly these settings (a replay, not a new request). */
function sameSettings(g: Generation, params: GenerationParams): boolean {
  const seedMatches = params.seed == null ? g.seedWasRandom : !g.seedWasRandom && g.seed === params.seed;
  return (
    seedMatches &&
    g.prompt === params.prompt &&
    g.aspectRatio === params.aspectRatio &&
    g.duration === params.duration &&
    g.quality === params.quality &&
    g.motionMode === params.motionMode &&
    g.negativePrompt === (params.negativePrompt ?? "") &&
    g.style === (params.style ?? null)
  );
}

const submitting = new Map<string, Promise<unknown>>();

/**
 * Runs one user's submissions in this process one after another. The advisory lock already
 * serialises them in Postgres, but a burst would hold a pooled connection per waiter and
 * starve everyone else's queries; this way a user holds at most one connection per process.
 */
function oneAtATimePerUser<T>(userId: string, fn: () => Promise<T>): Promise<T> {
  const run = (submitting.get(userId) ?? Promise.resolve()).then(fn, fn);
  const settled = run.catch(() => {});
  submitting.set(userId, settled);
  void settled.then(() => {
    if (submitting.get(userId) === settled) submitting.delete(userId);
  });
  return run;
}

// An id from a URL that is not one of ours cannot name a row: answer "not found" without asking
// Postgres (which refuses some, a NUL for one, with an error rather than no row).
const isId = (id: string) => GENERATION_ID.test(id);

export async function getGenerationForUser(id: string, userId: string) {
  if (!isId(id)) return null;
  return db().generation.findFirst({ where: { id, userId, deletedAt: null } });
}

export async function getGeneration(id: string) {
  return db().generation.findUnique({ where: { id } });
}

/** Moves QUEUED → RUNNING exactly once; null when another worker (or a duplicate job) got there first. */
export async function claimGeneration(id: string) {
  // A resumed job keeps its first start, so timings and the overall deadline stay honest.
  const count = await db().$executeRaw`
    UPDATE "Generation" SET status = 'RUNNING', "startedAt" = COALESCE("startedAt", now()), "heartbeatAt" = now(), "updatedAt" = now()
    WHERE id = ${id} AND status = 'QUEUED'`;
  return count === 1 ? getGeneration(id) : null;
}

export async function recordAttempt(id: string, attempts: number) {
  await db().generation.update({ where: { id }, data: { attempts, heartbeatAt: new Date() } });
}

export async function heartbeat(ids: string[]) {
  if (ids.length) await db().generation.updateMany({ where: { id: { in: ids }, status: "RUNNING" }, data: { heartbeatAt: new Date() } });
}

export type Success = {
  chargedCostMicros: number;
  incurredCostMicros: number;
  upstreamRequestId?: string;
  upstreamCost?: string;
  upstreamRemainingCredits?: string;
  upstreamGenerationTime?: string;
  upstreamSeed?: number;
  upstreamMs: number;
  videoKey: string;
  posterKey: string;
  byteSize: number;
  width: number;
  height: number;
  durationMs: number;
};

/** RUNNING → SUCCEEDED; the guard on status keeps a late duplicate from overwriting a final row. */
export async function markSucceeded(id: string, result: Success) {
  await db().generation.updateMany({
    where: { id, status: "RUNNING" },
    data: { status: "SUCCEEDED", finishedAt: new Date(), errorCode: null, errorMessage: null, atRiskCostMicros: 0, ...result },
  });
}

export type Failure = { code: string; message: string; incurredCostMicros: number; atRiskCostMicros: number };

/**
 * → FAILED with a reason. The user is charged nothing for a video they did not get; what Segmind
 * billed the operator (incurred) or may have (at risk) is recorded apart (lib/generation/ledger.ts).
 */
export async function markFailed(id: string, failure: Failure, from: ("QUEUED" | "RUNNING")[] = ["RUNNING"]) {
  const { code, message, ...money } = failure;
  const { count } = await db().generation.updateMany({
    where: { id, status: { in: from } },
    data: { status: "FAILED", finishedAt: new Date(), chargedCostMicros: 0, errorCode: code, errorMessage: message, ...money },
  });
  return count === 1;
}

/**
 * RUNNING rows to settle, oldest first (their results expire first): those whose worker stopped
 * beating (`abandoned`: its process died), and those past their deadline whatever their heartbeat says. A
 * row's deadline is `timeoutMs` after its first start or, once Segmind finished the job, after
 * that (the studio keeps trying to fetch a paid video), plus `graceMs`.
 */
export async function findUnsettled(opts: { staleBefore: Date; timeoutMs: number; graceMs: number; now?: Date }) {
  const now = opts.now ?? new Date();
  const overdueBefore = new Date(now.getTime() - opts.timeoutMs - opts.graceMs);
  return db().$queryRaw<(Generation & { abandoned: boolean })[]>`
    SELECT g.*, (g."heartbeatAt" IS NULL OR g."heartbeatAt" < ${opts.staleBefore}) AS abandoned
    FROM "Generation" g
    WHERE g.status = 'RUNNING'
      AND (g."heartbeatAt" IS NULL OR g."heartbeatAt" < ${opts.staleBefore}
           OR GREATEST(g."startedAt", COALESCE(g."upstreamCompletedAt", g."startedAt")) < ${overdueBefore})
    ORDER BY g."startedAt" ASC NULLS FIRST
    LIMIT 200`;
}

/** Stores the upstream's request id the moment it is known, so a restart can resume the job. */
export async function recordSubmitted(id: string, requestId: string) {
  await db().generation.update({ where: { id }, data: { upstreamRequestId: requestId, upstreamSubmittedAt: new Date(), heartbeatAt: new Date() } });
}

/**
 * Records that Segmind finished the job, so billed it: `incurredMicros` is what it reported, or
 * the price table's figure until it does. The first completion time is kept.
 */
export async function recordCompleted(id: string, incurredMicros: number) {
  await db().$executeRaw`
    UPDATE "Generation" SET "upstreamCompletedAt" = COALESCE("upstreamCompletedAt", now()), "incurredCostMicros" = ${incurredMicros}, "updatedAt" = now()
    WHERE id = ${id}`;
}

/**
 * Puts an abandoned RUNNING row whose upstream job is known back in line to resume it, and its
 * job on the queue, in one transaction.
 */
export async function requeueForResume(id: string, enqueue: (tx: Prisma.TransactionClient) => Promise<void>) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.generation.updateMany({
      where: { id, status: "RUNNING", upstreamRequestId: { not: null } },
      data: { status: "QUEUED", heartbeatAt: null },
    });
    if (count === 1) await enqueue(tx);
    return count === 1;
  });
}

/**
 * One page of a user's gallery, newest first, by keyset (cursor) pagination: the
 * (userId, createdAt DESC, id DESC) index answers the first page and page 4,000 alike.
 */
export async function listGenerationsByUser(userId: string, query: GalleryQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const and: Prisma.GenerationWhereInput[] = [];
  if (query.from) and.push({ createdAt: { gte: new Date(`${query.from}T00:00:00Z`) } });
  if (query.to) and.push({ createdAt: { lt: new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000) } });
  if (after) {
    // (createdAt, id) < (cursor): the `lte` bound lets Postgres start the index scan at the cursor.
    and.push({ createdAt: { lte: after.createdAt } });
    and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] });
  }
  const where: Prisma.GenerationWhereInput = {
    userId,
    deletedAt: null,
    ...(query.q ? { prompt: { contains: query.q, mode: "insensitive" } } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.quality ? { quality: query.quality } : {}),
    ...(query.aspectRatio ? { aspectRatio: query.aspectRatio } : {}),
    ...(query.style ? { style: query.style } : {}),
    ...(query.favorite ? { favorite: true } : {}),
    AND: and,
  };
  const rows = await db().generation.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

export async function setFavorite(id: string, userId: string, favorite: boolean) {
  if (!isId(id)) return false;
  const { count } = await db().generation.updateMany({ where: { id, userId, deletedAt: null }, data: { favorite } });
  return count === 1;
}

/**
 * Hides a generation and forgets where its bytes were; answers the keys to delete from storage.
 * Only a final generation can be deleted, so a running job never writes into a deleted row.
 */
export async function softDeleteGeneration(id: string, userId: string) {
  if (!isId(id)) return { found: false as const };
  const g = await db().generation.findFirst({ where: { id, userId, deletedAt: null } });
  if (!g) return { found: false as const };
  if (g.status === "QUEUED" || g.status === "RUNNING") return { found: true as const, running: true as const };
  await db().generation.update({
    where: { id },
    data: { deletedAt: new Date(), shareSlug: null, videoKey: null, posterKey: null, favorite: false },
  });
  return { found: true as const, running: false as const, keys: [g.videoKey, g.posterKey].filter((k): k is string => Boolean(k)) };
}

/** The share slug of a finished video, made on first ask: 24 random bytes (192 bits), URL-safe. */
export async function shareGeneration(id: string, userId: string) {
  if (!isId(id)) return null;
  const g = await db().generation.findFirst({ where: { id, userId, deletedAt: null } });
  if (!g) return null;
  if (g.status !== "SUCCEEDED") return { notReady: true as const };
  if (g.shareSlug) return { slug: g.shareSlug };
  const slug = randomBytes(24).toString("base64url");
  // Two concurrent clicks: only the first write wins; both answer the slug that was kept.
  await db().generation.updateMany({ where: { id, shareSlug: null }, data: { shareSlug: slug, sharedAt: new Date() } });
  const kept = await db().generation.findUnique({ where: { id }, select: { shareSlug: true } });
  return { slug: kept?.shareSlug ?? slug };
}

export async function revokeShare(id: string, userId: string) {
  if (!isId(id)) return false;
  const { count } = await db().generation.updateMany({
    where: { id, userId, deletedAt: null },
    data: { shareSlug: null, sharedAt: null },
  });
  return count === 1;
}

export async function getGenerationByShareSlug(slug: string) {
  if (!SHARE_SLUG.test(slug)) return null;
  return db().generation.findFirst({ where: { shareSlug: slug, deletedAt: null, status: "SUCCEEDED" } });
}

/** A video's owner, or anyone holding its live share slug. */
export async function getViewableGeneration(id: string, userId: string | null, shareSlug: string | null) {
  if (!isId(id)) return null;
  if (userId) {
    const own = await db().generation.findFirst({ where: { id, userId, deletedAt: null } });
    if (own) return own;
  }
  if (shareSlug) {
    const shared = await getGenerationByShareSlug(shareSlug);
    if (shared?.id === id) return shared;
  }
  return null;
}
