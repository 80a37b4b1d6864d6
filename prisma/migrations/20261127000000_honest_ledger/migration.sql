-- What Segmind billed the operator, apart from what the user is charged; when the upstream
-- accepted and finished the job (results expire about an hour after submission).
ALTER TABLE "Generation" ADD COLUMN "incurredCostMicros" INTEGER;
ALTER TABLE "Generation" ADD COLUMN "atRiskCostMicros" INTEGER;
ALTER TABLE "Generation" ADD COLUMN "upstreamSubmittedAt" TIMESTAMP(3);
ALTER TABLE "Generation" ADD COLUMN "upstreamCompletedAt" TIMESTAMP(3);

-- Rows settled before this ledger existed: a success was billed what the user was charged.
UPDATE "Generation" SET "incurredCostMicros" = "chargedCostMicros", "upstreamCompletedAt" = "finishedAt"
WHERE status = 'SUCCEEDED';
UPDATE "Generation" SET "incurredCostMicros" = 0 WHERE status IN ('FAILED', 'CANCELED');

-- The Segmind account's balance as observed over time, for reconciliation.
CREATE TABLE "CreditReading" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "creditsMicros" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "generationId" TEXT,

    CONSTRAINT "CreditReading_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "CreditReading_at_idx" ON "CreditReading"("at");
CREATE INDEX "Generation_upstreamCompletedAt_idx" ON "Generation"("upstreamCompletedAt");
