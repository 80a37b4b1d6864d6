import "server-only";
import { env } from "@/lib/env";
import { TYPICAL_UPSTREAM_SECONDS } from "@/lib/generation";
import { usingEmulator } from "@/lib/segmind/config";

/** What the progress bar expects: the emulator's configured delay, or the service's typical ~44 s. */
export function expectedSeconds(): number {
  return usingEmulator() ? Math.max(2, Math.ceil(env().EMULATOR_DELAY_MS / 1000) + 1) : TYPICAL_UPSTREAM_SECONDS;
}
