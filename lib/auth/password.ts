import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify, type Options as Argon2Options } from "@node-rs/argon2";

// argon2id at OWASP's minimum (m=19 MiB, t=2, p=1): about 105 ms and 19 MiB per hash on one of
// our cores. `algorithm: 2` is Argon2id; the package's enum is a `const enum` that isolated
// modules cannot import.
const ARGON2: Argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** A current hash starts with exactly this; anything else is rehashed at the next sign-in. */
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

/** A PHC string: "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>". */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2);
}

/** Whether `password` matches `stored`: an argon2id hash, or an earlier "scrypt$N$r$p$salt$hash". */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("$argon2")) {
    // A malformed stored hash is a wrong password, not a crash.
    return argon2Verify(stored, password).catch(() => false);
  }
  if (stored.startsWith("scrypt$")) return verifyScrypt(password, stored);
  return false;
}

/** Whether a hash that just verified should be replaced by one with today's algorithm and cost. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX);
}

// Compared against when the email is unknown, so a miss costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString("hex"));
  return dummyHash;
}

// Hashes made before argon2id (scrypt, N=2^15, r=8, p=1), kept so their owners can still sign in
// once, when they are rehashed.
const SCRYPT_MAXMEM = 64 * 1024 * 1024;
const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split("$");
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  if (expected.length === 0) return false;
  const key = await scrypt(password, Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  }).catch(() => null);
  return key !== null && timingSafeEqual(key, expected);
}

