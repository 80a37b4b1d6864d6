import { createReadStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Storage } from "./types";

export type S3Config = {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

const contentTypes: Record<string, string> = { ".mp4": "video/mp4", ".jpg": "image/jpeg" };

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
};

const isTransient = (error: unknown) => {
  const e = error as { code?: string; name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    ["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED"].includes(e.code ?? "") ||
    e.name === "TimeoutError" ||
    Boolean(e.$retryable) ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
};

/** An S3-compatible bucket: what several app servers and workers share. */
export function s3Storage(config: S3Config, scratchRoot: string): Storage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
    // Checksums only where S3 demands them: many S3-compatible services reject the SDK's
    // default streaming checksums (aws-chunked uploads).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = config.bucket;
  return {
    describe: `bucket ${Bucket}${config.endpoint ? ` at ${config.endpoint}` : ""}`,
    async putFile(key, file) {
      const { size } = await stat(file);
      // The SDK cannot retry an upload whose body is a stream it has consumed, and a pooled
      // connection the server closed while idle fails exactly so (ECONNRESET): retry here, with
      // a fresh stream of the file.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(
            new PutObjectCommand({
              Bucket,
              Key: key,
              Body: createReadStream(file),
              ContentLength: size,
              ContentType: contentTypes[path.extname(key)] ?? "application/octet-stream",
            }),
          );
          break;
        } catch (error) {
          if (attempt >= 3 || !isTransient(error)) throw error;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
      await rm(file, { force: true });
    },
    async size(key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket, Key: key }))).ContentLength ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async read(key, range) {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      // In Node the body is an http.IncomingMessage: a Readable that streams as it arrives.
      return out.Body as Readable;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async scratchDir() {
      const dir = path.resolve(scratchRoot);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}
