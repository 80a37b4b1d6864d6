-- Gallery: favourites, soft delete (the row keeps its cost record; the bytes are removed),
-- share links, and prompt search through trigram matching.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN "favorite" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "shareSlug" TEXT,
ADD COLUMN "sharedAt" TIMESTAMP(3),
ADD COLUMN "deletedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Generation_shareSlug_key" ON "Generation"("shareSlug");

-- CreateIndex
CREATE INDEX "Generation_prompt_idx" ON "Generation" USING GIN ("prompt" gin_trgm_ops);
