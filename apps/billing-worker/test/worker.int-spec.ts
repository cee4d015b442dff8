import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startBillingWorker, type RunningBillingWorker } from '../src/main';
import { USAGE_MAINTENANCE_QUEUE } from '../src/maintenance/usage-maintenance.queue';
import {
  deleteUsageOf,
  pendingCount,
  publish,
  rollupsOf,
  streamKeyOf,
  testWorkerEnv,
  usageEvent,
} from './support/usage-fixtures';

const TENANT = 'tnt_billing_worker_test';
// Retention far beyond any test data: the hourly delete job of this worker must not touch rows that
// other suites sharing the database wrote.
const env = testWorkerEnv({
  USAGE_TRIM_INTERVAL_MS: '200',
  USAGE_BLOCK_MS: '100',
  USAGE_RETENTION_DAYS: '3650',
});
const prisma = createPrismaClient(env.DATABASE_URL);
const redis = new Redis(env.REDIS_URL);
let worker: RunningBillingWorker;

beforeAll(async () => {
  await deleteUsageOf(prisma, TENANT);
  worker = await startBillingWorker({
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
    HEALTH_PORT: '0',
    USAGE_TRIM_INTERVAL_MS: '200',
    USAGE_BLOCK_MS: '100',
    USAGE_RETENTION_DAYS: '3650',
  });
});

afterAll(async () => {
  await worker.close();
  await deleteUsageOf(prisma, TENANT);
  const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await prisma.$disconnect();
  redis.disconnect();
});

describe('billing worker', () => {
  it('consumes the usage stream into rollups and trims what it acknowledged on a schedule', async () => {
    await publish(redis, env, usageEvent(TENANT), usageEvent(TENANT), usageEvent(TENANT));

    await vi.waitFor(
      async () => {
        expect((await rollupsOf(prisma, TENANT))[0]).toMatchObject({ requests: 3, costMicros: 135 });
        expect(await pendingCount(redis, env)).toBe(0);
        // The trim job keeps ids from the group's last-delivered entry on: only that one is left.
        expect(await redis.xlen(streamKeyOf(env))).toBe(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await fetch(`${worker.healthUrl}/readyz`)).status).toBe(200);
  });

  it('registers one repeatable job per maintenance task, at the configured interval', async () => {
    const queue = new Queue(USAGE_MAINTENANCE_QUEUE, {
      connection: { url: env.REDIS_URL },
      prefix: `${env.REDIS_KEY_PREFIX}bull`,
    });
    const schedulers = await queue.getJobSchedulers();
    await queue.close();
    expect(
      schedulers.map(({ key, every }) => ({ key, every })).sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: 'delete-expired-semantic-cache', every: 600_000 },
      { key: 'delete-expired-usage-events', every: 3_600_000 },
      { key: 'trim-usage-stream', every: 200 },
    ]);
  });
});
