// Row-level security as the application role sees it: what a query that forgets its tenant filter returns inside a
// tenant scope, what it may write, and how the pool carries the scope onto connections. Fixtures are written by the
// owner (MIGRATION_DATABASE_URL); the client under test connects as llmguard_app (DATABASE_URL), like the gateway.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, enterTenant, runInTenantScope, scopedTenantId, type PrismaClient } from '../src';
import { TenantScopedPool } from '../src/tenant-scoped-pool';

const APP_DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test';
const OWNER_DATABASE_URL =
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test';
const RUN = randomUUID().replaceAll('-', '').slice(0, 12);
const TENANT_A = `tnt_rls_${RUN}_a`;
const TENANT_B = `tnt_rls_${RUN}_b`;
const KEY_A = `key_rls_${RUN}_a`;
const KEY_B = `key_rls_${RUN}_b`;
const ROUTE_A = `rte_rls_${RUN}_a`;
const ROUTE_PLATFORM = `rte_rls_${RUN}_p`;

let owner: pg.Pool;
let app: PrismaClient;

/**
 * Runs `work` as tenant `tenantId` would inside a control-plane request. Awaited inside the scope: a Prisma query
 * is lazy and starts when it is awaited, so one handed out of the scope unawaited would run outside it.
 */
function asTenant<Result>(tenantId: string, work: () => Promise<Result>): Promise<Result> {
  return runInTenantScope(async () => {
    enterTenant(tenantId);
    return await work();
  });
}

async function ownerRows(sql: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  return (await owner.query(sql, values)).rows as Record<string, unknown>[];
}

