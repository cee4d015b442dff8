-- The median end-to-end latency of a day's non-streamed requests, shown beside the p95 on the SLA page (no target).
ALTER TABLE "sla_reports_daily" ADD COLUMN "latency_p50_ms" INTEGER;
