-- Budget alerts (billing worker, apps/billing-worker/src/budgets): where a tenant wants its signed webhook, and
-- which alerts were already sent, so a restart or a second replica never sends one twice.

-- CreateTable
CREATE TABLE "budget_alert_webhooks" (
    "tenant_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "signing_secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_alert_webhooks_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "budget_alerts_sent" (
    "tenant_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "threshold_percent" INTEGER NOT NULL,
    "spent_micros" BIGINT NOT NULL,
    "cap_micros" BIGINT NOT NULL,
    "crossed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "email_done_at" TIMESTAMPTZ(6),
    "webhook_done_at" TIMESTAMPTZ(6),

    CONSTRAINT "budget_alerts_sent_pkey" PRIMARY KEY ("tenant_id","period","threshold_percent")
);

-- Added by hand (Prisma cannot model a partial index): alerts still to deliver.
CREATE INDEX "budget_alerts_sent_tenant_id_idx" ON "budget_alerts_sent"("tenant_id") WHERE "email_done_at" IS NULL OR "webhook_done_at" IS NULL;

-- AddForeignKey
ALTER TABLE "budget_alert_webhooks" ADD CONSTRAINT "budget_alert_webhooks_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_alerts_sent" ADD CONSTRAINT "budget_alerts_sent_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand: tenant-owned tables get the same row-level security as the others (see 20261125200100).
ALTER TABLE "budget_alert_webhooks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "budget_alerts_sent" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "budget_alert_webhooks" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "budget_alerts_sent" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
