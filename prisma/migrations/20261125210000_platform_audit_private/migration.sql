-- Added by hand: the platform audit chain (sign-ups, sign-ins, tier defaults) names users of every tenant, so a
-- tenant-scoped session must not read it, even through a query that forgets its filter. Platform routes and prices
-- stay readable in a tenant scope (every tenant uses them); platform audit entries do not.
DROP POLICY "platform_rows_readable" ON "audit_log";
