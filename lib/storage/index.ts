// Not "server-only": the production server's media fast path (scripts/serve.ts) imports this
// outside Next's react-server bundles. It touches the file system and secrets, so it is never
// imported from client components.
import path from "node:path";
import { env } from "@/lib/env";
import { localStorage } from "./local";
import { s3Storage } from "./s3";
import type { Storage } from "./types";

export type { Storage } from "./types";

/** Where a generation's video and poster live, in every backend. */
export const videoKey = (id: string) => `videos/${id}.mp4`;
export const posterKey = (id: string) => `posters/${id}.jpg`;

const globalForStorage = globalThis as unknown as { storage?: Storage };

/** The storage this process uses: an S3-compatible bucket when S3_BUCKET is set, else a local folder. */
export function storage(): Storage {
  if (globalForStorage.storage) return globalForStorage.storage;
  const e = env();
  // Folders are chosen at run time; tell the bundler not to trace them into the build.
  const dataDir = path.resolve(/* turbopackIgnore: true */ e.DATA_DIR);
  globalForStorage.storage = e.S3_BUCKET
    ? s3Storage(
        {
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        },
        path.join(dataDir, "tmp"),
      )
    : localStorage(e.STORAGE_DIR ? path.resolve(/* turbopackIgnore: true */ e.STORAGE_DIR) : path.join(dataDir, "storage"));
  return globalForStorage.storage;
}
