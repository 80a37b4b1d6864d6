import { randomBytes, randomInt, randomUUID, scryptSync } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-address";
import { checkSignIn } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createUserWithPassword } from "@/lib/data/users";
import { DEMO_ACCOUNT, ensureUser } from "@/lib/postgres/seed";

afterAll(async () => {
  await db().$disconnect();
});

const CURRENT = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;
const request = () => new Headers({ [CLIENT_IP_HEADER]: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
const storedHash = async (email: string) =>
  (await db().user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } })).passwordHash;

/** A hash exactly as the studio made them before argon2id: "scrypt$N$r$p$salt$key", N=2^15, r=8, p=1, 64-byte key. */
function oldScryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 64, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", 32768, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

describe("password hashes", () => {
  it("a new account's password is stored as argon2id at OWASP's setting (m=19456 KiB, t=2, p=1)", async () => {
    const email = `new-${randomUUID()}@example.test`;
    await createUserWithPassword({ email, password: "velvet tundra ankle bistro" });
    expect(await storedHash(email)).toMatch(CURRENT);
    expect((await checkSignIn({ email, password: "velvet tundra ankle bistro" }, request())).status).toBe("signed-in");
    expect((await checkSignIn({ email, password: "velvet tundra ankle bistrO" }, request())).status).toBe("invalid");
  });

  it("an old scrypt hash still signs in, and is replaced by argon2id on the way", async () => {
    const email = `legacy-${randomUUID()}@example.test`;
    const old = oldScryptHash("my old password");
    await db().user.create({ data: { email, passwordHash: old } });

    // A wrong password neither signs in nor touches the hash.
    expect((await checkSignIn({ email, password: "not my old password" }, request())).status).toBe("invalid");
    expect(await storedHash(email)).toBe(old);

    expect((await checkSignIn({ email, password: "my old password" }, request())).status).toBe("signed-in");
    const upgraded = await storedHash(email);
    expect(upgraded).toMatch(CURRENT);

    // The new hash is the same password: it signs in again, and is left as it is.
    expect((await checkSignIn({ email, password: "my old password" }, request())).status).toBe("signed-in");
    expect(await storedHash(email)).toBe(upgraded);
    expect((await checkSignIn({ email, password: "not my old password" }, request())).status).toBe("invalid");
  });

  it("an argon2 hash with weaker settings is rehashed too", async () => {
    const { hash } = await import("@node-rs/argon2");
    const email = `weak-${randomUUID()}@example.test`;
    await db().user.create({ data: { email, passwordHash: await hash("some password", { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 }) } });
    expect((await checkSignIn({ email, password: "some password" }, request())).status).toBe("signed-in");
    expect(await storedHash(email)).toMatch(CURRENT);
  });

  it("a stored hash that is malformed is a wrong password, not a crash", async () => {
    for (const passwordHash of ["scrypt$x$y$z$$", "scrypt$3$8$1$c2FsdA==$AAAA", "scrypt$1099511627776$8$1$c2FsdA==$AAAA", "$argon2id$garbage", "plaintext", "scrypt$32768$8$1$c2FsdA==$"]) {
      const email = `broken-${randomUUID()}@example.test`;
      await db().user.create({ data: { email, passwordHash } });
      expect((await checkSignIn({ email, password: "anything" }, request())).status, passwordHash).toBe("invalid");
    }
  });

  it("the demo account, made by the seed, signs in with demo-studio-2026", async () => {
    await ensureUser(inject("databaseUrl"), DEMO_ACCOUNT);
    expect(await storedHash(DEMO_ACCOUNT.email)).toMatch(CURRENT);
    expect((await checkSignIn({ email: DEMO_ACCOUNT.email, password: "demo-studio-2026" }, request())).status).toBe("signed-in");
  });
});
