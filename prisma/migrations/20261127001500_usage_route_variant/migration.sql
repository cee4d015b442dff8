-- The A/B variant of each request: usage events (version 2) name the route of the deployment that answered, stored in
-- route_id, and that deployment's name of the moment, stored in route_variant (a column the init migration already
-- made). Both null for rows stored before, and when no deployment answered.
ALTER TABLE "usage_events" ADD COLUMN "route_id" TEXT;

-- A route's variants report reads one route's events of a range (a tenant's route: its tenant's rows only; a platform
-- route: every tenant's). Built inside the migration's transaction, so the billing worker's inserts wait for it; the
-- usage stream holds the events meanwhile.
CREATE INDEX "usage_events_route_id_occurred_at_idx" ON "usage_events"("route_id", "occurred_at");
