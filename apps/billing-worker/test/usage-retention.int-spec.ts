import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { UsageRetention } from '../src/maintenance/usage-retention';
import { deleteUsageOf, testWorkerEnv } from './support/usage-fixtures';

const TENANT = 'tnt_usage_retention_test';
const env = testWorkerEnv({ USAGE_RETENTION_DAYS: '30' });
const prisma = createPrismaClient(env.DATABASE_URL);
const retention = new UsageRetention(prisma, env);
const DAY_MS = 24 * 3_600_000;
// The job deletes across tenants, so the test runs it "in 2000": it can only reach rows this suite wrote
// in 1999, never the recent rows other suites sharing the database are working with.
const now = new Date(Date.UTC(2000, 0, 1));
const cutoff = new Date(now.getTime() - 30 * DAY_MS);

/** Inserts `count` raw events of the test tenant at `occurredAt`. */
async function insertEvents(prefix: string, count: number, occurredAt: Date): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO usage_events (request_id, tenant_id, api_key_id, model, input_tokens, output_tokens, cost_micros,
      latency_ms, status, outcome, occurred_at)
    SELECT ${prefix} || n, ${TENANT}, 'key_retention', 'demo-chat', 1, 1, 1, 1, 200, 'success', ${occurredAt}
    FROM generate_series(1, ${count}::integer) AS n`;
}

beforeEach(async () => {
  await deleteUsageOf(prisma, TENANT);
});

afterAll(async () => {
  await deleteUsageOf(prisma, TENANT);
  await prisma.$disconnect();
});

describe('raw usage retention', () => {
  it('deletes raw events older than the retention window, in batches, and keeps the rest', async () => {
    // More than one delete batch (5,000 rows) of expired rows.
    await insertEvents('req_expired_', 5_003, new Date(cutoff.getTime() - DAY_MS));
    await insertEvents('req_at_cutoff_', 1, cutoff);
    await insertEvents('req_recent_', 2, new Date(now.getTime() - 29 * DAY_MS));

    expect(await retention.deleteExpired(now)).toBe(5_003);

    const left = await prisma.usageEvent.findMany({
      where: { tenantId: TENANT },
      select: { requestId: true },
    });
    expect(left.map((row) => row.requestId).sort()).toEqual([
      'req_at_cutoff_1',
      'req_recent_1',
      'req_recent_2',
    ]);
    expect(await retention.deleteExpired(now)).toBe(0);
  });

  it('keeps the hourly rollups for ever', async () => {
    const hourStart = new Date(Date.UTC(1999, 0, 1));
    await prisma.usageRollupHourly.create({
      data: { tenantId: TENANT, apiKeyId: 'key_retention', model: 'demo-chat', hourStart, requests: 3 },
    });
    await insertEvents('req_ancient_', 3, hourStart);

    await retention.deleteExpired(now);

    expect(await prisma.usageEvent.count({ where: { tenantId: TENANT } })).toBe(0);
    expect(await prisma.usageRollupHourly.findMany({ where: { tenantId: TENANT } })).toMatchObject([
      { hourStart, requests: 3 },
    ]);
  });
});
