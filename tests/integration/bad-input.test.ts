import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/error-response";
import { postGeneration } from "@/lib/api/generations";
import { db } from "@/lib/db";
import { stopQueue } from "@/lib/jobs/queue";
import { startWorker } from "@/lib/jobs/worker";
import {
  createTestUser,
  resetEmulator,
  settleQueuedGenerations,
  upstreamPrompts,
  validParams,
  waitForIdleQueue,
  waitUntil,
} from "./helpers";

afterAll(async () => {
  await stopQueue();
  await db().$disconnect();
});

// ---------------------------------------------------------------------------------------------
// What a valid body is, written out here from the contract. Nothing comes from lib/generation:
// a predicate built on the schema under test would agree with every bug in it.
//
// From /work/shared/UPSTREAM.md, "Request" table; the studio's fields are the upstream's in
// camelCase (aspect_ratio → aspectRatio, motion_mode → motionMode, negative_prompt → negativePrompt).
const ASPECT_RATIOS = ["16:9", "4:3", "1:1", "3:4", "9:16"];
const DURATIONS = [5, 8]; // integers as JSON numbers, not strings
const QUALITIES = ["360p", "540p", "720p", "1080p"];
const MOTION_MODES = ["normal", "fast"];
const STYLES = ["anime", "3d_animation", "clay", "comic", "cyberpunk"];
const SEED_MIN = 1;
const SEED_MAX = 99_999;
// The studio's own limits, as lib/generation/schema.ts and options.ts set them (UPSTREAM.md has none):
// - prompt and negative prompt at most 2048 characters (options.ts PROMPT_MAX_LENGTH and
//   NEGATIVE_PROMPT_MAX_LENGTH), counted in UTF-16 units after trimming (schema.ts: z.trim() before
//   z.maxLength), so a whitespace-only prompt is empty;
const PROMPT_MAX = 2048;
const NEGATIVE_PROMPT_MAX = 2048;
// - no field but these eight (schema.ts: z.strictObject);
const FIELDS = ["prompt", "aspectRatio", "duration", "quality", "motionMode", "negativePrompt", "seed", "style"];
// - aspectRatio, duration, quality and motionMode are required, though the upstream defaults them
//   (schema.ts: none is optional; the form always sends all four);
// - null stands for "not given" in seed and style only (schema.ts: z.nullish), not in negativePrompt
//   (z.optional) nor in the required fields.
// - No U+0000 in the texts: the studio keeps them in Postgres text columns, which cannot hold it
//   (prisma/schema.prisma; Postgres refuses with "invalid byte sequence").

type Rule = "json" | "object" | "unknown_field" | keyof typeof fieldRules | "cross_field" | "nul";

const isText = (v: unknown, max: number) => typeof v === "string" && v.trim().length <= max;
const fieldRules = {
  prompt: (v: unknown) => isText(v, PROMPT_MAX) && (v as string).trim().length > 0,
  aspectRatio: (v: unknown) => ASPECT_RATIOS.includes(v as string),
  duration: (v: unknown) => DURATIONS.includes(v as number),
  quality: (v: unknown) => QUALITIES.includes(v as string),
  motionMode: (v: unknown) => MOTION_MODES.includes(v as string),
  negativePrompt: (v: unknown) => v === undefined || isText(v, NEGATIVE_PROMPT_MAX),
  seed: (v: unknown) => v === undefined || v === null || (Number.isInteger(v) && (v as number) >= SEED_MIN && (v as number) <= SEED_MAX),
  style: (v: unknown) => v === undefined || v === null || STYLES.includes(v as string),
};

/** Every rule the body, as the server would parse it from this text, breaks; none means valid. */
function brokenRules(text: string): Rule[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return ["json"];
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return ["object"];
  const b = body as Record<string, unknown>;
  const get = (k: string) => (Object.hasOwn(b, k) ? b[k] : undefined);
  const broken: Rule[] = [];
  if (Object.keys(b).some((k) => !FIELDS.includes(k))) broken.push("unknown_field");
  for (const [name, ok] of Object.entries(fieldRules)) if (!ok(get(name))) broken.push(name as Rule);
  // UPSTREAM.md, "Cross-field rules": 8 s neither with fast motion nor at 1080p; fast motion not at 1080p.
  const [duration, quality, motionMode] = [get("duration"), get("quality"), get("motionMode")];
  if ((duration === 8 && (motionMode === "fast" || quality === "1080p")) || (motionMode === "fast" && quality === "1080p")) {
    broken.push("cross_field");
  }
  if (["prompt", "negativePrompt"].some((k) => { const v = get(k); return typeof v === "string" && v.includes("\u0000"); })) broken.push("nul");
  return broken;
}


// ---------------------------------------------------------------------------------------------

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

