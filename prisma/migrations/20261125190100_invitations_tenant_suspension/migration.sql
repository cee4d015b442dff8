-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "suspended_at" TIMESTAMPTZ(6),
ADD COLUMN     "suspension_reason" TEXT;

-- Added by hand: at most one open (neither accepted nor revoked) invitation per tenant and address. Re-inviting an
-- address revokes its open invitation in the same transaction; this index makes two concurrent invitations of the
-- same address fail instead of leaving two usable tokens.
CREATE UNIQUE INDEX "invitations_open_tenant_id_email_key" ON "invitations"("tenant_id", "email")
  WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL;
