import { CreateStudio } from "@/components/create-studio";
import { env } from "@/lib/env";
import { TYPICAL_UPSTREAM_SECONDS } from "@/lib/generation";
import { usingEmulator } from "@/lib/segmind/config";

export const dynamic = "force-dynamic";

export default function CreatePage() {
  // The emulator answers after its configured delay; the real service in about 44 s.
  const expectedSeconds = usingEmulator() ? Math.max(2, Math.ceil(env().EMULATOR_DELAY_MS / 1000) + 1) : TYPICAL_UPSTREAM_SECONDS;
  return <CreateStudio expectedSeconds={expectedSeconds} />;
}
