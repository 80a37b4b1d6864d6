import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/** Starts a server-side session for a user who just signed in; answers its id, for the token. */
export async function openSession(userId: string): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db().userSession.create({ data: { id, userId } });
  return id;
}

/**
 * The session a token names, as it stands now: null when it was revoked (signed out, or out
 * everywhere) or its user is gone. The role is read afresh, so an operator removed from
 * ADMIN_EMAILS (or demoted in the database) loses operator rights on the next request.
 */
export async function liveSession(id: string) {
  const row = await db().userSession.findUnique({
    where: { id },
    select: { revokedAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!row || row.revokedAt) return null;
  const { user } = row;
  const role: "ADMIN" | "USER" = user.role === "ADMIN" || env().ADMIN_EMAILS.includes(user.email) ? "ADMIN" : "USER";
  return { ...user, role };
}

export async function revokeSession(id: string) {
  await db().userSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Signs a user out of every browser at once. */
export async function revokeAllSessions(userId: string) {
  await db().userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
