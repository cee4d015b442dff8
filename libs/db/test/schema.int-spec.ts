// Guarantees of the migrated schema that Prisma cannot express and the rest of the system relies on. Runs against the
// real test database (migrated by scripts/services.sh). Every write happens in a transaction that is rolled back, or
// under ids unique to this run that afterAll deletes, so the suite can run again and beside other suites.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../src';

// The owner's connection: these checks write around triggers and constraints the application role may not touch.
const DATABASE_URL =
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test';
const RUN = randomUUID().replaceAll('-', '').slice(0, 12);
const DIMENSIONS = 256;

let pool: pg.Pool;
let prisma: PrismaClient;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  prisma = createPrismaClient(DATABASE_URL, { poolSize: 2, applicationName: 'db-schema-int-spec' });
});

afterAll(async () => {
  await pool?.query('DELETE FROM usage_events WHERE request_id LIKE $1', [`req_test_${RUN}_%`]);
  await pool?.query('DELETE FROM tenants WHERE id LIKE $1', [`tnt_test_${RUN}_%`]);
  await prisma?.$disconnect();
  await pool?.end();
});

/** Runs `work` in a transaction that is always rolled back, so nothing it writes survives the test. */
async function inRolledBackTransaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

/** Runs one statement under a savepoint and returns the Postgres error it raised (the transaction stays usable). */
async function errorOf(
  client: pg.PoolClient,
  sql: string,
  values: unknown[] = [],
): Promise<pg.DatabaseError | null> {
  await client.query('SAVEPOINT attempt');
  try {
    await client.query(sql, values);
    await client.query('RELEASE SAVEPOINT attempt');
    return null;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT attempt');
    if (error instanceof pg.DatabaseError) return error;
    throw error;
  }
}

async function insertTenant(client: pg.PoolClient, suffix: string): Promise<string> {
  const id = `tnt_test_${RUN}_${suffix}`;
  await client.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)', [
    id,
    `test-${RUN}-${suffix}`,
    'Test',
  ]);
  return id;
}

/** pgvector text literal of a 256-dimension vector whose first components are `head` and the rest 0. */
function vectorLiteral(head: number[]): string {
  return `[${[...head, ...new Array<number>(DIMENSIONS - head.length).fill(0)].join(',')}]`;
}

describe('extensions and indexes', () => {
  it('has pgvector installed', async () => {
    const { rows } = await pool.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    expect(rows).toHaveLength(1);
  });

  it('indexes semantic cache embeddings with HNSW for cosine distance', async () => {
    const { rows } = await pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'semantic_cache_entries'",
    );
    expect(rows.map((row) => row.indexdef)).toContainEqual(
      expect.stringMatching(/USING hnsw \(embedding vector_cosine_ops\)/),
    );
  });

  // Tenant-scoped queries (and RLS policies) filter on tenant_id first; without such an index they scan the table.
  it('gives every table with a tenant_id column an index that starts with tenant_id', async () => {
    const { rows: tables } = await pool.query<{ table_name: string }>(
      `SELECT c.relname AS table_name
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attname = 'tenant_id' AND NOT a.attisdropped`,
    );
    const { rows: unindexed } = await pool.query<{ table_name: string }>(
      `SELECT c.relname AS table_name
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attname = 'tenant_id' AND NOT a.attisdropped
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i
             WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum AND i.indpred IS NULL
          )`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'api_keys',
        'usage_events',
        'audit_log',
        'semantic_cache_entries',
        'tenant_policies',
      ]),
    );
    expect(unindexed).toEqual([]);
  });
});

describe('money and counters', () => {
  // Floats drift when summed and numeric is easy to misuse from JavaScript: amounts are integer micros or minor units.
  it('has no floating-point or numeric columns anywhere', async () => {
    const { rows } = await pool.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('real', 'double precision', 'numeric', 'money')`,
    );
    expect(rows).toEqual([]);
  });

  it('stores every amount, price and token sum as bigint', async () => {
    const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public'
          AND (column_name LIKE '%micros%' OR column_name LIKE 'amount_%' OR column_name IN ('subtotal', 'tax', 'total')
               OR (table_name = 'usage_rollups_hourly' AND column_name LIKE '%tokens'))`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rows.filter((row) => row.data_type !== 'bigint')).toEqual([]);
  });
});