const longText = (n: number) => "x".repeat(n);

/** Bodies of allowed values only, in any combination, forbidden ones included. */
const anyCombination = fc.record(
  {
    prompt: fc.oneof(
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 300 }),
      fc.constantFrom(longText(PROMPT_MAX), ` \n${longText(PROMPT_MAX)}\t `, "  a  "),
    ),
    aspectRatio: fc.constantFrom(...ASPECT_RATIOS),
    duration: fc.constantFrom(...DURATIONS),
    quality: fc.constantFrom(...QUALITIES),
    motionMode: fc.constantFrom(...MOTION_MODES),
    negativePrompt: fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), fc.constantFrom("", "   ", longText(NEGATIVE_PROMPT_MAX))),
    seed: fc.oneof(fc.integer({ min: SEED_MIN, max: SEED_MAX }), fc.constantFrom(SEED_MIN, SEED_MAX), fc.constant(null)),
    style: fc.constantFrom(...STYLES, null),
  },
  { requiredKeys: ["prompt", "aspectRatio", "duration", "quality", "motionMode"] },
);

const field = fc.oneof(
  fc.constant(undefined), // the field left out
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(), // NaN and ±Infinity travel as null
  fc.string(),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.string({ minLength: 3000, maxLength: 5000 }),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  // Allowed values in the wrong field, and the edges of each rule.
  fc.constantFrom<unknown>(...ASPECT_RATIOS, ...QUALITIES, ...MOTION_MODES, ...STYLES, ...DURATIONS),
  fc.constantFrom<unknown>(0, 1, 99_999, 100_000, -1, 1.5, 5.5, 8.000001, "5", "8", "42", "", " ", "\t\n\u00a0\ufeff", "16:9 ", "1080P", "Fast", "ANIME", "16/9"),
  fc.constantFrom<unknown>(longText(PROMPT_MAX + 1), ` ${longText(PROMPT_MAX)} `, "a\u0000b", "\u0000"),
);

/** Bodies near a valid one: some fields replaced or left out, extra ones added; then only those the contract refuses. */
const refusedBody = fc
  .tuple(
    anyCombination,
    fc.oneof(
      { weight: 1, arbitrary: fc.constant({}) }, // allowed values only: the cross-field rules alone decide
      { weight: 4, arbitrary: fc.subarray(FIELDS, { minLength: 1, maxLength: 2 }).chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, field])))) },
      { weight: 2, arbitrary: fc.record(Object.fromEntries(FIELDS.map((k) => [k, field])), { requiredKeys: [] }) },
    ),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.anything(), { minKeys: 1, maxKeys: 2 }) },
    ),
  )
  .map(([base, patch, extra]) => {
    const body: Record<string, unknown> = { ...base, ...patch, ...(extra ?? {}) };
    for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
    return JSON.stringify(body);
  })
  .map((text) => ({ text, broken: brokenRules(text) }))
  .filter(({ broken }) => broken.length > 0);

const rawBody = fc
  .oneof(
    fc.string(), // mostly not JSON
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.json(), // valid JSON, mostly of the wrong shape: numbers, strings, arrays, null, other objects
    fc.constantFrom("{", '{"prompt":', "[]", "null", "\u0000", '{"prompt":"a"}}', ""),
  )
  .filter((text) => brokenRules(text).length > 0);

/** Bodies the contract allows: allowed values whose combination is allowed too. */
const allowedBody = anyCombination.map((b) => JSON.stringify(b)).filter((text) => brokenRules(text).length === 0);

const RUNS = 10_000;
const ALLOWED_RUNS = 200;

describe("bodies the contract allows are accepted", () => {
  const users: string[] = [];
  // No worker runs here: the rows stay QUEUED, and are settled after, so no later test's worker
  // sends these 200 upstream.
  afterAll(() => settleQueuedGenerations(users));

  it(`${ALLOWED_RUNS} random valid bodies: each 202, stored as sent`, async () => {
    await fc.assert(
      fc.asyncProperty(allowedBody, async (text) => {
        // A user of their own each, so the per-user limits (2 in flight, 10 a minute) never refuse one.
        const user = await createTestUser("allowed");
        users.push(user.id);
        const res = await post(user.id, text);
        const answer = (await res.json()) as { generation?: Record<string, unknown> };
        expect(res.status, JSON.stringify(answer)).toBe(202);
        const sent = JSON.parse(text) as Record<string, unknown>;
        expect(answer.generation).toMatchObject({
          status: "QUEUED",
          prompt: (sent.prompt as string).trim(),
          aspectRatio: sent.aspectRatio,
          duration: sent.duration,
          quality: sent.quality,
          motionMode: sent.motionMode,
          style: sent.style ?? null,
          ...(typeof sent.seed === "number" ? { seed: sent.seed } : {}),
        });
      }),
      { numRuns: ALLOWED_RUNS },
    );
  });
});

