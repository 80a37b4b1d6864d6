import { expect, inject } from "vitest";

// The studio reads its environment once; set it before any module under test loads.
// A key is set, so the client takes the same path it takes with the real Segmind.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.SEGMIND_BASE_URL = inject("emulatorUrl");
process.env.SEGMIND_API_KEY = "integration-test-key";
process.env.STORAGE_DIR = inject("storageDir");
process.env.SEGMIND_RETRY_BASE_MS = "20";
process.env.SEGMIND_MAX_RETRIES = "3";
process.env.SEGMIND_TIMEOUT_MS = "3000";
process.env.SEGMIND_EXCHANGE_TIMEOUT_MS = "400";
process.env.LOG_LEVEL = "silent";
process.env.AUTH_SECRET = "integration-test-secret";
process.env.SEGMIND_POLL_MS = "100";
process.env.WORKER_ABANDONED_AFTER_MS = "2000";
// Files named *async* exercise the submit-then-poll route; the rest the synchronous one.
process.env.SEGMIND_MODE = /async/.test(expect.getState().testPath ?? "") ? "async" : "sync";
