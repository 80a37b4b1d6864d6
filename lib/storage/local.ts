import { createReadStream } from "node:fs";
import { access, chmod, constants, copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Storage } from "./types";

/** Files under one folder on this machine: the default, for a studio on one server. */
export function localStorage(root: string): Storage {
  const base = path.resolve(root);
  // Created readable by its owner only: stored videos are private until shared, and shared ones
  // are served by the studio, never read from disk by anyone else.
  let made: Promise<void> | undefined;
  const ensureRoot = () =>
    (made ??= mkdir(base, { recursive: true, mode: 0o700 }).then(() => chmod(base, 0o700).catch(() => {}))); // a folder someone else owns stays as they set it
  const full = (key: string) => {
    const p = path.resolve(base, key);
    if (!p.startsWith(base + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return p;
  };
  return {
    describe: `local folder ${base}`,
    async putFile(key, file) {
      const dest = full(key);
      await ensureRoot();
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
    async read(key, range) {
      return createReadStream(full(key), range ? { start: range.start, end: range.end } : undefined);
    },
    async delete(key) {
      await rm(full(key), { force: true });
    },
    async scratchDir() {
      const dir = path.join(base, "tmp");
      await ensureRoot();
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async check() {
      await access(await this.scratchDir(), constants.W_OK);
    },
  };
}
