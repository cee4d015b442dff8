import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { withUnmergedScopedUniqueReads } from './scoped-unique-reads';
import { TenantScopedPool } from './tenant-scoped-pool';

// The generated client (git-ignored, written by `npm run generate`): PrismaClient, the Prisma namespace, one type per
// model and the enums as const objects with string-literal types.
export * from './generated/client';
export { enterTenant, runInTenantScope, scopedTenantId, type TenantScope } from './tenant-scope';
export { TENANT_SETTING } from './tenant-scoped-pool';

/** Connection settings for {@link createPrismaClient}; every field has a default. */
export type CreatePrismaClientOptions = {
  /** Most connections the pool opens. Default 10. */
  poolSize?: number;
  /** Shown in `pg_stat_activity.application_name`, e.g. `gateway` or `billing-worker`. */
  applicationName?: string;
  /** Server-side limit per statement (Postgres `statement_timeout`). Default none. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection to open. Default 5000. */
  connectionTimeoutMs?: number;
  /** Close connections idle this long. Default 10000. */
  idleTimeoutMs?: number;
  /** Called when an idle pooled connection fails (e.g. Postgres restarted); the pool replaces it. */
  onPoolError?: (error: Error) => void;
};

/**
 * A Prisma client over a node-postgres pool (`@prisma/adapter-pg`). Prisma 7 runs queries through this driver
 * adapter; there is no native query engine. Every connection checkout carries the current tenant scope
 * (tenant-scope.ts) into Postgres as `llmguard.tenant_id`, which the row-level security policies read. Call
 * `$disconnect()` on shutdown to end the pool.
 */
export function createPrismaClient(
  databaseUrl: string,
  options: CreatePrismaClientOptions = {},
): PrismaClient {
  const pool = new TenantScopedPool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
  });
  const adapter = new PrismaPg(pool, { onPoolError: options.onPoolError, disposeExternalPool: true });
  return withUnmergedScopedUniqueReads(new PrismaClient({ adapter }));
}
