// Usage aggregation benchmark: fills a dedicated Redis stream with N synthetic usage events (valid per
// libs/shared's usageEventSchema, spread over tenants, keys, models and hours), runs the BUILT billing
// worker (apps/billing-worker/dist/main.js) against it once per USAGE_BATCH_SIZE, and measures events/s
// into Postgres (from the group's first read to the stream fully acknowledged), the worker's CPU and
// Postgres' CPU over that window. Checks every run stored exactly N events and N rollup requests, then
// deletes its rows and keys. Started by scripts/bench-aggregate.sh (which builds and sets the databases).
//
//   node bench/aggregate.mjs [--events 100000] [--batch-sizes 50,200,1000,5000] [--out results.json]
//                            [--profile-dir DIR] [--compare-worker PATH]
//
// --compare-worker PATH also runs PATH (another build's dist/main.js, e.g. of the parent commit) as
// worker "previous", interleaved with the current one per batch size, so both see the same load.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { usageEventSchema } from '@llmguard/shared';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = resolve(ROOT, 'apps/billing-worker/dist/main.js');
const HOUR_MS = 3_600_000;
const TENANTS = 50;
const KEYS_PER_TENANT = 4;
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-haiku', 'llama-70b'];
const HOURS = 24;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    'batch-sizes': { type: 'string', default: '50,200,1000,5000' },
    out: { type: 'string' },
    // Writes a V8 CPU profile of each worker run there (summarise with bench/cpuprofile-top.mjs).
    'profile-dir': { type: 'string' },
    'compare-worker': { type: 'string' },
  },
});
const eventCount = Number(values.events);
const batchSizes = values['batch-sizes'].split(',').map(Number);
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1';
const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const tenantPrefix = `tnt_benchagg_${runId}_`;

const redis = new Redis(redisUrl);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();

const TICKS = 100; // /proc CPU times are in clock ticks (USER_HZ), 100 on Linux
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
}
/** CPU seconds of every postgres process (the server's backends do the inserts). */
function postgresCpuSeconds() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function syntheticEvent(run, i) {
  const tenant = i % TENANTS;
  const base = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOURS * HOUR_MS;
  return {
    v: 2,
    requestId: `req_benchagg_${run}_${i}`,
    tenantId: `${tenantPrefix}${tenant}`,
    apiKeyId: `key_benchagg_${tenant}_${i % KEYS_PER_TENANT}`,
    endUser: i % 5 === 0 ? `user_${i % 97}` : null,
    model: MODELS[i % MODELS.length],
    deploymentId: `dep_benchagg_${i % MODELS.length}`,
    routeId: `rte_benchagg_${i % MODELS.length}`,
    variant: `variant-${i % MODELS.length}`,
    provider: 'openai',
    inputTokens: 50 + (i % 500),
    outputTokens: 20 + (i % 300),
    cachedInputTokens: i % 7 === 0 ? 32 : 0,
    tokenSource: 'upstream',
    costMicros: 100 + (i % 1000),
    latencyMs: 20 + (i % 400),
    ttftMs: 5 + (i % 50),
    status: i % 40 === 0 ? 502 : 200,
    outcome: i % 40 === 0 ? 'upstream_error' : 'success',
    cacheHit: i % 11 === 0 ? 'exact' : 'none',
    stream: i % 2 === 0,
    occurredAt: new Date(base + (i % HOURS) * HOUR_MS + (i % 3600) * 1000).toISOString(),
  };
}

async function fillStream(streamKey, run) {
  usageEventSchema.parse(syntheticEvent(run, 0));
  for (let start = 0; start < eventCount; start += 5000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(start + 5000, eventCount); i += 1)
      pipeline.xadd(streamKey, '*', 'event', JSON.stringify(syntheticEvent(run, i)));
    await pipeline.exec();
  }
  // The group exists before the worker starts, so the first read is measurable.
  await redis.xgroup('CREATE', streamKey, 'billing', '0');
}

async function groupState(streamKey) {
  const groups = await redis.xinfo('GROUPS', streamKey);
  const fields = groups.find((group) => group[1] === 'billing');
  const info = {};
  for (let i = 0; i < fields.length; i += 2) info[fields[i]] = fields[i + 1];
  return { read: Number(info['entries-read'] ?? 0), pending: Number(info.pending), lag: Number(info.lag) };
}