describe('usage events', () => {
  // A replayed stream entry must not bill twice: the request id is the primary key.
  it('rejects a second event with the same request id', async () => {
    const requestId = `req_test_${RUN}_dup`;
    const insert = `INSERT INTO usage_events (request_id, tenant_id, api_key_id, model, input_tokens, output_tokens,
                      cost_micros, latency_ms, status, outcome, occurred_at)
                    VALUES ($1, 'tnt_x', 'key_x', 'gpt-4o-mini', 10, 5, 42, 120, 200, 'success', now())`;
    await inRolledBackTransaction(async (client) => {
      await client.query(insert, [requestId]);
      expect((await errorOf(client, insert, [requestId]))?.code).toBe('23505');
      const conflict = await client.query(`${insert} ON CONFLICT (request_id) DO NOTHING`, [requestId]);
      expect(conflict.rowCount).toBe(0);
    });
  });

  it('makes a replayed createMany with skipDuplicates a no-op, as the billing worker uses it', async () => {
    const event = {
      requestId: `req_test_${RUN}_prisma`,
      tenantId: 'tnt_x',
      apiKeyId: 'key_x',
      model: 'gpt-4o-mini',
      inputTokens: 1_000,
      outputTokens: 2_000,
      costMicros: 9_007_199_254_740_993n, // above Number.MAX_SAFE_INTEGER: must round-trip exactly
      latencyMs: 900,
      status: 200,
      outcome: 'success',
      cacheHit: 'none' as const,
      occurredAt: new Date(),
    };
    expect((await prisma.usageEvent.createMany({ data: [event], skipDuplicates: true })).count).toBe(1);
    expect((await prisma.usageEvent.createMany({ data: [event], skipDuplicates: true })).count).toBe(0);
    const stored = await prisma.usageEvent.findUniqueOrThrow({ where: { requestId: event.requestId } });
    expect(stored.costMicros).toBe(9_007_199_254_740_993n);
  });
});

describe('append-only tables', () => {
  it('refuses UPDATE and DELETE on audit_log', async () => {
    await inRolledBackTransaction(async (client) => {
      const id = `aud_test_${RUN}`;
      await client.query(
        `INSERT INTO audit_log (id, tenant_id, sequence, actor_type, action, hash)
         VALUES ($1, $2, 1, 'system', 'test.appended', 'h1')`,
        [id, `tnt_test_${RUN}_audit`],
      );
      const update = await errorOf(client, "UPDATE audit_log SET action = 'test.rewritten' WHERE id = $1", [
        id,
      ]);
      const remove = await errorOf(client, 'DELETE FROM audit_log WHERE id = $1', [id]);
      expect(update?.message).toMatch(/append-only/);
      expect(remove?.message).toMatch(/append-only/);
      expect((await client.query('SELECT action FROM audit_log WHERE id = $1', [id])).rows).toEqual([
        { action: 'test.appended' },
      ]);
    });
  });

  it('keeps one sequence number per chain, including the platform chain (tenant_id null)', async () => {
    await inRolledBackTransaction(async (client) => {
      const insert = `INSERT INTO audit_log (id, tenant_id, sequence, actor_type, action, hash)
                      VALUES ($1, $2, 9000000000001, 'system', 'test.appended', 'h')`;
      await client.query(insert, [`aud_test_${RUN}_p1`, null]);
      expect((await errorOf(client, insert, [`aud_test_${RUN}_p2`, null]))?.code).toBe('23505');
    });
  });

  it('refuses UPDATE and direct DELETE on tenant_policies, but lets a tenant purge cascade', async () => {
    await inRolledBackTransaction(async (client) => {
      const tenantId = await insertTenant(client, 'policy');
      await client.query(
        `INSERT INTO tenant_policies (id, tenant_id, version, rate_limits, budgets, guardrails, cache, routing,
                                      data_residency)
         VALUES ($1, $2, 1, '{}', '{}', '{}', '{}', '{}', '{}')`,
        [`pol_test_${RUN}`, tenantId],
      );
      const update = await errorOf(
        client,
        "UPDATE tenant_policies SET comment = 'edited' WHERE tenant_id = $1",
        [tenantId],
      );
      const remove = await errorOf(client, 'DELETE FROM tenant_policies WHERE tenant_id = $1', [tenantId]);
      expect(update?.message).toMatch(/immutable/);
      expect(remove?.message).toMatch(/immutable/);
      await client.query('DELETE FROM tenants WHERE id = $1', [tenantId]);
      expect(
        (await client.query('SELECT 1 FROM tenant_policies WHERE tenant_id = $1', [tenantId])).rowCount,
      ).toBe(0);
    });
  });
});

