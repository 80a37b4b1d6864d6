import "server-only";
import { db } from "@/lib/db";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { Prisma } from "@/lib/generated/prisma/client";

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

/** The user when the password matches; null otherwise, in about the same time either way. */
export async function verifyCredentials(email: string, password: string) {
  const user = await db().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !user.passwordHash || !ok) return null;
  const { passwordHash: _omit, ...safe } = user;
  return safe;
}
