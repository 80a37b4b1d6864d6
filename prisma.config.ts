import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Only `prisma studio` needs a URL; `prisma generate` does not.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/studio" },
});
