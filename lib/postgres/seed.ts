import { randomUUID } from "node:crypto";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";

export const DEMO_ACCOUNT = { email: "demo@pixverse.studio", password: "demo-studio-2026", name: "Demo" } as const;

/** Creates the demo account (and an admin role when asked) unless it exists. */
export async function ensureUser(
  databaseUrl: string,
  account: { email: string; password: string; name?: string; role?: "USER" | "ADMIN" } = DEMO_ACCOUNT,
): Promise<"created" | "exists"> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (email) DO NOTHING`,
      [randomUUID(), account.email.toLowerCase(), account.name ?? null, await hashPassword(account.password), account.role ?? "USER"],
    );
    return rowCount ? "created" : "exists";
  } finally {
    await client.end();
  }
}
