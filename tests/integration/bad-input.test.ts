import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/error-response";
import { postGeneration } from "@/lib/api/generations";
import { db } from "@/lib/db";
import { generationParamsSchema } from "@/lib/generation";
import { stopQueue } from "@/lib/jobs/queue";
import { createTestUser, resetEmulator, upstreamRequests, validParams } from "./helpers";

afterAll(async () => {
  await stopQueue();
  await db().$disconnect();
});

const RUNS = 10_000;

/** What the route does with one request: the handler, wrapped in the same error contract. */
async function post(userId: string, body: BodyInit | null, contentType: string | null = "application/json") {
  const req = new Request("http://studio.test/api/generations", {
    method: "POST",
    body,
    headers: contentType ? { "content-type": contentType } : {},
    duplex: "half", // a streamed body, as a chunked upload without Content-Length arrives
  } as RequestInit);
  try {
    return await postGeneration(req, userId);
  } catch (error) {
    return errorResponse(error);
  }
}

const field = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.string({ minLength: 3000, maxLength: 5000 }),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  fc.constantFrom("16:9", "1080p", "fast", "anime", 5, 8, 0, 100000, "", " "),
);

/** Bodies near the valid one: some fields replaced or removed, extra ones added. */
const mutatedBody = fc
  .record({
    prompt: field,
    aspectRatio: field,
    duration: field,
    quality: field,
    motionMode: field,
    negativePrompt: field,
    seed: field,
    style: field,
  }, { requiredKeys: [] })
  .chain((patch) =>
    fc.record({ extra: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.anything(), { maxKeys: 2 }), { nil: undefined }) }).map(({ extra }) => {
      const body: Record<string, unknown> = { ...validParams, ...patch, ...(extra ?? {}) };
      for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
      return body;
    }),
  )
  // Keep only bodies that are actually invalid; valid ones would rightly be accepted.
  .filter((b) => !isValidShape(b));

function isValidShape(b: Record<string, unknown>): boolean {
  const keys = Object.keys(b);
  const allowed = ["prompt", "aspectRatio", "duration", "quality", "motionMode", "negativePrompt", "seed", "style"];
  if (keys.some((k) => !allowed.includes(k))) return false;
  return generationParamsSchema.safeParse(b).success;
}

const rawBody = fc.oneof(
  fc.string(), // mostly not JSON
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.json().filter((j) => {
    const v: unknown = JSON.parse(j);
    return !v || typeof v !== "object" || Array.isArray(v);
  }), // valid JSON, wrong shape: numbers, strings, arrays, null
  fc.constantFrom("{", "{\"prompt\":", "[]", "null", "\u0000", "{\"prompt\":\"a\"}}", ""),
);

describe("10,000+ random and malformed bodies to POST /api/generations", () => {
  it("answers each with a 4xx and a clear message; stores nothing; sends nothing upstream", async () => {
    await resetEmulator();
    const user = await createTestUser("fuzz");
    const statuses = new Map<number, number>();
    const check = async (res: Response) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toMatch(/^[a-z_]+$/);
      expect(json.error.message.length).toBeGreaterThan(5);
    };

    await fc.assert(
      fc.asyncProperty(mutatedBody, async (body) => check(await post(user.id, JSON.stringify(body)))),
      { numRuns: RUNS * 0.7 },
    );
    await fc.assert(fc.asyncProperty(rawBody, async (text) => check(await post(user.id, text))), { numRuns: RUNS * 0.25 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx", "json"),
        async (type) => check(await post(user.id, JSON.stringify(validParams), type)),
      ),
      { numRuns: RUNS * 0.04 },
    );
    // Oversize bodies, with and without a declared length.
    for (let i = 0; i < RUNS * 0.01; i++) {
      const huge = JSON.stringify({ ...validParams, prompt: "x".repeat(70_000 + i) });
      const res = await post(user.id, i % 2 ? huge : new Blob([huge]).stream(), "application/json");
      await check(res);
      expect(res.status).toBe(413);
    }

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(`bad inputs tried: ${total}; answers: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(", ")}`);
    expect(total).toBeGreaterThanOrEqual(RUNS);
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(0);
    expect(await upstreamRequests()).toHaveLength(0);
  }, 300_000);

  it("a valid body through the same path is accepted (so the property above can fail)", async () => {
    const user = await createTestUser("fuzz-ok");
    const res = await post(user.id, JSON.stringify(validParams));
    expect(res.status).toBe(202);
  });
});
