import type { Readable } from "node:stream";

/**
 * Where video and poster bytes live. Keys are relative paths like `videos/<id>.mp4`; the bytes
 * under a key never change, so anything may cache them.
 */
export interface Storage {
  /** For logs and the health check: which backend, where. */
  describe: string;
  /** Moves a finished local file into storage under `key` (the local file is gone after). */
  putFile(key: string, file: string): Promise<void>;
  /** Byte size, or null when the key holds nothing. */
  size(key: string): Promise<number | null>;
  /** A stream of the bytes in [start, end] (inclusive), or all of them. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** A local folder for work in progress (on the same disk as local storage, so putFile is a rename). */
  scratchDir(): Promise<string>;
  /** Throws when the backend cannot take writes. */
  check(): Promise<void>;
}
