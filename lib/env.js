// @ts-check
// The environment, parsed once. Imported by next.config.mjs and scripts/start.ts so a bad value
// stops the studio at start with the variable's name. Plain JS (with types from JSDoc) because
// next.config.mjs loads it without a TypeScript step.
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** @param {number} fallback @param {number} min @param {number} max */
const int = (fallback, min, max) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** @param {boolean} fallback */
const bool = (fallback) =>
  z
    .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1"));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Postgres to use. Empty: `npm start` runs an embedded server with its data under DATA_DIR. */
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
  ),
  /** Where the embedded Postgres, videos and generated secrets live. */
  DATA_DIR: z.string().default("./data"),
  /** Where video bytes are kept when no S3_BUCKET is set (local storage). */
  STORAGE_DIR: optionalString,
  /** An S3-compatible bucket for video bytes; set, it replaces local storage (several servers share it). */
  S3_BUCKET: optionalString,
  /** The S3 API's URL for non-AWS services (MinIO, R2, Ceph…); empty: AWS. */
  S3_ENDPOINT: optionalString.pipe(z.url({ error: "must be an http(s) URL" }).optional()),
  S3_REGION: z.string().default("us-east-1"),
  /** Credentials; empty: the AWS SDK's usual chain (AWS_ACCESS_KEY_ID…, instance role). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Address the bucket as a path (endpoint/bucket/key), which most non-AWS services need. */
  S3_FORCE_PATH_STYLE: bool(true),
  /** The Segmind key. Empty: the local emulator answers instead. Server-only. */
  SEGMIND_API_KEY: optionalString,
  /** The upstream's base URL; defaults to Segmind's, or to the emulator when no key is set. */
  SEGMIND_BASE_URL: optionalString.pipe(z.url({ error: "must be an http(s) URL" }).optional()),
  /**
   * async: submit, store the request id, poll (a restart resumes polling, so a paid result is never
   * lost). sync: one long request that answers the video.
   */
  SEGMIND_MODE: z.enum(["async", "sync"], { error: "must be async or sync" }).default("async"),
  /** How often to poll a queued job in async mode. */
  SEGMIND_POLL_MS: int(2_000, 50, 60_000),
  /**
   * A generation's budget for waiting on Segmind, from its first start (across restarts); once
   * Segmind finished the job, fetching the paid result may take as long again.
   */
  SEGMIND_TIMEOUT_MS: int(600_000, 1_000, 3_600_000),
  /** One submit, status poll or result exchange (connect, headers and body) may take this long. */
  SEGMIND_EXCHANGE_TIMEOUT_MS: int(30_000, 100, 600_000),
  /** Retries after the first try: of a submission Segmind provably did not take (429, unreachable), and of fetching a paid result. */
  SEGMIND_MAX_RETRIES: int(3, 0, 10),
  /** Base backoff between retries; doubled each time, with jitter. */
  SEGMIND_RETRY_BASE_MS: int(2_000, 1, 600_000),
  /** The key the emulator expects; the studio sends it when SEGMIND_API_KEY is empty. */
  EMULATOR_API_KEY: z.string().default("emulator-local-key"),
  /** How long the emulator takes to answer (the real service takes about 44 s). */
  EMULATOR_DELAY_MS: int(4_000, 0, 3_600_000),
  /** Pad the emulator's 1080p clips to this bitrate in kbit/s (smaller frames in proportion), as large as real ones; 0: small. */
  EMULATOR_BITRATE_KBPS: int(0, 0, 100_000),
  EMULATOR_PORT: int(0, 0, 65_535),
  /**
   * The emulator's test controls (/__emulator/*: script faults, read every request it received,
   * prompts included). Off unless tests turn them on.
   */
  EMULATOR_CONTROL: bool(false),
  /** Auth.js secret; `npm start` generates and keeps one under DATA_DIR when empty. */
  AUTH_SECRET: optionalString,
  /** Run the generation worker inside the web server process. */
  WORKER_IN_PROCESS: bool(true),
  /** A RUNNING generation whose worker has not checked in for this long is taken as abandoned. */
  WORKER_ABANDONED_AFTER_MS: int(45_000, 1_000, 3_600_000),
  /**
   * Generations one worker process carries at once. Each mostly waits on the upstream (~44 s)
   * holding no connection, so what bounds it is memory (~1 MB each) and Segmind's rate limit.
   */
  WORKER_CONCURRENCY: int(100, 1, 1000),
  /** Generations one user may have queued or running at once. */
  LIMIT_JOBS_IN_FLIGHT: int(2, 1, 1000),
  /** Submissions one user may make per minute. */
  LIMIT_SUBMISSIONS_PER_MINUTE: int(10, 1, 10_000),
  /** What one user may spend per calendar month (UTC), in USD; a user's own budget overrides it. */
  LIMIT_MONTHLY_SPEND_USD: z.coerce.number({ error: "must be a number of dollars" }).min(0, "must be at least 0").default(50),
  /** Operators' reconciliation flags a gap above this many USD between the studio's ledger and the drop in Segmind's credits. */
  RECONCILE_DRIFT_USD: z.coerce.number({ error: "must be a number of dollars" }).min(0, "must be at least 0").default(1),
  /** Accounts one client address may create per hour (sign-up attempts that reach the database). */
  LIMIT_SIGN_UPS_PER_HOUR: int(5, 1, 100_000),
  /** Failed sign-ins allowed from one client address in 15 minutes, whatever the emails. */
  LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: int(50, 1, 100_000),
  /**
   * Proxies in front of the studio that append to X-Forwarded-For (a load balancer: 1). 0: none,
   * and the client's address is the socket's. Never more than are really there: a client could
   * then choose its own address and escape the per-address limits.
   */
  TRUSTED_PROXY_HOPS: int(0, 0, 10),
  /** Comma-separated emails of operators, who see usage across all users. */
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: int(3000, 1, 65_535),
  /**
   * The web server's JavaScript heap limit in MB. Its live heap is about 130 MB even with 200
   * generations in flight; without a limit V8 sizes the heap to the machine and lets garbage pile
   * up to gigabytes before collecting it.
   */
  SERVER_HEAP_MB: int(384, 128, 16_384),
  /** The studio's public origin (https://studio.example.com), for share links' preview tags. Empty: from the request. */
  PUBLIC_URL: optionalString.pipe(z.url({ error: "must be an http(s) URL" }).optional()),
});

/** @typedef {z.infer<typeof envSchema>} Env */

/**
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  return result.data;
}

/** @type {Env | undefined} */
let cached;

/** The validated environment of this process. */
export function env() {
  cached ??= parseEnv(process.env);
  return cached;
}
