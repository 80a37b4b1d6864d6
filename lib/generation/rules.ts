import type { Duration, MotionMode, Quality } from "./options";

type Combination = { quality: Quality; duration: Duration; motionMode: MotionMode };

/**
 * The upstream's cross-field rules, one row each, with the reason a person reads.
 * `violated` answers whether a combination breaks the rule.
 */
export const CROSS_FIELD_RULES = [
  {
    fields: ["duration", "quality"] as const,
    violated: (c: Combination) => c.duration === 8 && c.quality === "1080p",
    message: "8 s clips are not available at 1080p; pick 720p or lower, or 5 s.",
  },
  {
    fields: ["duration", "motionMode"] as const,
    violated: (c: Combination) => c.duration === 8 && c.motionMode === "fast",
    message: "Fast motion is only available for 5 s clips.",
  },
  {
    fields: ["motionMode", "quality"] as const,
    violated: (c: Combination) => c.motionMode === "fast" && c.quality === "1080p",
    message: "Fast motion is not available at 1080p; pick 720p or lower.",
  },
] as const;

export type RuleViolation = { fields: readonly ("duration" | "quality" | "motionMode")[]; message: string };

export function ruleViolations(c: Combination): RuleViolation[] {
  return CROSS_FIELD_RULES.filter((r) => r.violated(c)).map((r) => ({ fields: r.fields, message: r.message }));
}

export function isAllowed(c: Combination): boolean {
  return ruleViolations(c).length === 0;
}
