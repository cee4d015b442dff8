import pg from 'pg';
import { scopedTenantId } from './tenant-scope';

/** The session setting the row-level security policies read (prisma/migrations/…_row_level_security). */
export const TENANT_SETTING = 'llmguard.tenant_id';

type ConnectCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * A node-postgres pool whose connections carry the current tenant scope: every checkout first makes the
 * connection's `llmguard.tenant_id` equal to the caller's tenant ('' outside a tenant scope). @prisma/adapter-pg
 * checks out through `pool.query` (plain queries) and `pool.connect` (transactions); pg-pool's `query` goes through
 * `connect` too, so this one override covers both. The value each connection holds is remembered, so a checkout
 * whose connection already has the right value (all of the data plane's and the billing worker's, which never
 * have a tenant) costs no round trip.
 */
export class TenantScopedPool extends pg.Pool {
  /** The tenant setting each live connection holds; a new connection holds '' (the setting is unset). */
  private readonly appliedTenant = new WeakMap<pg.PoolClient, string>();

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    // Read now, in the caller's async context: pg-pool may hand the connection over from another context (the one
    // that released it) when the checkout had to wait.
    const tenantId = scopedTenantId();
    if (!callback) {
      return super.connect().then(async (client) => {
        await this.applyTenant(client, tenantId);
        return client;
      });
    }
    super.connect((error, client, done) => {
      if (error || !client) return callback(error, client, done);
      this.applyTenant(client, tenantId).then(
        () => callback(undefined, client, done),
        (applyError: Error) => callback(applyError, undefined, () => undefined),
      );
    });
  }

  /** Sets the connection's tenant unless it already holds it; a connection that fails this is discarded. */
  private async applyTenant(client: pg.PoolClient, tenantId: string): Promise<void> {
    if ((this.appliedTenant.get(client) ?? '') === tenantId) return;
    try {
      // Session level (is_local false): it must outlive the statement and any transaction the caller starts next.
      await client.query('SELECT set_config($1, $2, false)', [TENANT_SETTING, tenantId]);
      this.appliedTenant.set(client, tenantId);
    } catch (error) {
      this.appliedTenant.delete(client);
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}
