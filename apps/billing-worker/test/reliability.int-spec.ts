import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId, type BillingWorkerEnv, type UsageEvent } from '@llmguard/shared';
import {
  deadLetterKeyOf,
  deleteUsageOf,
  rollupsOf,
  sleep,
  streamKeyOf,
  testWorkerEnv,
  usageEvent,
} from './support/usage-fixtures';
import {
  CuttableTcpProxy,
  groupProgress,
  startWorkerProcess,
  type WorkerProcess,
} from './support/worker-process';

/**
 * Crash and outage proofs against the built worker (dist/main.js) run as a child process: each
 * test has its own Redis key prefix (so its own stream and group) and its own tenant id.
 */
const HOUR_MS = 3_600_000;
const prisma = createPrismaClient(testWorkerEnv().DATABASE_URL);
const redis = new Redis(testWorkerEnv().REDIS_URL);
const tenants: string[] = [];
const prefixes: string[] = [];
const workers: WorkerProcess[] = [];

/** The worker's environment: retention far beyond the test data, claims after 1 s idle. */
function processEnv(env: BillingWorkerEnv, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
    USAGE_BLOCK_MS: '100',
    USAGE_CLAIM_IDLE_MS: '1000',
    USAGE_RETENTION_DAYS: '3650',
    ...overrides,
  };
}

async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const worker = await startWorkerProcess(env);
  workers.push(worker);
  return worker;
}

function newTenant(): string {
  const tenant = newId('tnt');
  tenants.push(tenant);
  return tenant;
}

function newEnv(): BillingWorkerEnv {
  const env = testWorkerEnv();
  prefixes.push(env.REDIS_KEY_PREFIX);
  return env;
}

/** `count` events spread over 4 keys × 3 models × 3 hours, with varying tokens, costs and outcomes. */
function backlog(tenant: string, count: number): UsageEvent[] {
  const base = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
  return Array.from({ length: count }, (_, i) =>
    usageEvent(tenant, {
      apiKeyId: `key_${i % 4}`,
      model: ['demo-chat', 'demo-mini', 'demo-large'][i % 3] ?? 'demo-chat',
      occurredAt: new Date(base + (i % 3) * HOUR_MS + (i % 1000) * 1000).toISOString(),
      inputTokens: 1 + (i % 17),
      outputTokens: 2 + (i % 29),
      costMicros: 10 + (i % 101),
      latencyMs: 5 + (i % 7),
      outcome: i % 50 === 0 ? 'upstream_error' : 'success',
      status: i % 50 === 0 ? 502 : 200,
    }),
  );
}

/** The rollups `events` must produce, in the shape rollupsOf returns (ordered by hour, key, model). */
function expectedRollups(events: UsageEvent[]) {
  const rows = new Map<string, ReturnType<typeof emptyRollup>>();
  for (const event of events) {
    const hourStart = new Date(Math.floor(Date.parse(event.occurredAt) / HOUR_MS) * HOUR_MS).toISOString();
    const key = `${hourStart}|${event.apiKeyId}|${event.model}`;
    const row = rows.get(key) ?? emptyRollup(event.apiKeyId, event.model, hourStart);
    row.requests += 1;
    row.errors += event.outcome === 'success' ? 0 : 1;
    row.inputTokens += event.inputTokens;
    row.outputTokens += event.outputTokens;
    row.costMicros += event.costMicros;
    row.latencyMsSum += event.latencyMs;
    rows.set(key, row);
  }
  return sortRollups([...rows.values()]);
}

function emptyRollup(apiKeyId: string, model: string, hourStart: string) {
  return {
    apiKeyId,
    model,
    hourStart,
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    costMicros: 0,
    latencyMsSum: 0,
  };
}

function sortRollups<T extends { hourStart: string; apiKeyId: string; model: string }>(rows: T[]): T[] {
  const key = (row: T) => `${row.hourStart}|${row.apiKeyId}|${row.model}`;
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Appends events in pipelined chunks (a 20,000-event backlog in well under a second). */
async function publishAll(env: BillingWorkerEnv, events: UsageEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 1000) {
    const pipeline = redis.pipeline();
    for (const event of events.slice(start, start + 1000))
      pipeline.xadd(streamKeyOf(env), '*', 'event', JSON.stringify(event));
    await pipeline.exec();
  }
}

const storedCount = (tenant: string) => prisma.usageEvent.count({ where: { tenantId: tenant } });

