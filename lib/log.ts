import pino from "pino";
import { env } from "@/lib/env";

/** The one logger. Secrets are redacted by path wherever they could appear. */
export const log = pino({
  level: env().LOG_LEVEL,
  base: undefined,
  redact: { paths: ["apiKey", "*.apiKey", "headers['x-api-key']", "*.headers['x-api-key']", "password", "*.password"], censor: "[redacted]" },
});
