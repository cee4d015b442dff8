#!/usr/bin/env node
// Semantic-cache lookup latency at 100,000 and 1,000,000 cached entries. The entries live in a database of their own
// (llmguard_bench_semantic, created here; the test database stays small), one schema per size (bench_<entries>), each
// with a copy of semantic_cache_entries: the same columns and the same HNSW index (pgvector defaults, m = 16,
// ef_construction = 64). A size is built once and reused by later runs (--fresh rebuilds). Vectors are generated in
// SQL: 1,000 random centres with noise around each (prompts about the same thing cluster), 90 % of the rows in the
// benchmark tenant and 10 % spread over 100 other tenants (so the tenant filter has rows to skip). A lookup is the
// gateway's own statement (SEMANTIC_NEAREST_SQL) on a connection with the gateway's settings (hnsw.ef_search from
// --ef-search, iterative scan), for a near-duplicate of a stored vector. Baseline in the same run: the same query
// answered without the index (exact scan and sort), which also gives the HNSW answer's recall@1.
//   node bench/semantic-lookup.mjs [--sizes 100000,1000000] [--queries 2000] [--exact-queries 100] [--ef-search 100]
//                                  [--fresh] [--json results.json]
// Needs the built gateway (`npx nx run @llmguard/gateway:build`) and the owner role on the local PostgreSQL.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cliOption } from './cli-args.mjs';
import pg from 'pg';

const require = createRequire(import.meta.url);
const {
  SEMANTIC_NEAREST_SQL,
  semanticLookupOptions,
  toVectorLiteral,
} = require('../apps/gateway/dist/data-plane/cache/semantic/semantic-answer-cache.js');

const args = process.argv.slice(2);
const option = (name, fallback) => cliOption(args, name, fallback);
const SIZES = option('sizes', '100000,1000000').split(',').map(Number);
const QUERIES = Number(option('queries', '2000'));
const EXACT_QUERIES = Number(option('exact-queries', '100'));
const EF_SEARCH = Number(option('ef-search', '100'));
const FRESH = args.includes('--fresh');
const SERVER_URL = option('server-url', 'postgresql://postgres@127.0.0.1:5432/postgres');
const DATABASE = 'llmguard_bench_semantic';
const databaseUrl = SERVER_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const TENANT = 'tnt_bench';
const MODEL = 'bench-chat';

const log = (message) => process.stderr.write(`${message}\n`);

async function prepareDatabase() {
  const server = new pg.Client({ connectionString: SERVER_URL });
  await server.connect();
  const { rowCount } = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (rowCount === 0) await server.query(`CREATE DATABASE ${DATABASE}`);
  await server.end();
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS vector');
  if (FRESH) {
    for (const size of SIZES) await admin.query(`DROP SCHEMA IF EXISTS ${schemaOf(size)} CASCADE`);
    await admin.query('DROP TABLE IF EXISTS bench_centres');
  }
  await admin.query(`
    CREATE TABLE IF NOT EXISTS bench_centres AS
    SELECT c, (SELECT array_agg(random() - 0.5) FROM generate_series(1, 256) WHERE c >= 0) AS v
    FROM generate_series(0, 999) AS c`);
  return admin;
}

const schemaOf = (size) => `bench_${size}`;

