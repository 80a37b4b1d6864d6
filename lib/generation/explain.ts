import { DURATIONS, MOTION_MODES, QUALITIES, type Duration, type MotionMode, type Quality } from "./options";
import { priceMicros } from "./price";
import { ruleViolations } from "./rules";

type Choice = { quality: Quality; duration: Duration; motionMode: MotionMode };

export type OptionState<T> = { value: T; allowed: true } | { value: T; allowed: false; reason: string };

export type OptionStates = {
  quality: OptionState<Quality>[];
  duration: OptionState<Duration>[];
  motionMode: OptionState<MotionMode>[];
};

function stateOf<K extends keyof Choice>(current: Choice, field: K, value: Choice[K]): OptionState<Choice[K]> {
  const violation = ruleViolations({ ...current, [field]: value })[0];
  return violation ? { value, allowed: false, reason: violation.message } : { value, allowed: true };
}

/**
 * For every option of the constrained fields: would picking it, with the rest as chosen,
 * make a combination the upstream accepts, and if not, why. The form greys out with this.
 */
export function explainOptions(current: Choice): OptionStates {
  return {
    quality: QUALITIES.map((v) => stateOf(current, "quality", v)),
    duration: DURATIONS.map((v) => stateOf(current, "duration", v)),
    motionMode: MOTION_MODES.map((v) => stateOf(current, "motionMode", v)),
  };
}

export type PriceQuote = { ok: true; micros: number } | { ok: false; reason: string };

/** The price of the current choice, or why it has none. */
export function quote(current: Partial<Choice>): PriceQuote {
  const { quality, duration, motionMode } = current;
  if (!quality || !duration || !motionMode) return { ok: false, reason: "Pick quality, duration and motion mode." };
  const violation = ruleViolations({ quality, duration, motionMode })[0];
  if (violation) return { ok: false, reason: violation.message };
  const micros = priceMicros({ quality, duration, motionMode });
  return micros === null ? { ok: false, reason: "This combination is not offered." } : { ok: true, micros };
}
