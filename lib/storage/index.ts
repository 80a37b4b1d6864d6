import "server-only";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { env } from "@/lib/env";

/**
 * Where video and poster bytes live. Keys are relative paths like `videos/<id>.mp4`.
 * The local folder is the default; another backend (S3-compatible) implements the same shape.
 */
export interface Storage {
  /** Moves a finished local file into storage under `key`. */
  putFile(key: string, file: string): Promise<void>;
  /** Byte size, or null when the key holds nothing. */
  size(key: string): Promise<number | null>;
  /** A stream of the bytes in [start, end] (inclusive), or all of them. */
  read(key: string, range?: { start: number; end: number }): Readable;
  delete(key: string): Promise<void>;
  /** A folder on the same disk for work in progress (so putFile can be a rename). */
  scratchDir(): Promise<string>;
}

export function localStorage(root: string): Storage {
  const full = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return p;
  };
  return {
    async putFile(key, file) {
      const dest = full(key);
      await mkdir(path.dirname(dest), { recursive: true });
      try {
        await rename(file, dest);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
        await copyFile(file, dest);
        await rm(file, { force: true });
      }
    },
    async size(key) {
      try {
        return (await stat(full(key))).size;
      } catch {
        return null;
      }
    },
    read(key, range) {
      return createReadStream(full(key), range ? { start: range.start, end: range.end } : undefined);
    },
    async delete(key) {
      await rm(full(key), { force: true });
    },
    async scratchDir() {
      const dir = path.resolve(root, "tmp");
      await mkdir(dir, { recursive: true });
      return dir;
    },
  };
}

let cached: Storage | undefined;

export function storage(): Storage {
  const e = env();
  // The folder is chosen at run time; tell the bundler not to trace it into the build.
  cached ??= localStorage(path.resolve(/* turbopackIgnore: true */ e.STORAGE_DIR ?? path.join(e.DATA_DIR, "storage")));
  return cached;
}
