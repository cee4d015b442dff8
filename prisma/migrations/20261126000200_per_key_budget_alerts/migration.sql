-- Per-key budget alerts (billing worker): budget_alerts_sent now holds the alerts of an API key's own budget
-- (api_keys.limit_overrides.budgets) beside the tenant's, so one alert per tenant, key, period and threshold.
-- Hand-written: api_key_id is '' for the tenant's budget rather than NULL, because a primary key column cannot be
-- NULL and Prisma cannot model a NULLS NOT DISTINCT unique index. No foreign key: the alert history outlives a key.

-- AlterTable
ALTER TABLE "budget_alerts_sent" ADD COLUMN "api_key_id" TEXT NOT NULL DEFAULT '';
ALTER TABLE "budget_alerts_sent" DROP CONSTRAINT "budget_alerts_sent_pkey";
ALTER TABLE "budget_alerts_sent" ADD CONSTRAINT "budget_alerts_sent_pkey"
  PRIMARY KEY ("tenant_id", "api_key_id", "period", "threshold_percent");
