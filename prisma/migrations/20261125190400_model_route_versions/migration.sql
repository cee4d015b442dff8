-- Model routes become versioned and editable through the control plane: a route can be disabled, carries its current
-- version number, deployments remember the last four characters of their credential, and every change appends an
-- immutable snapshot to model_route_versions.

-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "credential_last_four" TEXT;

-- AlterTable
ALTER TABLE "model_routes" ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "model_route_versions" (
    "route_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "tenant_id" TEXT,
    "action" TEXT NOT NULL,
    "restored_from_version" INTEGER,
    "snapshot" JSONB NOT NULL,
    "author_type" "actor_type" NOT NULL,
    "author_id" TEXT,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_route_versions_pkey" PRIMARY KEY ("route_id","version")
);

-- CreateIndex
CREATE INDEX "model_route_versions_tenant_id_created_at_idx" ON "model_route_versions"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "model_route_versions" ADD CONSTRAINT "model_route_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand: route versions are immutable, like tenant_policies. UPDATE always raises, and so does DELETE, except
-- when it cascades from deleting the tenant (pg_trigger_depth() > 1 inside the foreign key's cascade), so purging a
-- tenant still works.
CREATE FUNCTION "model_route_versions_forbid_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'model_route_versions rows are immutable: % is not allowed (append a new version)', TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER "model_route_versions_immutable" BEFORE UPDATE OR DELETE ON "model_route_versions"
  FOR EACH ROW EXECUTE FUNCTION "model_route_versions_forbid_change"();

-- Added by hand: routes that exist before this migration (seeded, or written directly) get version 1, recorded by the
-- system, so every route's history starts with its first state. Same snapshot shape as the control plane writes
-- (apps/gateway/src/control-plane/routes/route-snapshot.ts).
INSERT INTO "model_route_versions" ("route_id", "version", "tenant_id", "action", "snapshot", "author_type", "comment")
SELECT r."id", 1, r."tenant_id", 'created',
       jsonb_build_object(
         'alias', r."alias",
         'strategy', r."strategy",
         'description', r."description",
         'enabled', r."enabled",
         'config', r."config",
         'deployments', COALESCE((
           SELECT jsonb_agg(jsonb_build_object(
                    'id', d."id",
                    'name', d."name",
                    'provider', d."provider"::text,
                    'baseUrl', d."base_url",
                    'upstreamModel', d."upstream_model",
                    'weight', d."weight",
                    'priority', d."priority",
                    'region', d."region",
                    'tags', to_jsonb(d."tags"),
                    'inputPriceMicrosPerMillion', d."input_price_micros_per_million",
                    'outputPriceMicrosPerMillion', d."output_price_micros_per_million",
                    'cachedInputPriceMicrosPerMillion', d."cached_input_price_micros_per_million",
                    'encryptedCredential', d."encrypted_credential",
                    'credentialLastFour', d."credential_last_four",
                    'apiVersion', d."api_version",
                    'enabled', d."enabled",
                    'timeouts', d."timeouts"
                  ) ORDER BY d."priority", d."name")
           FROM "deployments" d WHERE d."route_id" = r."id"), '[]'::jsonb)
       ),
       'system', 'Recorded when route versions were introduced'
FROM "model_routes" r;
