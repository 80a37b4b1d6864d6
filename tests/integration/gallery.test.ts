import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  getGenerationByShareSlug,
  getViewableGeneration,
  listGenerationsByUser,
  revokeShare,
  setFavorite,
  shareGeneration,
  softDeleteGeneration,
} from "@/lib/data/generations";
import { galleryQuerySchema } from "@/lib/generation/gallery-query";
import { createTestUser } from "./helpers";

afterAll(() => db().$disconnect());

const PROMPTS = ["a red fox in snow", "koi fish in a pond", "neon city at night", "a fox cub sleeping", "ocean waves at dawn"];

/** Rows written straight to the table, with timestamps a second apart (several share one, on purpose). */
async function seed(userId: string, n: number) {
  const base = Date.parse("2026-11-01T00:00:00Z");
  await db().generation.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      userId,
      prompt: `${PROMPTS[i % PROMPTS.length]} #${i}`,
      aspectRatio: i % 2 ? "16:9" : "9:16",
      duration: 5,
      quality: i % 3 ? "540p" : "720p",
      motionMode: "normal",
      negativePrompt: "",
      seed: i + 1,
      style: i % 4 === 0 ? "anime" : null,
      status: i % 7 === 0 ? "FAILED" : "SUCCEEDED",
      estimatedCostMicros: 375_000,
      createdAt: new Date(base + Math.floor(i / 3) * 1000), // three rows per second: ties on createdAt
    })),
  });
}

const q = (over: Record<string, unknown> = {}) => galleryQuerySchema.parse({ limit: 10, ...over });

describe("the gallery query", () => {
  it("walks every row exactly once, newest first, by cursor, across createdAt ties", async () => {
    const user = await createTestUser("pages");
    await seed(user.id, 53);
    const seen: string[] = [];
    let cursor: string | undefined;
    let previous: Date | null = null;
    for (let page = 0; page < 20; page++) {
      const result = await listGenerationsByUser(user.id, q({ cursor }));
      for (const item of result.items) {
        if (previous) expect(item.createdAt.getTime()).toBeLessThanOrEqual(previous.getTime());
        previous = item.createdAt;
        seen.push(item.id);
      }
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(53);
    expect(new Set(seen).size).toBe(53);
  });

  it("searches prompts case-insensitively and combines filters", async () => {
    const user = await createTestUser("search");
    await seed(user.id, 20);
    const foxes = await listGenerationsByUser(user.id, q({ q: "FOX", limit: 100 }));
    expect(foxes.items.length).toBe(8);
    expect(foxes.items.every((g) => /fox/i.test(g.prompt))).toBe(true);
    const filtered = await listGenerationsByUser(user.id, q({ quality: "720p", aspectRatio: "9:16", status: "SUCCEEDED", limit: 100 }));
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((g) => g.quality === "720p" && g.aspectRatio === "9:16" && g.status === "SUCCEEDED")).toBe(true);
    const anime = await listGenerationsByUser(user.id, q({ style: "anime", limit: 100 }));
    expect(anime.items).toHaveLength(5);
    const day = await listGenerationsByUser(user.id, q({ from: "2026-11-01", to: "2026-11-01", limit: 100 }));
    expect(day.items).toHaveLength(20);
    const none = await listGenerationsByUser(user.id, q({ from: "2026-11-02", limit: 100 }));
    expect(none.items).toHaveLength(0);
  });

  it("never shows another user's rows", async () => {
    const a = await createTestUser("a");
    const b = await createTestUser("b");
    await seed(a.id, 5);
    expect((await listGenerationsByUser(b.id, q())).items).toHaveLength(0);
  });

  it("favourites, deletes and share links are the owner's alone", async () => {
    const owner = await createTestUser("owner");
    const other = await createTestUser("other");
    await seed(owner.id, 3);
    const [g] = (await listGenerationsByUser(owner.id, q({ status: "SUCCEEDED" }))).items;
    expect(await setFavorite(g!.id, other.id, true)).toBe(false);
    expect(await setFavorite(g!.id, owner.id, true)).toBe(true);
    expect((await listGenerationsByUser(owner.id, q({ favorite: "true" }))).items.map((x) => x.id)).toEqual([g!.id]);

    expect(await shareGeneration(g!.id, other.id)).toBeNull();
    const shared = await shareGeneration(g!.id, owner.id);
    const slug = (shared as { slug: string }).slug;
    expect(Buffer.from(slug, "base64url")).toHaveLength(24);
    expect(await shareGeneration(g!.id, owner.id)).toEqual({ slug }); // same link on a second ask
    expect((await getGenerationByShareSlug(slug))?.id).toBe(g!.id);
    expect((await getViewableGeneration(g!.id, null, slug))?.id).toBe(g!.id);
    expect(await getViewableGeneration(g!.id, other.id, null)).toBeNull();

    expect(await revokeShare(g!.id, other.id)).toBe(false);
    expect(await revokeShare(g!.id, owner.id)).toBe(true);
    expect(await getGenerationByShareSlug(slug)).toBeNull();

    expect((await softDeleteGeneration(g!.id, other.id)).found).toBe(false);
    expect((await softDeleteGeneration(g!.id, owner.id)).found).toBe(true);
    expect((await listGenerationsByUser(owner.id, q())).items.map((x) => x.id)).not.toContain(g!.id);
    // The row stays, for the cost record.
    expect(await db().generation.findUnique({ where: { id: g!.id } })).toMatchObject({ estimatedCostMicros: 375_000 });
  });

  it("a running generation cannot be deleted", async () => {
    const owner = await createTestUser("running");
    await seed(owner.id, 1);
    const row = await db().generation.findFirstOrThrow({ where: { userId: owner.id } });
    await db().generation.update({ where: { id: row.id }, data: { status: "RUNNING" } });
    expect(await softDeleteGeneration(row.id, owner.id)).toEqual({ found: true, running: true });
  });
});