async function stored(run) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM usage_events WHERE tenant_id LIKE $1 AND request_id LIKE $2)::int AS events,
            (SELECT coalesce(sum(requests), 0) FROM usage_rollups_hourly WHERE tenant_id LIKE $1)::int AS requests`,
    [`${tenantPrefix}%`, `req_benchagg_${run}_%`],
  );
  return rows[0];
}

async function cleanDatabase() {
  await db.query('DELETE FROM usage_events WHERE tenant_id LIKE $1', [`${tenantPrefix}%`]);
  await db.query('DELETE FROM usage_rollups_hourly WHERE tenant_id LIKE $1', [`${tenantPrefix}%`]);
}

async function cleanRedis(prefix) {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function runOnce(batchSize, worker) {
  const prefix = `llmguard-bench-agg-${runId}-${worker.name}-${batchSize}:`;
  const streamKey = `${prefix}usage:events`;
  const run = `${runId}${worker.name}${batchSize}`;
  await cleanDatabase(); // each run starts with empty rollups for the bench tenants
  await fillStream(streamKey, run);
  const startedAt = performance.now();
  const nodeArgs = values['profile-dir'] ? ['--cpu-prof', '--cpu-prof-dir', values['profile-dir']] : [];
  const child = spawn(process.execPath, [...nodeArgs, worker.main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      HEALTH_PORT: '0',
      USAGE_BATCH_SIZE: String(batchSize),
      USAGE_BLOCK_MS: '100',
      USAGE_RETENTION_DAYS: '3650',
      USAGE_TRIM_INTERVAL_MS: '3600000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let first;
    let state;
    for (;;) {
      state = await groupState(streamKey);
      if (!first && state.read > 0)
        first = { at: performance.now(), workerCpu: cpuSeconds(child.pid), pgCpu: postgresCpuSeconds() };
      if (state.lag === 0 && state.pending === 0 && state.read >= eventCount) break;
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
      if (performance.now() - startedAt > 600_000) throw new Error('timed out after 10 minutes');
      await sleep(first ? 20 : 5);
    }
    const doneAt = performance.now();
    const workerCpu = cpuSeconds(child.pid) - first.workerCpu;
    const pgCpu = postgresCpuSeconds() - first.pgCpu;
    const seconds = (doneAt - first.at) / 1000;
    const check = await stored(run);
    if (check.events !== eventCount || check.requests !== eventCount)
      throw new Error(
        `stored ${check.events} events and ${check.requests} rollup requests, expected ${eventCount}`,
      );
    return {
      worker: worker.name,
      batchSize,
      events: eventCount,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(eventCount / seconds),
      startupSeconds: Number(((first.at - startedAt) / 1000).toFixed(2)),
      workerCpuPercent: Math.round((100 * workerCpu) / seconds),
      postgresCpuPercent: Math.round((100 * pgCpu) / seconds),
      load1: Number(loadavg()[0].toFixed(2)),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
    await cleanRedis(prefix);
  }
}

const results = [];
try {
  process.stderr.write(
    `usage aggregation: ${eventCount} events per run, ${TENANTS} tenants × ${KEYS_PER_TENANT} keys × ` +
      `${MODELS.length} models × ${HOURS} hours; load before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
  );
  const workers = [{ name: 'current', main: WORKER }];
  if (values['compare-worker'])
    workers.unshift({ name: 'previous', main: resolve(values['compare-worker']) });
  for (const batchSize of batchSizes) {
    for (const worker of workers) {
      const result = await runOnce(batchSize, worker);
      results.push(result);
      process.stderr.write(`${JSON.stringify(result)}\n`);
    }
  }
} finally {
  await cleanDatabase();
  await db.end();
  redis.disconnect();
}

console.log(
  '| worker | USAGE_BATCH_SIZE | events | seconds | events/s | worker CPU | postgres CPU | load (1 min) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.worker} | ${r.batchSize} | ${r.events} | ${r.seconds} | ${r.eventsPerSecond} | ${r.workerCpuPercent} % | ` +
      `${r.postgresCpuPercent} % | ${r.load1} |`,
  );
if (values.out) writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
