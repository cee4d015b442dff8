import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { startBillingWorker } from '../src/main';
import { STRIPE_BILLING_QUEUE } from '../src/stripe/stripe-billing.queue';
import { stripeCustomerIdempotencyKey } from '../src/stripe/stripe-customer.sync';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe';
import {
  createTenant,
  deleteStripeTestData,
  ensureTiers,
  stripeKit,
  stripeWorkerEnv,
  type StripeKit,
} from './support/stripe-fixtures';

const CUSTOMERS_PATH = '/v1/customers';

let fake: FakeStripe;
let env: BillingWorkerEnv;
let kit: StripeKit;
const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test',
);
const tenants: string[] = [];

async function newTenant(): Promise<string> {
  const id = await createTenant(prisma, 'free');
  tenants.push(id);
  return id;
}

const customersOf = (tenantId: string) =>
  [...fake.customers.values()].filter(
    (customer) => (customer.metadata as { tenant_id?: string } | undefined)?.tenant_id === tenantId,
  );

const storedCustomer = async (tenantId: string) =>
  (await prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } })).stripeCustomerId;

beforeAll(async () => {
  await ensureTiers(prisma);
  fake = await startFakeStripe();
  env = stripeWorkerEnv(fake);
  kit = await stripeKit(env);
});

afterAll(async () => {
  await deleteStripeTestData(prisma, env, tenants);
  await kit.close();
  await fake.close();
  await prisma.$disconnect();
});

describe('a Stripe customer per tenant', () => {
  it('creates the customer of a new tenant with a key derived from the tenant id', async () => {
    const tenantId = await newTenant();
    await kit.customers.syncMissing();

    const [customer] = customersOf(tenantId);
    expect(customer).toBeDefined();
    expect(await storedCustomer(tenantId)).toBe(customer?.id);
    const request = fake.requestsTo(CUSTOMERS_PATH).find((r) => r.idempotencyKey?.endsWith(tenantId));
    expect(request?.idempotencyKey).toBe(stripeCustomerIdempotencyKey(tenantId));
  });

  it('never makes a second customer when the answer to the first was lost', async () => {
    const tenantId = await newTenant();
    // Stripe creates the customer but the worker never hears (the SDK's own retry is cut too).
    fake.dropNextAnswers(CUSTOMERS_PATH, 2);
    await kit.customers.syncMissing();
    expect(await storedCustomer(tenantId)).toBeNull();
    expect(customersOf(tenantId)).toHaveLength(1);

    await kit.customers.syncMissing();

    expect(customersOf(tenantId)).toHaveLength(1);
    expect(await storedCustomer(tenantId)).toBe(customersOf(tenantId)[0]?.id);
  });

  it('never makes a second customer when two replicas sync at once', async () => {
    const tenantId = await newTenant();
    await Promise.all([kit.customers.syncMissing(), kit.customers.syncMissing()]);
    expect(customersOf(tenantId)).toHaveLength(1);
    expect(await storedCustomer(tenantId)).toBe(customersOf(tenantId)[0]?.id);
  });

  it('stops a run at a transient Stripe failure and leaves the tenant for the next run', async () => {
    const tenantId = await newTenant();
    fake.failNext(CUSTOMERS_PATH, 503);
    expect(await kit.customers.syncMissing()).toMatchObject({ failed: 1 });
    expect(await storedCustomer(tenantId)).toBeNull();

    await kit.customers.syncMissing();
    expect(await storedCustomer(tenantId)).toBe(customersOf(tenantId)[0]?.id);
  });
});

describe('the worker with Stripe on', () => {
  it('schedules the Stripe jobs and gives a new tenant its customer within an interval', async () => {
    const workerEnv = stripeWorkerEnv(fake, {
      STRIPE_CUSTOMER_SYNC_INTERVAL_MS: '200',
      STRIPE_REPORT_INTERVAL_MS: '250',
    });
    const worker = await startBillingWorker({
      DATABASE_URL: workerEnv.DATABASE_URL,
      REDIS_URL: workerEnv.REDIS_URL,
      REDIS_KEY_PREFIX: workerEnv.REDIS_KEY_PREFIX,
      HEALTH_PORT: '0',
      USAGE_RETENTION_DAYS: '3650',
      STRIPE_SECRET_KEY: 'sk_test_fake',
      STRIPE_API_BASE_URL: fake.url,
      STRIPE_TIER_PRICES: 'pro:price_pro_test',
      STRIPE_METER_EVENT_NAME: workerEnv.STRIPE_METER_EVENT_NAME,
      STRIPE_CUSTOMER_SYNC_INTERVAL_MS: '200',
      STRIPE_REPORT_INTERVAL_MS: '250',
    });
    const queue = new Queue(STRIPE_BILLING_QUEUE, {
      connection: { url: workerEnv.REDIS_URL },
      prefix: `${workerEnv.REDIS_KEY_PREFIX}bull`,
    });
    const redis = new Redis(workerEnv.REDIS_URL);
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(
        schedulers.map(({ key, every }) => ({ key, every })).sort((a, b) => a.key.localeCompare(b.key)),
      ).toEqual([
        { key: 'report-usage-to-stripe', every: 250 },
        { key: 'sync-stripe-customers', every: 200 },
      ]);

      const tenantId = await newTenant();
      await vi.waitFor(async () => expect(await storedCustomer(tenantId)).toMatch(/^cus_/), {
        timeout: 10_000,
        interval: 100,
      });
      expect(customersOf(tenantId)).toHaveLength(1);
    } finally {
      await queue.close();
      await worker.close();
      await prisma.billingOutbox.deleteMany({ where: { eventName: workerEnv.STRIPE_METER_EVENT_NAME } });
      await prisma.billingReportWatermark.deleteMany({
        where: { eventName: workerEnv.STRIPE_METER_EVENT_NAME },
      });
      const keys = await redis.keys(`${workerEnv.REDIS_KEY_PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
