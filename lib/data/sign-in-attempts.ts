import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failed attempts allowed per email, and per client address, within the window. */
export const MAX_FAILURES_PER_EMAIL = 10;
/** LIMIT_SIGN_IN_FAILURES_PER_ADDRESS, 50 by default: an office behind one NAT may need more. */
const maxFailuresPerAddress = () => env().LIMIT_SIGN_IN_FAILURES_PER_ADDRESS;
export const SIGN_UP_WINDOW_MS = 60 * 60_000;

// Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int), a key space of its
// own apart from the one-bigint locks of lib/data/generations.ts). Within a transaction they are
// always taken in this order, so two of them never wait on each other in a circle.
const LOCK_SIGN_IN_EMAIL = 0x5349_0001;
const LOCK_SIGN_IN_ADDRESS = 0x5349_0002;
const LOCK_SIGN_UP_ADDRESS = 0x5355_0001;

// Each transaction is a few milliseconds; a burst queues behind the lock rather than failing.
const TX = { maxWait: 10_000, timeout: 10_000 } as const;

/**
 * Takes a place for one password check, or answers null when the email or the address has used
 * up its failures. The check and the record are one transaction under both advisory locks, so a
 * burst of concurrent attempts is counted one at a time and at most the limit get through.
 *
 * The attempt is recorded as a failure before the password is checked (a crash midway counts
 * against the attacker, not for them); {@link forgetSignInAttempt} takes it back when it succeeds.
 */
export async function reserveSignInAttempt(email: string, ip: string): Promise<{ id: number } | null> {
  return db().$transaction(async (tx) => {
    await lock(tx, LOCK_SIGN_IN_EMAIL, email);
    await lock(tx, LOCK_SIGN_IN_ADDRESS, ip);
    const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
    const byEmail = await tx.signInAttempt.count({ where: { email, createdAt: { gt: since } } });
    if (byEmail >= MAX_FAILURES_PER_EMAIL) return null;
    const byIp = await tx.signInAttempt.count({ where: { ip, createdAt: { gt: since } } });
    if (byIp >= maxFailuresPerAddress()) return null;
    return tx.signInAttempt.create({ data: { email, ip }, select: { id: true } });
  }, TX);
}

/** The password was right: this attempt was no failure. */
export async function forgetSignInAttempt(id: number): Promise<void> {
  await db().signInAttempt.deleteMany({ where: { id } });
  // Keep the table small: forget attempts that no longer count.
  if (Math.random() < 0.01) await db().signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - SIGN_IN_WINDOW_MS) } } });
}

/**
 * Takes one of an address's sign-ups for the hour, or answers how long until one is free. Same
 * shape as sign-in: checked and recorded in one transaction under the address's advisory lock.
 */
export async function reserveSignUp(ip: string, perHour: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  return db().$transaction(async (tx) => {
    await lock(tx, LOCK_SIGN_UP_ADDRESS, ip);
    const now = Date.now();
    const recent = await tx.signUpAttempt.findMany({
      where: { ip, createdAt: { gt: new Date(now - SIGN_UP_WINDOW_MS) } },
      orderBy: { createdAt: "desc" },
      take: perHour,
      select: { createdAt: true },
    });
    const oldest = recent[perHour - 1];
    if (oldest) return { ok: false as const, retryAfterMs: Math.max(1_000, oldest.createdAt.getTime() + SIGN_UP_WINDOW_MS - now) };
    await tx.signUpAttempt.create({ data: { ip } });
    if (Math.random() < 0.01) await tx.signUpAttempt.deleteMany({ where: { createdAt: { lt: new Date(now - SIGN_UP_WINDOW_MS) } } });
    return { ok: true as const };
  }, TX);
}

function lock(tx: Prisma.TransactionClient, namespace: number, key: string) {
  return tx.$executeRaw`SELECT pg_advisory_xact_lock(${namespace}::int, hashtext(${key}))`;
}