async function expectFullyStored(env: BillingWorkerEnv, tenant: string, events: UsageEvent[]) {
  await vi.waitFor(
    async () => {
      expect(await groupProgress(redis, env)).toMatchObject({ pending: 0, lag: 0 });
    },
    { timeout: 60_000, interval: 250 },
  );
  // Each request exactly once: every request id stored, no more rows, rollups equal to the sums.
  const stored = await prisma.usageEvent.findMany({
    where: { tenantId: tenant },
    select: { requestId: true },
  });
  expect(stored).toHaveLength(events.length);
  expect(new Set(stored.map((row) => row.requestId))).toEqual(new Set(events.map((e) => e.requestId)));
  expect(sortRollups(await rollupsOf(prisma, tenant))).toEqual(expectedRollups(events));
  expect(await redis.xlen(deadLetterKeyOf(env))).toBe(0);
}

beforeAll(async () => {
  await prisma.$queryRaw`SELECT 1`;
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.kill()));
});

afterAll(async () => {
  for (const tenant of tenants) await deleteUsageOf(prisma, tenant);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await prisma.$disconnect();
  redis.disconnect();
});

describe('billing worker reliability (built worker as a child process)', () => {
  it('stores each request of a 20,000-event backlog exactly once across SIGKILLs and restarts', async () => {
    const env = newEnv();
    const tenant = newTenant();
    const events = backlog(tenant, 20_000);
    await publishAll(env, events);

    // Three crashes at random points of a batch (reading, storing, between commit and XACK), each
    // once some more batches committed but the backlog is far from done.
    const outputs: string[] = [];
    for (const killAt of [2_000, 6_000, 10_000]) {
      const worker = await startWorker(processEnv(env, { USAGE_BATCH_SIZE: '200' }));
      await vi.waitFor(async () => expect(await storedCount(tenant)).toBeGreaterThanOrEqual(killAt), {
        timeout: 30_000,
        interval: 10,
      });
      await worker.kill();
      outputs.push(worker.output());
      expect(await storedCount(tenant)).toBeLessThan(events.length);
    }
    expect(outputs[0]).toContain('usage batch count=200');

    // Each new process (a new consumer) claims what the dead ones left pending and reads the rest.
    const last = await startWorker(processEnv(env, { USAGE_BATCH_SIZE: '200' }));
    await expectFullyStored(env, tenant, events);
    expect([...outputs, last.output()].join('')).toContain('claimed=true');
  }, 180_000);

  it('acknowledges nothing while Postgres is unreachable, loses nothing, and catches up once it is back', async () => {
    const env = newEnv();
    const tenant = newTenant();
    const database = new URL(env.DATABASE_URL);
    const proxy = new CuttableTcpProxy(database.hostname, Number(database.port || 5432));
    const proxyPort = await proxy.listen();
    database.host = `127.0.0.1:${proxyPort}`;
    try {
      const worker = await startWorker(
        processEnv(env, { DATABASE_URL: database.toString(), USAGE_BATCH_SIZE: '100' }),
      );
      const before = backlog(tenant, 500);
      await publishAll(env, before);
      await vi.waitFor(
        async () => expect(await groupProgress(redis, env)).toMatchObject({ acknowledged: 500, lag: 0 }),
        { timeout: 30_000, interval: 100 },
      );

      proxy.disconnect();
      const during = backlog(tenant, 1_500);
      await publishAll(env, during);
      // Several read/fail/claim rounds while the database is gone.
      await sleep(5_000);
      const progress = await groupProgress(redis, env);
      expect(progress.acknowledged).toBe(500);
      expect(progress.pending + progress.lag).toBe(1_500);
      expect(await redis.xlen(deadLetterKeyOf(env))).toBe(0);
      expect(worker.output()).toContain('usage batch failed, will retry');
      expect(worker.child.exitCode).toBeNull();

      proxy.restore();
      await expectFullyStored(env, tenant, [...before, ...during]);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('acknowledges nothing when the batch statement itself fails, and stores the batch later', async () => {
    const env = newEnv();
    const tenant = newTenant();
    const database = new URL(env.DATABASE_URL);
    const proxy = new CuttableTcpProxy(database.hostname, Number(database.port || 5432));
    database.host = `127.0.0.1:${await proxy.listen()}`;
    try {
      const worker = await startWorker(
        processEnv(env, { DATABASE_URL: database.toString(), USAGE_BATCH_SIZE: '100' }),
      );
      const before = backlog(tenant, 300);
      await publishAll(env, before);
      await vi.waitFor(
        async () => expect(await groupProgress(redis, env)).toMatchObject({ acknowledged: 300, lag: 0 }),
        { timeout: 30_000, interval: 100 },
      );

      // Only the connections of the usage statement's pool: reading and pricing still work, so
      // batches reach the store and fail there.
      proxy.disconnect('llmguard-billing-usage-writer');
      const during = backlog(tenant, 500);
      await publishAll(env, during);
      await sleep(3_000);
      expect((await groupProgress(redis, env)).acknowledged).toBe(300);
      expect(await storedCount(tenant)).toBe(300);
      expect(worker.output()).toContain('usage batch failed, will retry');

      proxy.restore();
      await expectFullyStored(env, tenant, [...before, ...during]);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
