import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { randomBase62, type BillingWorkerEnv } from '@llmguard/shared';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe';
import {
  createTenant,
  deleteStripeTestData,
  ensureTiers,
  stripeKit,
  stripeWorkerEnv,
  type StripeKit,
} from './support/stripe-fixtures';
import {
  consumerKit,
  deleteUsageOf,
  publish,
  streamKeyOf,
  usageEvent,
  type ConsumerKit,
} from './support/usage-fixtures';

/** The built command, run as an operator would: node apps/billing-worker/dist/reconcile.js. */
const RECONCILE = resolve(__dirname, '../dist/reconcile.js');
const HOUR_MS = 3_600_000;
const CURRENT_HOUR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const FROM = new Date(CURRENT_HOUR - 4 * HOUR_MS).toISOString();
const TO = new Date(CURRENT_HOUR + HOUR_MS).toISOString();

const ownerDatabaseUrl =
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test';
let fake: FakeStripe;
let env: BillingWorkerEnv;
let consumer: ConsumerKit;
let stripe: StripeKit;
let tenant: string;
const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
);
// The owner role bypasses the application's grants, as someone editing the database by hand would.
const owner = createPrismaClient(ownerDatabaseUrl);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1');

async function runReconcile(...extra: string[]): Promise<{ code: number; output: string }> {
  const args = [RECONCILE, '--from', FROM, '--to', TO, '--tenant', tenant, ...extra];
  const processEnv = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
    STRIPE_TIER_PRICES: env.STRIPE_TIER_PRICES ?? '',
    STRIPE_METER_EVENT_NAME: env.STRIPE_METER_EVENT_NAME,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { env: processEnv });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

async function drainStream(): Promise<void> {
  while ((await consumer.consumer.processBatch(10)) > 0);
}

beforeAll(async () => {
  await ensureTiers(prisma);
  fake = await startFakeStripe();
  env = stripeWorkerEnv(fake, { USAGE_RETENTION_DAYS: '3650' });
  tenant = await createTenant(prisma, 'pro', `cus_test_${randomBase62(10)}`);
  consumer = await consumerKit(env);
  stripe = await stripeKit(env);

  // Three closed hours of usage and some in the current (open) hour, through the real consumer.
  const events = [-3, -2, -1, 0].flatMap((hour) =>
    [0, 1, 2].map((i) =>
      usageEvent(tenant, {
        apiKeyId: `key_${i % 2}`,
        costMicros: 100 + i,
        occurredAt: new Date(CURRENT_HOUR + hour * HOUR_MS + i * 60_000).toISOString(),
      }),
    ),
  );
  await publish(redis, env, ...events);
  await drainStream();
  // Closed hours go to the outbox and are sent to the fake Stripe, as the scheduled job does.
  const now = new Date(CURRENT_HOUR + 20 * 60_000);
  await stripe.closer.closeDueHours(now);
  await stripe.sender.sendDue(now);
});

afterAll(async () => {
  await consumer.close();
  await stripe.close();
  await fake.close();
  await deleteUsageOf(prisma, tenant);
  await deleteStripeTestData(prisma, env, [tenant]);
  const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all([prisma.$disconnect(), owner.$disconnect()]);
  redis.disconnect();
});

describe('reconcile command', () => {
  it('exits 0 when stream, usage_events, rollups and Stripe reports agree', async () => {
    expect(await prisma.billingOutbox.count({ where: { tenantId: tenant, status: 'sent' } })).toBe(3);
    const { code, output } = await runReconcile();
    expect(output).toContain('consistent');
    expect(code).toBe(0);
  });

  it('lists events still in the stream or in a gateway spool that are not stored', async () => {
    const spool = await mkdtemp(join(tmpdir(), 'llmguard-spool-'));
    const inStream = usageEvent(tenant);
    const inSpool = usageEvent(tenant);
    const [streamId] = await publish(redis, env, inStream);
    await writeFile(join(spool, 'usage-0000000000001-000001.ndjson'), `${JSON.stringify(inSpool)}\n`);
    try {
      const { code, output } = await runReconcile('--spool-dir', spool);
      expect(code).toBe(1);
      expect(output).toContain(`${inStream.requestId} tenant=${tenant}`);
      expect(output).toContain(`(stream entry ${streamId})`);
      expect(output).toContain(`${inSpool.requestId} tenant=${tenant}`);
      expect(output).toContain('(spool usage-0000000000001-000001.ndjson:1)');
      expect(output).toContain('2 differences');
    } finally {
      await redis.xdel(streamKeyOf(env), streamId ?? '');
      await rm(spool, { recursive: true });
    }
    expect((await runReconcile()).code).toBe(0);
  });

  it('prints a tampered rollup and the Stripe report it no longer matches, and exits 1', async () => {
    const hour = new Date(CURRENT_HOUR - 2 * HOUR_MS);
    const where = { tenantId: tenant, apiKeyId: 'key_0', model: 'demo-chat', hourStart: hour };
    const before = await owner.usageRollupHourly.findUniqueOrThrow({
      where: { tenantId_apiKeyId_model_hourStart: where },
    });
    await owner.usageRollupHourly.update({
      where: { tenantId_apiKeyId_model_hourStart: where },
      data: { costMicros: { increment: 1_000 } },
    });
    try {
      const { code, output } = await runReconcile();
      expect(code).toBe(1);
      const hourText = hour.toISOString().replace(':00:00.000Z', ':00Z');
      expect(output).toContain(
        `tenant=${tenant} key=key_0 model=demo-chat hour=${hourText} cost_micros: ` +
          `stored=${before.costMicros + 1_000n} recomputed=${before.costMicros}`,
      );
      expect(output).toContain(
        `tenant=${tenant} hour=${hourText}: rollups=${303 + 1_000} sent=303 outbox=sent`,
      );
      expect(output).toContain('2 differences');
    } finally {
      await owner.usageRollupHourly.update({
        where: { tenantId_apiKeyId_model_hourStart: where },
        data: { costMicros: before.costMicros },
      });
    }
  });

  it('reports a closed hour whose meter event was not sent', async () => {
    const hour = new Date(CURRENT_HOUR - HOUR_MS);
    await owner.billingOutbox.updateMany({
      where: { tenantId: tenant, windowStart: hour },
      data: { status: 'pending' },
    });
    const { code, output } = await runReconcile();
    expect(code).toBe(1);
    expect(output).toContain(
      `tenant=${tenant} hour=${hour.toISOString().replace(':00:00.000Z', ':00Z')}: rollups=303 sent=0 outbox=pending`,
    );
  });
});
