-- A per-user monthly budget that overrides the studio's default (null: use the default).
ALTER TABLE "User" ADD COLUMN "monthlyBudgetMicros" INTEGER;

-- Limits count a user's generations in flight and in the last minute.
CREATE INDEX "Generation_userId_status_idx" ON "Generation"("userId", "status");
