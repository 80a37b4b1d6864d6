import type { Duration, MotionMode, Quality } from "./options";

/**
 * USD per generation, in integer micro-dollars, from UPSTREAM.md's table.
 * This is the one place to correct a price; `null` marks a combination the upstream refuses.
 */
export const PRICE_TABLE_MICROS: Record<Quality, { normal5: number; normal8: number | null; fast5: number | null }> = {
  "360p": { normal5: 375_000, normal8: 750_000, fast5: 750_000 },
  "540p": { normal5: 375_000, normal8: 750_000, fast5: 750_000 },
  "720p": { normal5: 500_000, normal8: 1_000_000, fast5: 1_000_000 },
  "1080p": { normal5: 1_000_000, normal8: null, fast5: null },
};

export const MICROS_PER_USD = 1_000_000;

/** Price in micro-dollars, or null when the combination is not offered. */
export function priceMicros(p: { quality: Quality; duration: Duration; motionMode: MotionMode }): number | null {
  const row = PRICE_TABLE_MICROS[p.quality];
  if (p.motionMode === "fast") return p.duration === 5 ? row.fast5 : null;
  return p.duration === 5 ? row.normal5 : row.normal8;
}

/** "$0.375", "$1.00": money as a person reads it, exact to the tenth of a cent. */
export function formatUsd(micros: number): string {
  const cents = micros / 10_000;
  const digits = Number.isInteger(cents) ? 2 : 3;
  return `$${(micros / MICROS_PER_USD).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