beforeAll(async () => {
  owner = new pg.Pool({ connectionString: OWNER_DATABASE_URL, max: 2 });
  app = createPrismaClient(APP_DATABASE_URL, { poolSize: 2, applicationName: 'db-tenant-scope-int-spec' });
  const [role] = await app.$queryRaw<{ rolsuper: boolean; rolbypassrls: boolean }[]>`
    SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`;
  if (!role || role.rolsuper || role.rolbypassrls) {
    throw new Error(
      'DATABASE_URL must name the application role (llmguard_app): RLS does not apply to superusers',
    );
  }
  for (const [tenant, key, suffix] of [
    [TENANT_A, KEY_A, 'a'],
    [TENANT_B, KEY_B, 'b'],
  ] as const) {
    await owner.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $2)', [
      tenant,
      `rls-${RUN}-${suffix}`,
    ]);
    await owner.query(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, hash, last_four) VALUES ($1, $2, 'k', 'lg_test_', $3, 'abcd')`,
      [key, tenant, `rls-${RUN}-${suffix}`],
    );
    await owner.query(
      `INSERT INTO audit_log (id, tenant_id, sequence, actor_type, action, hash)
       VALUES ($1, $2, 1, 'system', 'test.rls', 'h')`,
      [`aud_rls_${RUN}_${suffix}`, tenant],
    );
  }
  // A platform audit entry, at a sequence no real platform chain reaches.
  await owner.query(
    `INSERT INTO audit_log (id, tenant_id, sequence, actor_type, action, hash)
     VALUES ($1, NULL, $2, 'system', 'test.rls', 'h')`,
    [`aud_rls_${RUN}_platform`, 9_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000)],
  );
  await owner.query(`INSERT INTO model_routes (id, tenant_id, alias) VALUES ($1, $2, $3), ($4, NULL, $5)`, [
    ROUTE_A,
    TENANT_A,
    `rls-${RUN}`,
    ROUTE_PLATFORM,
    `rls-${RUN}-platform`,
  ]);
  await owner.query(
    `INSERT INTO deployments (id, route_id, name, provider, base_url, upstream_model, input_price_micros_per_million,
       output_price_micros_per_million, cached_input_price_micros_per_million)
     VALUES ($1, $2, 'd', 'openai', 'http://127.0.0.1:1/v1', 'm', 0, 0, 0),
            ($3, $4, 'd', 'openai', 'http://127.0.0.1:1/v1', 'm', 0, 0, 0)`,
    [`dep_rls_${RUN}_a`, ROUTE_A, `dep_rls_${RUN}_p`, ROUTE_PLATFORM],
  );
});

afterAll(async () => {
  // Deleting the tenants cascades to their rows; the audit entries (append-only) go with the trigger off for the
  // length of one transaction, so no other session sees it off.
  const client = await owner?.connect();
  try {
    await client?.query('BEGIN');
    await client?.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await client?.query('DELETE FROM audit_log WHERE id LIKE $1', [`aud_rls_${RUN}_%`]);
    await client?.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await client?.query('COMMIT');
  } finally {
    client?.release();
  }
  await owner?.query('DELETE FROM model_routes WHERE id = $1', [ROUTE_PLATFORM]);
  await owner?.query('DELETE FROM tenants WHERE id IN ($1, $2)', [TENANT_A, TENANT_B]);
  await app?.$disconnect();
  await owner?.end();
});

describe('a query that forgets its tenant filter, inside tenant A’s scope', () => {
  it('reads only A’s rows', async () => {
    const keys = await asTenant(TENANT_A, () =>
      app.apiKey.findMany({ where: { id: { in: [KEY_A, KEY_B] } } }),
    );
    expect(keys.map((key) => key.id)).toEqual([KEY_A]);
    const tenants = await asTenant(TENANT_A, () =>
      app.tenant.findMany({ where: { id: { in: [TENANT_A, TENANT_B] } } }),
    );
    expect(tenants.map((tenant) => tenant.id)).toEqual([TENANT_A]);
    const foreign = await asTenant(TENANT_A, () => app.apiKey.findUnique({ where: { id: KEY_B } }));
    expect(foreign).toBeNull();
  });

  it('also reads platform routes and their deployments, but never the platform audit chain', async () => {
    const routes = await asTenant(TENANT_A, () =>
      app.modelRoute.findMany({
        where: { alias: { startsWith: `rls-${RUN}` } },
        include: { deployments: true },
      }),
    );
    expect(routes.map((route) => [route.id, route.deployments.length]).sort()).toEqual([
      [ROUTE_A, 1],
      [ROUTE_PLATFORM, 1],
    ]);
    const audit = await asTenant(TENANT_A, () =>
      app.auditLogEntry.findMany({ where: { id: { startsWith: `aud_rls_${RUN}` } } }),
    );
    expect(audit.map((entry) => entry.tenantId)).toEqual([TENANT_A]);
  });

  it('cannot update or delete B’s rows by id: nothing is affected', async () => {
    const updated = await asTenant(TENANT_A, () =>
      app.apiKey.updateMany({ where: { id: KEY_B }, data: { name: 'taken over' } }),
    );
    const deleted = await asTenant(TENANT_A, () => app.apiKey.deleteMany({ where: { id: KEY_B } }));
    expect([updated.count, deleted.count]).toEqual([0, 0]);
    expect(await ownerRows('SELECT name FROM api_keys WHERE id = $1', [KEY_B])).toEqual([{ name: 'k' }]);
  });

  it('cannot insert a row for B, nor move its own row to B', async () => {
    const insert = asTenant(TENANT_A, () =>
      app.apiKey.create({
        data: {
          id: `key_rls_${RUN}_x`,
          tenantId: TENANT_B,
          name: 'x',
          prefix: 'p',
          hash: `x${RUN}`,
          lastFour: 'x',
        },
      }),
    );
    await expect(insert).rejects.toThrow(/row-level security/);
    const move = asTenant(TENANT_A, () =>
      app.apiKey.update({ where: { id: KEY_A }, data: { tenantId: TENANT_B } }),
    );
    await expect(move).rejects.toThrow(/row-level security/);
  });

  it('cannot change platform rows, which it can read', async () => {
    const renamed = await asTenant(TENANT_A, () =>
      app.modelRoute.updateMany({ where: { id: ROUTE_PLATFORM }, data: { description: 'hijacked' } }),
    );
    const deployments = await asTenant(TENANT_A, () =>
      app.deployment.deleteMany({ where: { routeId: ROUTE_PLATFORM } }),
    );
    expect([renamed.count, deployments.count]).toEqual([0, 0]);
    const create = asTenant(TENANT_A, () =>
      app.modelRoute.create({ data: { id: `rte_rls_${RUN}_x`, tenantId: null, alias: `rls-${RUN}-x` } }),
    );
    await expect(create).rejects.toThrow(/row-level security/);
  });
});

describe('platform work (no tenant scope)', () => {
  it('sees every tenant’s rows, also on a connection a tenant used before', async () => {
    const single = createPrismaClient(APP_DATABASE_URL, { poolSize: 1 });
    try {
      await asTenant(TENANT_A, () => single.apiKey.findMany({ where: { id: { in: [KEY_A, KEY_B] } } }));
      const keys = await single.apiKey.findMany({
        where: { id: { in: [KEY_A, KEY_B] } },
        orderBy: { id: 'asc' },
      });
      expect(keys.map((key) => key.id)).toEqual([KEY_A, KEY_B]);
    } finally {
      await single.$disconnect();
    }
  });

  it('a scope that is open but not yet given a tenant (before the tenant guard) is platform work too', async () => {
    const count = await runInTenantScope(
      async () => await app.apiKey.count({ where: { id: { in: [KEY_A, KEY_B] } } }),
    );
    expect(count).toBe(2);
  });
});

describe('append-only tables for the application role', () => {
  it('refuses UPDATE and DELETE on audit_log even outside a scope (permission denied, before any trigger)', async () => {
    const update = app.$executeRaw`UPDATE audit_log SET action = 'rewritten' WHERE id = ${`aud_rls_${RUN}_a`}`;
    await expect(update).rejects.toThrow(/permission denied for table audit_log/);
    const remove = app.$executeRaw`DELETE FROM audit_log WHERE id = ${`aud_rls_${RUN}_a`}`;
    await expect(remove).rejects.toThrow(/permission denied for table audit_log/);
  });

  it('grants SELECT and INSERT only on audit_log, tenant_policies and model_route_versions', async () => {
    const rows = await ownerRows(
      `SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) AS privileges
       FROM information_schema.role_table_grants
       WHERE grantee = 'llmguard_app' AND table_name = ANY($1) GROUP BY table_name ORDER BY table_name`,
      [['audit_log', 'model_route_versions', 'tenant_policies']],
    );
    expect(rows).toEqual([
      { table_name: 'audit_log', privileges: 'INSERT,SELECT' },
      { table_name: 'model_route_versions', privileges: 'INSERT,SELECT' },
      { table_name: 'tenant_policies', privileges: 'INSERT,SELECT' },
    ]);
  });
});

describe('the schema', () => {
  it('has RLS and a tenant_isolation policy on every table with a tenant_id column (new tables too)', async () => {
    const unprotected = await ownerRows(
      `SELECT c.relname AS table_name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE c.relkind = 'r'
         AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
              OR c.relname IN ('tenants', 'deployments'))
         AND (NOT c.relrowsecurity
              OR NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname
                               AND p.policyname = 'tenant_isolation'))
       ORDER BY 1`,
      [],
    );
    expect(unprotected).toEqual([]);
  });

  it('runs the application role without SUPERUSER or BYPASSRLS', async () => {
    expect(
      await ownerRows(
        "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'llmguard_app'",
        [],
      ),
    ).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: true }]);
  });
});

describe('the tenant scope', () => {
  it('is filled once: outside a scope, or for another tenant, enterTenant throws', async () => {
    expect(() => enterTenant(TENANT_A)).toThrow(/outside runInTenantScope/);
    runInTenantScope(() => {
      enterTenant(TENANT_A);
      enterTenant(TENANT_A);
      expect(scopedTenantId()).toBe(TENANT_A);
      expect(() => enterTenant(TENANT_B)).toThrow(/refusing to switch/);
    });
    expect(scopedTenantId()).toBe('');
  });

  it('keeps two tenants apart when their findUnique calls start in the same tick (Prisma merges those)', async () => {
    const [mine, theirs] = await Promise.all([
      asTenant(TENANT_A, () => app.apiKey.findUnique({ where: { id: KEY_A } })),
      asTenant(TENANT_B, () => app.apiKey.findUnique({ where: { id: KEY_B } })),
    ]);
    expect([mine?.id, theirs?.id]).toEqual([KEY_A, KEY_B]);
  });

  it('reaches interactive transactions, whose findUnique sees the transaction’s own writes', async () => {
    const seen = await asTenant(TENANT_A, () =>
      app.$transaction(async (tx) => {
        await tx.apiKey.update({ where: { id: KEY_A }, data: { name: 'in transaction' } });
        const own = await tx.apiKey.findUnique({ where: { id: KEY_A } });
        const all = await tx.apiKey.findMany({ where: { id: { in: [KEY_A, KEY_B] } } });
        await tx.apiKey.update({ where: { id: KEY_A }, data: { name: 'k' } });
        return { name: own?.name, ids: all.map((key) => key.id) };
      }),
    );
    expect(seen).toEqual({ name: 'in transaction', ids: [KEY_A] });
  });
});

describe('the pool', () => {
  it('sets the tenant only when a checked-out connection holds another one', async () => {
    const pool = new TenantScopedPool({ connectionString: APP_DATABASE_URL, max: 1 });
    const statements: string[] = [];
    pool.on('connect', (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        statements.push(typeof args[0] === 'string' ? args[0] : 'query object');
        return query(...args);
      };
    });
    try {
      const tenantOf = async () =>
        (
          (await pool.query("SELECT current_setting('llmguard.tenant_id', true) AS t")).rows[0] as {
            t: string | null;
          }
        ).t;
      expect([await tenantOf(), await tenantOf()]).toEqual([null, null]);
      expect(await asTenant(TENANT_A, tenantOf)).toBe(TENANT_A);
      expect(await asTenant(TENANT_A, tenantOf)).toBe(TENANT_A);
      expect(await tenantOf()).toBe('');
      const client = await asTenant(TENANT_B, () => pool.connect());
      const held = (await client.query("SELECT current_setting('llmguard.tenant_id') AS t")).rows[0] as {
        t: string;
      };
      client.release();
      expect(held.t).toBe(TENANT_B);
      expect(statements.filter((sql) => sql.startsWith('SELECT set_config'))).toHaveLength(3);
    } finally {
      await pool.end();
    }
  });
});
