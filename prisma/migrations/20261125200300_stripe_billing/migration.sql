-- Stripe billing: webhook event ids (idempotency), the usage-reporting watermark per meter, the Stripe event time that
-- orders out-of-order webhooks, and the index the hour-closing job reads rollups by.

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN "stripe_event_created_at" TIMESTAMPTZ(6);

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN "stripe_event_created_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "stripe_webhook_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stripe_created_at" TIMESTAMPTZ(6) NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stripe_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_report_watermarks" (
    "event_name" TEXT NOT NULL,
    "closed_through" TIMESTAMPTZ(6) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_report_watermarks_pkey" PRIMARY KEY ("event_name")
);

-- CreateIndex
CREATE INDEX "stripe_webhook_events_received_at_idx" ON "stripe_webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "usage_rollups_hourly_hour_start_idx" ON "usage_rollups_hourly"("hour_start");
