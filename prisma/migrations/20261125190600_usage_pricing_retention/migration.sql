-- Billing worker: which prices a usage event was billed at, and the index the retention job deletes by.

-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN "price_source" TEXT,
ADD COLUMN "model_price_id" TEXT;

-- CreateIndex
CREATE INDEX "usage_events_occurred_at_idx" ON "usage_events"("occurred_at");

-- Added by hand: the billing worker writes one of four price sources (libs/shared/src/pricing price-in-force.ts);
-- rows stored before this migration keep NULL.
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_price_source_check"
  CHECK ("price_source" IN ('tenant_price', 'deployment', 'platform_price', 'none'));
