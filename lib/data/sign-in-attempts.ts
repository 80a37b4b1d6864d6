import "server-only";
import { db } from "@/lib/db";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failed attempts allowed per email, and per client address, within the window. */
export const MAX_FAILURES_PER_EMAIL = 10;
export const MAX_FAILURES_PER_IP = 50;

export async function signInThrottled(email: string, ip: string | null, now = Date.now()): Promise<boolean> {
  const since = new Date(now - SIGN_IN_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    db().signInAttempt.count({ where: { email, createdAt: { gt: since } } }),
    ip ? db().signInAttempt.count({ where: { ip, createdAt: { gt: since } } }) : Promise.resolve(0),
  ]);
  return byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP;
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  await db().signInAttempt.create({ data: { email, ip } });
  // Keep the table small: forget attempts that no longer count.
  if (Math.random() < 0.01) await db().signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - SIGN_IN_WINDOW_MS) } } });
}