describe(`${RUNS.toLocaleString("en")}+ random and malformed bodies to POST /api/generations, with a worker running`, () => {
  let stopWorker: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    // Jobs other tests left queued would reach the upstream through this worker: settle them first.
    await settleQueuedGenerations();
    stopWorker = await startWorker();
    await resetEmulator();
  });
  afterAll(() => stopWorker?.());

  it("answers each with a 4xx and a clear message; stores nothing; sends nothing upstream, while a valid body sent after them does reach it", async () => {
    const user = await createTestUser("fuzz");
    const statuses = new Map<number, number>();
    const rulesBroken = new Map<Rule, number>();
    let onlyCrossField = 0;
    const check = async (res: Response, broken: Rule[]) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      for (const r of broken) rulesBroken.set(r, (rulesBroken.get(r) ?? 0) + 1);
      const text = await res.text();
      const why = `broke ${broken.join(", ")}; answered ${res.status} ${text.slice(0, 300)}`;
      expect(res.status, why).toBeGreaterThanOrEqual(400);
      expect(res.status, why).toBeLessThan(500);
      const json = JSON.parse(text) as { error: { code: string; message: string } };
      expect(json.error.code, why).toMatch(/^[a-z_]+$/);
      expect(json.error.message.length, why).toBeGreaterThan(5);
    };

    await fc.assert(
      fc.asyncProperty(refusedBody, async ({ text, broken }) => {
        if (broken.length === 1 && broken[0] === "cross_field") onlyCrossField++;
        await check(await post(user.id, text), broken);
      }),
      { numRuns: RUNS * 0.7 },
    );
    await fc.assert(fc.asyncProperty(rawBody, async (text) => check(await post(user.id, text), brokenRules(text))), { numRuns: RUNS * 0.25 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx", "json"),
        async (type) => check(await post(user.id, JSON.stringify(validParams), type), []),
      ),
      { numRuns: RUNS * 0.04 },
    );
    // Oversize bodies, with and without a declared length.
    for (let i = 0; i < RUNS * 0.01; i++) {
      const huge = JSON.stringify({ ...validParams, prompt: "x".repeat(70_000 + i) });
      const res = await post(user.id, i % 2 ? huge : new Blob([huge]).stream(), "application/json");
      expect(res.status).toBe(413);
      await check(res, ["prompt"]);
    }

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `bad inputs tried: ${total}; answers: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(", ")}; ` +
        `rules broken: ${[...rulesBroken].map(([r, c]) => `${r}×${c}`).join(", ")}; only a cross-field rule: ${onlyCrossField}`,
    );
    expect(total).toBeGreaterThanOrEqual(RUNS);
    // The fuzz must keep reaching the rules a schema is likeliest to get wrong on its own.
    expect(onlyCrossField).toBeGreaterThan(100);

    // The control: a valid body, through the same path with the same worker, reaches the upstream.
    const control = await createTestUser("fuzz-control");
    const controlPrompt = `control ${randomUUID()}`;
    expect((await post(control.id, JSON.stringify({ ...validParams, prompt: controlPrompt }))).status).toBe(202);
    const arrived = await waitUntil(async () => (await upstreamPrompts()).includes(controlPrompt), 20_000);
    expect(arrived, "the control, a valid body, should reach the upstream through the worker within 20 s").toBe(true);
    // Then wait until the queue holds nothing waiting or in hand. Had a refused body been queued, its
    // job went in before the control's and pg-boss hands jobs out oldest first, so the worker has taken
    // it by now; a job is completed only after its upstream request, so an idle queue means every such
    // request has been made. Only then does "nothing but the control upstream" mean something.
    expect(await waitForIdleQueue(20_000), "the queue should drain within 20 s").toBe(true);

    expect.soft(await upstreamPrompts(), "only the control reached the upstream").toEqual([controlPrompt]);
    expect.soft(await db().generation.count({ where: { userId: user.id } }), "nothing refused is stored").toBe(0);
  }, 300_000);
});

describe("text Postgres cannot store", () => {
  it("a U+0000 in the prompt or negative prompt is refused with a 4xx naming the field", async () => {
    const user = await createTestUser("nul");
    for (const patch of [{ prompt: "a\u0000b" }, { negativePrompt: "\u0000" }]) {
      const text = JSON.stringify({ ...validParams, ...patch });
      expect(brokenRules(text)).toEqual(["nul"]);
      const res = await post(user.id, text);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { fields?: Record<string, string[]> } };
      expect(Object.keys(error.fields ?? {})).toEqual(Object.keys(patch));
    }
    expect(await db().generation.count({ where: { userId: user.id } })).toBe(0);
  });
});
