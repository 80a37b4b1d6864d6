import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function createClient() {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the studio with `npm start`, which runs an embedded Postgres.");
  }
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10 }),
    // Password hashes never leave the database unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  });
}

type Client = ReturnType<typeof createClient>;
const globalForPrisma = globalThis as unknown as { prisma?: Client };

/** The one Prisma client, created on first use (so a build needs no database). */
export function db(): Client {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}