/** The size's schema and table: the columns of the real table (init + semantic_cache_context migrations), no FK. */
async function useSchema(admin, size) {
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schemaOf(size)}`);
  await admin.query(`SET search_path = ${schemaOf(size)}, public`);
  await admin.query(`
    CREATE TABLE IF NOT EXISTS semantic_cache_entries (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, model TEXT NOT NULL, prompt_hash TEXT NOT NULL,
      prompt_text TEXT, embedding vector(256) NOT NULL, response JSONB NOT NULL, hits INTEGER NOT NULL DEFAULT 0,
      last_hit_at TIMESTAMPTZ(6), created_at TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
      expires_at TIMESTAMPTZ(6) NOT NULL, context_hash TEXT NOT NULL DEFAULT '',
      prompt_signature JSONB NOT NULL DEFAULT '{}',
      UNIQUE (tenant_id, model, prompt_hash))`);
}

/** Grows the table to `size` rows (in chunks, index dropped meanwhile) and builds the HNSW index; returns build ms. */
async function growTo(admin, size) {
  const { rows } = await admin.query('SELECT count(*)::int AS n FROM semantic_cache_entries');
  const indexed = await admin.query(
    "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'semantic_cache_entries_embedding_hnsw_idx'",
  );
  if (rows[0].n >= size && indexed.rowCount > 0) return undefined;
  await admin.query('DROP INDEX IF EXISTS semantic_cache_entries_embedding_hnsw_idx');
  const CHUNK = 50_000;
  for (let start = rows[0].n + 1; start <= size; start += CHUNK) {
    const end = Math.min(size, start + CHUNK - 1);
    log(`  inserting entries ${start}..${end}`);
    await admin.query(
      `INSERT INTO semantic_cache_entries (id, tenant_id, model, prompt_hash, embedding, response, expires_at)
       SELECT 'sce_bench_' || n,
              CASE WHEN n % 10 = 0 THEN 'tnt_other_' || (n / 10) % 100 ELSE $3 END, $4, md5(n::text),
              (SELECT array_agg(centre.v[i] + (random() - 0.5) * 0.6) FROM generate_series(1, 256) AS i)::vector,
              '{"v":1}', now() + interval '30 days'
       FROM generate_series($1::int, $2::int) AS n JOIN bench_centres AS centre ON centre.c = n % 1000`,
      [start, end, TENANT, MODEL],
    );
  }
  log(`  building the HNSW index over ${size} entries`);
  await admin.query("SET maintenance_work_mem = '2GB'");
  await admin.query('SET max_parallel_maintenance_workers = 1');
  const startedAt = performance.now();
  await admin.query(
    'CREATE INDEX semantic_cache_entries_embedding_hnsw_idx ON semantic_cache_entries USING hnsw (embedding vector_cosine_ops)',
  );
  await admin.query('ANALYZE semantic_cache_entries');
  return performance.now() - startedAt;
}

/** Query vectors: stored vectors of the benchmark tenant with a little noise (a reworded question). */
async function queryVectors(admin, size, count) {
  const ids = Array.from({ length: count }, () => {
    let n;
    do n = 1 + Math.floor(Math.random() * size);
    while (n % 10 === 0);
    return `sce_bench_${n}`;
  });
  const { rows } = await admin.query(
    'SELECT id, embedding::text AS v FROM semantic_cache_entries WHERE id = ANY($1)',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, JSON.parse(row.v)]));
  return ids.map((id) => {
    const vector = Float32Array.from(byId.get(id), (value) => value + (Math.random() - 0.5) * 0.05);
    return { id, literal: toVectorLiteral(vector) };
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function time(client, vectors, concurrency = 1) {
  const latencies = [];
  const answers = [];
  let next = 0;
  const worker = async (connection) => {
    for (;;) {
      const index = next++;
      if (index >= vectors.length) return;
      const startedAt = performance.now();
      const { rows } = await connection.query(SEMANTIC_NEAREST_SQL, [
        TENANT,
        MODEL,
        '',
        vectors[index].literal,
      ]);
      latencies.push(performance.now() - startedAt);
      // As the gateway does: the candidates of the relaxed-order scan, nearest first.
      answers[index] = rows.sort((a, b) => b.similarity - a.similarity)[0]?.id;
    }
  };
  await Promise.all(client.slice(0, concurrency).map(worker));
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), answers };
}

async function connect(count, extraOptions = '') {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = new pg.Client({
        connectionString: databaseUrl,
        options: `${semanticLookupOptions(EF_SEARCH)} ${extraOptions}`.trim(),
      });
      await client.connect();
      return client;
    }),
  );
}

const admin = await prepareDatabase();
const results = [];
for (const size of SIZES) {
  log(`${size} entries`);
  await useSchema(admin, size);
  const buildMs = await growTo(admin, size);
  const vectors = await queryVectors(admin, size, QUERIES);
  const searchPath = `-c search_path=${schemaOf(size)},public`;
  const indexed = await connect(4, searchPath);
  // Exact baseline: the same statement with index scans off (a sequential scan and a top-N sort).
  const [exact] = await connect(1, `${searchPath} -c enable_indexscan=off -c enable_bitmapscan=off`);
  await time(indexed, vectors.slice(0, 100)); // warm-up: the index pages into the buffer cache
  const sequential = await time(indexed, vectors, 1);
  const concurrent = await time(indexed, vectors, 4);
  const exactSample = vectors.slice(0, EXACT_QUERIES);
  const baseline = await time([exact], exactSample, 1);
  const recall =
    exactSample.filter((_, index) => sequential.answers[index] === baseline.answers[index]).length /
    exactSample.length;
  await Promise.all([...indexed, exact].map((client) => client.end()));
  const row = {
    entries: size,
    indexBuildSeconds: buildMs === undefined ? null : Math.round(buildMs / 100) / 10,
    hnswP50Ms: sequential.p50,
    hnswP99Ms: sequential.p99,
    hnswConcurrent4P50Ms: concurrent.p50,
    hnswConcurrent4P99Ms: concurrent.p99,
    exactP50Ms: baseline.p50,
    exactP99Ms: baseline.p99,
    speedupP50: baseline.p50 / sequential.p50,
    recallAt1: recall,
  };
  results.push(row);
  log(JSON.stringify(row));
}
await admin.end();

const ms = (value) => value.toFixed(2).padStart(8);
console.log(
  `\nsemantic-cache lookup (ef_search ${EF_SEARCH}, ${QUERIES} lookups per size, exact baseline on ${EXACT_QUERIES})`,
);
console.log(
  'entries    | HNSW p50   p99    | c=4 p50   p99    | exact p50    p99     | exact/HNSW p50 | recall@1',
);
for (const row of results) {
  console.log(
    `${String(row.entries).padEnd(10)} |${ms(row.hnswP50Ms)} ${ms(row.hnswP99Ms)} |${ms(row.hnswConcurrent4P50Ms)} ${ms(row.hnswConcurrent4P99Ms)} |` +
      `${ms(row.exactP50Ms)} ${ms(row.exactP99Ms)}  | ${row.speedupP50.toFixed(0).padStart(10)}x    | ${(row.recallAt1 * 100).toFixed(0)}%`,
  );
}
const jsonAt = args.indexOf('--json');
if (jsonAt >= 0 && args[jsonAt + 1])
  writeFileSync(args[jsonAt + 1], JSON.stringify({ efSearch: EF_SEARCH, results }, null, 2));
