export const GENERATION_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"] as const;
export type GenerationStatusName = (typeof GENERATION_STATUSES)[number];

export const FINAL_STATUSES: readonly GenerationStatusName[] = ["SUCCEEDED", "FAILED", "CANCELED"];

export function isFinal(status: GenerationStatusName): boolean {
  return FINAL_STATUSES.includes(status);
}

/** The upstream's typical answer time; the progress bar is an estimate built on it. */
export const TYPICAL_UPSTREAM_SECONDS = 44;
