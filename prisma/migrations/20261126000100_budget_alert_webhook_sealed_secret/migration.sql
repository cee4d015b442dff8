-- Budget-alert webhook signing secrets are sealed from now on (envelope encryption, like provider credentials), and
-- the column says so. Hand-written: a secret stored in plain text cannot be sealed in SQL (the master keys live
-- only in the processes), and keeping it would leave it readable, so webhooks set by hand before the API existed
-- are removed; the tenant sets its webhook again through PUT /api/tenants/:slug/billing/alert-webhook and gets a
-- new secret. Alerts keep going by email meanwhile.
DELETE FROM "budget_alert_webhooks";

ALTER TABLE "budget_alert_webhooks" RENAME COLUMN "signing_secret" TO "signing_secret_sealed";
