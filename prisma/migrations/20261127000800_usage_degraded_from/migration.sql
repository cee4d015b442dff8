-- The model alias a request asked for when the tenant's routing.degradation served it with its fallback model
-- (usage_events.model is then the fallback). Null for every other request, and for rows stored before.
ALTER TABLE "usage_events" ADD COLUMN "degraded_from" TEXT;
