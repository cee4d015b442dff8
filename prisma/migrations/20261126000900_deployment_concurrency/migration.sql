-- A deployment's ceiling of requests in flight across every gateway; beyond it requests wait in the fair queue.
ALTER TABLE "deployments" ADD COLUMN "max_concurrent_requests" INTEGER;
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_max_concurrent_requests_positive"
  CHECK ("max_concurrent_requests" IS NULL OR "max_concurrent_requests" >= 1);
