// `npm run emulator`: the Segmind emulator on its own (EMULATOR_PORT, default 3100).
import { parseEnv } from "@/lib/env";
import { emulatorOptions, startEmulator } from "@/lib/segmind/emulator";

const e = parseEnv(process.env);
startEmulator(emulatorOptions(e, { port: e.EMULATOR_PORT || 3100, log: console.log })).then((em) =>
  console.log(`Segmind emulator on ${em.url} (x-api-key: ${e.EMULATOR_API_KEY})`),
);
