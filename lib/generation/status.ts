export const GENERATION_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"] as const;
export type GenerationStatusName = (typeof GENERATION_STATUSES)[number];

export const FINAL_STATUSES: readonly GenerationStatusName[] = ["SUCCEEDED", "FAILED", "CANCELED"];

export function isFinal(status: GenerationStatusName): boolean {
  return FINAL_STATUSES.includes(status);
}

/** The upstream's typical answer time; the progress bar is an estimate built on it. */
export const TYPICAL_UPSTREAM_SECONDS = 44;

/**
 * How long to wait before asking again about an unfinished generation. The progress bar is an
 * estimate, so polls only need to catch changes: every second at first (a refused or failed
 * request shows at once) and near the expected end, every few seconds through the long middle.
 * Hundreds of watched generations then cost a server a third of the requests.
 */
export function pollDelayMs(g: { status: GenerationStatusName; createdAt: string }, expectedSeconds: number, now = Date.now()): number | false {
  if (isFinal(g.status)) return false;
  const elapsed = (now - Date.parse(g.createdAt)) / 1000;
  return elapsed > 10 && elapsed < expectedSeconds - 5 ? 3000 : 1000;
}