describe('constraints Prisma cannot express', () => {
  it('allows one platform-wide route per alias (tenant_id null)', async () => {
    await inRolledBackTransaction(async (client) => {
      const alias = `test-${RUN}`;
      const insert = 'INSERT INTO model_routes (id, tenant_id, alias) VALUES ($1, $2, $3)';
      const tenantId = await insertTenant(client, 'routes');
      await client.query(insert, [`rte_test_${RUN}_1`, null, alias]);
      await client.query(insert, [`rte_test_${RUN}_2`, tenantId, alias]);
      expect((await errorOf(client, insert, [`rte_test_${RUN}_3`, null, alias]))?.code).toBe('23505');
    });
  });

  it('stores emails lower-cased only', async () => {
    await inRolledBackTransaction(async (client) => {
      const insert = 'INSERT INTO users (id, email, name) VALUES ($1, $2, $3)';
      expect(
        (await errorOf(client, insert, [`usr_test_${RUN}_1`, `Mixed.${RUN}@Example.com`, 'A']))?.code,
      ).toBe('23514');
      expect(
        await errorOf(client, insert, [`usr_test_${RUN}_2`, `lower.${RUN}@example.com`, 'B']),
      ).toBeNull();
    });
  });

  it('gives a new tenant the free tier, which the init migration inserted', async () => {
    await inRolledBackTransaction(async (client) => {
      const tenantId = await insertTenant(client, 'tier');
      const { rows } = await client.query('SELECT tier_id FROM tenants WHERE id = $1', [tenantId]);
      expect(rows).toEqual([{ tier_id: 'free' }]);
    });
  });
});

describe('semantic cache', () => {
  it('returns the nearest entry by cosine distance, and can answer from the HNSW index', async () => {
    await inRolledBackTransaction(async (client) => {
      const tenantId = await insertTenant(client, 'cache');
      const entries = [
        { id: `sce_test_${RUN}_a`, embedding: vectorLiteral([1, 0]) },
        { id: `sce_test_${RUN}_b`, embedding: vectorLiteral([0, 1]) },
        { id: `sce_test_${RUN}_c`, embedding: vectorLiteral([0.5, 0.5, 0.7]) },
      ];
      for (const entry of entries) {
        await client.query(
          `INSERT INTO semantic_cache_entries (id, tenant_id, model, prompt_hash, embedding, response, expires_at)
           VALUES ($1, $2, 'gpt-4o-mini', $1, $3::vector, '{}', now() + interval '1 hour')`,
          [entry.id, tenantId, entry.embedding],
        );
      }
      const nearest = `SELECT id, embedding <=> $2::vector AS distance FROM semantic_cache_entries
                        WHERE tenant_id = $1 AND model = 'gpt-4o-mini'
                        ORDER BY embedding <=> $2::vector LIMIT 1`;
      const { rows } = await client.query<{ id: string; distance: number }>(nearest, [
        tenantId,
        vectorLiteral([0.1, 0.9]),
      ]);
      expect(rows[0]?.id).toBe(`sce_test_${RUN}_b`);
      expect(rows[0]?.distance).toBeLessThan(0.01);

      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN (FORMAT TEXT) SELECT id FROM semantic_cache_entries ORDER BY embedding <=> $1::vector LIMIT 1`,
        [vectorLiteral([0.1, 0.9])],
      );
      expect(plan.rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n')).toMatch(
        /semantic_cache_entries_embedding_hnsw_idx/,
      );
    });
  });
});
