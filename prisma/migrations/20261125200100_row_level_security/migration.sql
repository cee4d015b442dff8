-- Row-level security as a second wall between tenants, and llmguard_app, the role the gateway and the billing worker
-- connect as. Migrations and the seed keep running as the owner (postgres), which RLS does not restrict. Nothing here
-- is modelled by Prisma: every statement is hand-written.

-- Added by hand: the application role. Roles are cluster-wide and this migration runs in every database of the
-- cluster (llmguard and llmguard_test), so it is created only when missing. No password here: development and CI
-- trust loopback (scripts/services.sh); production sets one (ALTER ROLE llmguard_app PASSWORD …) or creates the
-- role beforehand. A role that exists but could bypass RLS would silently remove the second wall: refuse it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'llmguard_app') THEN
    CREATE ROLE llmguard_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = 'llmguard_app' AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'role llmguard_app exists with SUPERUSER or BYPASSRLS: row-level security would not apply to it';
  END IF;
END
$$;

-- Added by hand: plain data access to every table and sequence, today's and (for objects the migrating role creates
-- later) tomorrow's. No ownership: the role cannot ALTER, DROP, TRUNCATE or disable triggers.
GRANT USAGE ON SCHEMA public TO llmguard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO llmguard_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO llmguard_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO llmguard_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO llmguard_app;

-- Added by hand: append-only tables (their triggers already refuse UPDATE and DELETE) are append-only for the role
-- too, so not even a trigger disabled by the owner lets the application rewrite history. Deleting a tenant still
-- cascades to tenant_policies and model_route_versions: foreign-key actions run as the table owner.
REVOKE UPDATE, DELETE ON "audit_log", "tenant_policies", "model_route_versions" FROM llmguard_app;
-- Migration history is the owner's business. (Absent when Prisma replays migrations into a scratch database.)
DO $$
BEGIN
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN
    REVOKE ALL ON "_prisma_migrations" FROM llmguard_app;
  END IF;
END
$$;

-- Added by hand: the tenant a session works for. The application sets llmguard.tenant_id on each pooled connection
-- it checks out (libs/db tenant-scope.ts): a tenant's id inside a tenant-scoped control-plane request, '' for
-- platform work (sign-in, key lookup by hash, the data plane, the billing worker, platform admin routes), which
-- sees every row. An inlinable SQL function, so policies read as one expression.
CREATE FUNCTION "llmguard_scoped_tenant_id"() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(current_setting('llmguard.tenant_id', true), '')
$$;

-- Added by hand: RLS on every tenant-owned table. Policies name llmguard_app only; the owner is not restricted (no
-- FORCE). Rows of the scoped tenant, or every row outside a scope, are visible and writable; a write that would
-- produce another tenant's row is refused (WITH CHECK).
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing_outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "semantic_cache_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_reports_daily" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sso_connections" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "subscriptions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenant_policies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "usage_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "usage_rollups_hourly" ENABLE ROW LEVEL SECURITY;

CREATE POLICY "tenant_isolation" ON "api_keys" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "billing_outbox" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "invitations" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "invoices" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "memberships" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "semantic_cache_entries" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "sla_reports_daily" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "sso_connections" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "subscriptions" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "tenant_policies" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "usage_events" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "tenant_isolation" ON "usage_rollups_hourly" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());

-- Added by hand: tables whose NULL tenant_id means "the platform's" (platform routes and their versions, platform
-- prices, the platform audit chain). Inside a tenant scope those rows are readable (a second, SELECT-only policy;
-- permissive policies are OR-ed) but never inserted, updated or deleted.
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "model_prices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "model_routes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "model_route_versions" ENABLE ROW LEVEL SECURITY;

CREATE POLICY "tenant_isolation" ON "audit_log" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "platform_rows_readable" ON "audit_log" FOR SELECT TO llmguard_app USING ("tenant_id" IS NULL);
CREATE POLICY "tenant_isolation" ON "model_prices" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "platform_rows_readable" ON "model_prices" FOR SELECT TO llmguard_app USING ("tenant_id" IS NULL);
CREATE POLICY "tenant_isolation" ON "model_routes" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "platform_rows_readable" ON "model_routes" FOR SELECT TO llmguard_app USING ("tenant_id" IS NULL);
CREATE POLICY "tenant_isolation" ON "model_route_versions" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "tenant_id" = llmguard_scoped_tenant_id());
CREATE POLICY "platform_rows_readable" ON "model_route_versions" FOR SELECT TO llmguard_app
  USING ("tenant_id" IS NULL);

-- Added by hand: a tenant sees its own tenants row only.
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "tenants" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR "id" = llmguard_scoped_tenant_id())
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR "id" = llmguard_scoped_tenant_id());

-- Added by hand: deployments carry no tenant_id; they belong to their route's tenant. The subqueries read
-- model_routes under its own policies, so the explicit tenant test is what keeps platform routes' deployments
-- read-only inside a tenant scope.
ALTER TABLE "deployments" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "deployments" TO llmguard_app
  USING (llmguard_scoped_tenant_id() IS NULL OR EXISTS (
    SELECT 1 FROM "model_routes" r WHERE r."id" = "deployments"."route_id" AND r."tenant_id" = llmguard_scoped_tenant_id()))
  WITH CHECK (llmguard_scoped_tenant_id() IS NULL OR EXISTS (
    SELECT 1 FROM "model_routes" r WHERE r."id" = "deployments"."route_id" AND r."tenant_id" = llmguard_scoped_tenant_id()));
CREATE POLICY "platform_rows_readable" ON "deployments" FOR SELECT TO llmguard_app
  USING (EXISTS (SELECT 1 FROM "model_routes" r WHERE r."id" = "deployments"."route_id" AND r."tenant_id" IS NULL));
