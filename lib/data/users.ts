import "server-only";
import { db } from "@/lib/db";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";

export class EmailTakenError extends Error {}

export async function createUserWithPassword(input: { email: string; password: string; name?: string; role?: "USER" | "ADMIN" }) {
  try {
    return await db().user.create({
      data: { email: input.email, name: input.name || null, passwordHash: await hashPassword(input.password), role: input.role ?? "USER" },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError();
    throw error;
  }
}

/**
 * The user when the password matches; null otherwise, in about the same time either way. A
 * match against an older hash (scrypt, or weaker argon2 settings) is rehashed on the way.
 */
export async function verifyCredentials(email: string, password: string) {
  const user = await db().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !user.passwordHash || !ok) return null;
  if (needsRehash(user.passwordHash)) await rehash(user.id, user.passwordHash, password);
  const { passwordHash: _omit, ...safe } = user;
  return safe;
}

async function rehash(userId: string, old: string, password: string) {
  try {
    // Only over the hash just verified: a password changed meanwhile is left alone.
    await db().user.updateMany({ where: { id: userId, passwordHash: old }, data: { passwordHash: await hashPassword(password) } });
  } catch (error) {
    // The sign-in itself succeeded; the upgrade is tried again next time.
    log.warn({ err: error, userId }, "password rehash failed");
  }
}
