import { describe, expect, it } from "vitest";
import {
  DURATIONS,
  MOTION_MODES,
  QUALITIES,
  explainOptions,
  formatUsd,
  frameSize,
  generationParamsSchema,
  isAllowed,
  priceMicros,
  quote,
  toUpstreamBody,
} from "@/lib/generation";

// UPSTREAM.md, written out by hand: every quality × duration × motion mode, allowed or not, and its price.
const TABLE: [quality: string, duration: number, motion: string, usd: number | null][] = [
  ["360p", 5, "normal", 0.375],
  ["360p", 8, "normal", 0.75],
  ["360p", 5, "fast", 0.75],
  ["360p", 8, "fast", null],
  ["540p", 5, "normal", 0.375],
  ["540p", 8, "normal", 0.75],
  ["540p", 5, "fast", 0.75],
  ["540p", 8, "fast", null],
  ["720p", 5, "normal", 0.5],
  ["720p", 8, "normal", 1.0],
  ["720p", 5, "fast", 1.0],
  ["720p", 8, "fast", null],
  ["1080p", 5, "normal", 1.0],
  ["1080p", 8, "normal", null],
  ["1080p", 5, "fast", null],
  ["1080p", 8, "fast", null],
];

describe("every combination of quality × duration × motion mode", () => {
  it("the table covers all of them", () => {
    expect(TABLE).toHaveLength(QUALITIES.length * DURATIONS.length * MOTION_MODES.length);
  });

  it.each(TABLE)("%s %i s %s → %s", (quality, duration, motionMode, usd) => {
    const c = { quality, duration, motionMode } as Parameters<typeof isAllowed>[0];
    expect(isAllowed(c)).toBe(usd !== null);
    expect(priceMicros(c)).toBe(usd === null ? null : Math.round(usd * 1e6));
    const parsed = generationParamsSchema.safeParse({ prompt: "a cat", aspectRatio: "16:9", quality, duration, motionMode });
    expect(parsed.success).toBe(usd !== null);
    const q = quote(c);
    expect(q.ok).toBe(usd !== null);
  });
});

describe("explainOptions", () => {
  it("greys out 8 s with the reason when 1080p is chosen", () => {
    const s = explainOptions({ quality: "1080p", duration: 5, motionMode: "normal" });
    expect(s.duration).toEqual([
      { value: 5, allowed: true },
      { value: 8, allowed: false, reason: expect.stringContaining("1080p") },
    ]);
    expect(s.motionMode.find((o) => o.value === "fast")).toMatchObject({ allowed: false });
  });

  it("greys out 8 s when fast motion is chosen", () => {
    const s = explainOptions({ quality: "540p", duration: 5, motionMode: "fast" });
    expect(s.duration[1]).toMatchObject({ value: 8, allowed: false, reason: expect.stringContaining("5 s") });
    expect(s.quality.find((o) => o.value === "1080p")).toMatchObject({ allowed: false });
  });

  it("offers everything valid with 5 s normal", () => {
    const s = explainOptions({ quality: "540p", duration: 5, motionMode: "normal" });
    expect([...s.quality, ...s.duration, ...s.motionMode].every((o) => o.allowed)).toBe(true);
  });
});

describe("the parameter schema", () => {
  const base = { prompt: "a cat", aspectRatio: "16:9", duration: 5, quality: "540p", motionMode: "normal" };
  const bad: [string, Record<string, unknown>, string][] = [
    ["empty prompt", { prompt: "   " }, "prompt"],
    ["prompt not text", { prompt: 5 }, "prompt"],
    ["huge prompt", { prompt: "x".repeat(5000) }, "prompt"],
    ["unknown ratio", { aspectRatio: "21:9" }, "aspectRatio"],
    ["duration as string", { duration: "5" }, "duration"],
    ["duration 6", { duration: 6 }, "duration"],
    ["quality 4k", { quality: "4k" }, "quality"],
    ["motion slow", { motionMode: "slow" }, "motionMode"],
    ["seed 0", { seed: 0 }, "seed"],
    ["seed 100000", { seed: 100000 }, "seed"],
    ["seed fraction", { seed: 1.5 }, "seed"],
    ["seed string", { seed: "12" }, "seed"],
    ["style unknown", { style: "noir" }, "style"],
    ["8 s at 1080p", { duration: 8, quality: "1080p" }, "duration"],
    ["8 s fast", { duration: 8, motionMode: "fast" }, "duration"],
    ["fast at 1080p", { motionMode: "fast", quality: "1080p" }, "motionMode"],
  ];
  it.each(bad)("refuses %s, naming the field", (_name, patch, field) => {
    const r = generationParamsSchema.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });

  it("refuses unknown fields by name", () => {
    const r = generationParamsSchema.safeParse({ ...base, api_key: "x" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain("api_key");
  });

  it("builds the upstream body with the service's names and integer numbers", () => {
    const r = generationParamsSchema.parse({ ...base, prompt: "  a cat  ", seed: 42, style: "clay", negativePrompt: "" });
    expect(toUpstreamBody({ ...r, seed: 42 })).toEqual({
      prompt: "a cat",
      aspect_ratio: "16:9",
      duration: 5,
      quality: "540p",
      motion_mode: "normal",
      negative_prompt: "No sudden movements, no fast zooms.",
      seed: 42,
      style: "clay",
    });
  });
});

describe("money and frames", () => {
  it.each([
    [375_000, "$0.375"],
    [500_000, "$0.50"],
    [1_000_000, "$1.00"],
    [0, "$0.00"],
    [9_999_625_000, "$9,999.625"],
    [12_345_000_000, "$12,345.00"],
  ])("formats %i micro-dollars as %s", (m, s) => expect(formatUsd(m)).toBe(s));

  it.each([
    ["360p", "16:9", 640, 360],
    ["540p", "16:9", 960, 540],
    ["720p", "9:16", 720, 1280],
    ["1080p", "1:1", 1080, 1080],
    ["540p", "4:3", 720, 540],
    ["360p", "3:4", 360, 480],
  ] as const)("%s %s is %i×%i", (q, r, w, h) => expect(frameSize(q, r)).toEqual({ width: w, height: h }));
});
