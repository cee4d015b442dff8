import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { randomBase62, type BillingWorkerEnv } from '@llmguard/shared';
import { floorToHour } from '../src/stripe/usage-hour.closer';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe';
import {
  addRollup,
  createTenant,
  deleteStripeTestData,
  ensureTiers,
  stripeKit,
  stripeWorkerEnv,
  type StripeKit,
} from './support/stripe-fixtures';

const HOUR_MS = 3_600_000;
const METER_PATH = '/v1/billing/meter_events';

let fake: FakeStripe;
let env: BillingWorkerEnv;
let kit: StripeKit;
const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test',
);
const tenants: string[] = [];

// The clock the tests pass in: 20 minutes into the current hour, so with the 15-minute grace the previous hours are
// closed and the current one (H0) is not.
const H0 = floorToHour(new Date());
const at = (offsetMs: number) => new Date(H0.getTime() + offsetMs);
const NOW = at(20 * 60_000);

async function tenant(tier: string, customer: string | null = `cus_test_${randomBase62(10)}`) {
  const id = await createTenant(prisma, tier, customer);
  tenants.push(id);
  return id;
}

const outboxOf = (tenantId: string) =>
  prisma.billingOutbox.findMany({ where: { tenantId }, orderBy: { windowStart: 'asc' } });

beforeAll(async () => {
  await ensureTiers(prisma);
  fake = await startFakeStripe();
  env = stripeWorkerEnv(fake, { STRIPE_RETRY_BASE_MS: '1000' });
  kit = await stripeKit(env);
});

afterAll(async () => {
  await deleteStripeTestData(prisma, env, tenants);
  await kit.close();
  await fake.close();
  await prisma.$disconnect();
});

describe('closing hours into the billing outbox', () => {
  it('writes one row per paying tenant and closed hour, once, with a stable identifier', async () => {
    const pro = await tenant('pro');
    const free = await tenant('free');
    const enterprise = await tenant('enterprise');
    await addRollup(prisma, pro, at(-2 * HOUR_MS), { costMicros: 100 });
    await addRollup(prisma, pro, at(-2 * HOUR_MS), { costMicros: 250, model: 'other-model' });
    await addRollup(prisma, pro, at(-HOUR_MS), { costMicros: 40 });
    await addRollup(prisma, pro, H0, { costMicros: 999 }); // the open hour
    await addRollup(prisma, free, at(-2 * HOUR_MS), { costMicros: 500 }); // free tiers are not billed
    await addRollup(prisma, enterprise, at(-HOUR_MS), { costMicros: 0 }); // nothing to bill

    expect((await kit.closer.closeDueHours(NOW)).closedThrough).toEqual(H0);

    const rows = await outboxOf(pro);
    expect(
      rows.map((row) => ({
        identifier: row.identifier,
        value: row.value,
        status: row.status,
        window: [row.windowStart, row.windowEnd],
      })),
    ).toEqual([
      {
        identifier: `${pro}:${env.STRIPE_METER_EVENT_NAME}:${at(-2 * HOUR_MS)
          .toISOString()
          .replace('.000Z', 'Z')}`,
        value: 350n,
        status: 'pending',
        window: [at(-2 * HOUR_MS), at(-HOUR_MS)],
      },
      {
        identifier: `${pro}:${env.STRIPE_METER_EVENT_NAME}:${at(-HOUR_MS).toISOString().replace('.000Z', 'Z')}`,
        value: 40n,
        status: 'pending',
        window: [at(-HOUR_MS), H0],
      },
    ]);
    expect(await outboxOf(free)).toEqual([]);
    expect(await outboxOf(enterprise)).toEqual([]);

    // A second run in the same hour finds nothing new; the next hour's run closes H0.
    expect((await kit.closer.closeDueHours(at(50 * 60_000))).written).toBe(0);
    await kit.closer.closeDueHours(at(HOUR_MS + 20 * 60_000));
    expect((await outboxOf(pro)).map((row) => row.value)).toEqual([350n, 40n, 999n]);
  });

  it('reports tokens instead of cost when the meter counts tokens', async () => {
    const tokensEnv = stripeWorkerEnv(fake, { STRIPE_METER_VALUE: 'tokens' });
    const tokensKit = await stripeKit(tokensEnv);
    try {
      const pro = await tenant('pro');
      await addRollup(prisma, pro, at(-HOUR_MS), { costMicros: 7, inputTokens: 30, outputTokens: 12 });
      await tokensKit.closer.closeDueHours(NOW);
      expect((await outboxOf(pro)).map((row) => [row.eventName, row.value])).toEqual([
        [tokensEnv.STRIPE_METER_EVENT_NAME, 42n],
      ]);
    } finally {
      await prisma.billingReportWatermark.deleteMany({
        where: { eventName: tokensEnv.STRIPE_METER_EVENT_NAME },
      });
      await tokensKit.close();
    }
  });
});

describe('sending meter events', () => {
  let pro: string;
  let customer: string;
  let hour: Date;

  // Each test gets a fresh closed hour of usage for a fresh paying tenant, queued in the outbox.
  beforeEach(async () => {
    customer = `cus_test_${randomBase62(10)}`;
    pro = await tenant('pro', customer);
    hour = at(-3 * HOUR_MS);
    await addRollup(prisma, pro, hour, { costMicros: 1234 });
    await prisma.billingReportWatermark.updateMany({
      where: { eventName: env.STRIPE_METER_EVENT_NAME },
      data: { closedThrough: hour },
    });
    await kit.closer.closeDueHours(NOW);
  });

  it('sends a due row as a Billing Meter event and marks it sent', async () => {
    await kit.sender.sendDue(NOW);

    const [row] = await outboxOf(pro);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: NOW, lastError: null });
    const sent = fake.requestsTo(METER_PATH).filter((request) => request.body.identifier === row?.identifier);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual({
      event_name: env.STRIPE_METER_EVENT_NAME,
      identifier: row?.identifier,
      timestamp: String(hour.getTime() / 1000),
      payload: { stripe_customer_id: customer, value: '1234' },
    });
    expect(sent[0]?.idempotencyKey).toBe(`llmguard-meter-${row?.identifier}`);
    expect(row?.payload).toMatchObject({ payload: { stripe_customer_id: customer, value: '1234' } });
    expect(fake.meterTotal(customer, env.STRIPE_METER_EVENT_NAME)).toBe(1234);
  });

  it('does not count usage twice when Stripe accepted it but the answer was lost', async () => {
    // Twice: the SDK itself retries a cut connection once (with the same idempotency key).
    fake.dropNextAnswers(METER_PATH, 2);
    await kit.sender.sendDue(NOW);
    const [afterLoss] = await outboxOf(pro);
    expect(afterLoss).toMatchObject({ status: 'pending', attempts: 1 });
    expect(afterLoss?.nextAttemptAt).toEqual(new Date(NOW.getTime() + 1000));

    await kit.sender.sendDue(new Date(NOW.getTime() + 1000));

    const [row] = await outboxOf(pro);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.requestsTo(METER_PATH).filter((r) => r.body.identifier === row?.identifier)).toHaveLength(3);
    expect(fake.meterTotal(customer, env.STRIPE_METER_EVENT_NAME)).toBe(1234);
  });

  it('does not count usage twice when the worker died between Stripe and marking the row sent', async () => {
    await kit.sender.sendDue(NOW);
    // The crash: Stripe has the event, the row never became `sent`, and Stripe's idempotency keys have expired, so
    // only the meter event identifier can stop the resend from counting.
    const [row] = await outboxOf(pro);
    await prisma.billingOutbox.update({
      where: { id: row?.id },
      data: { status: 'pending', sentAt: null, nextAttemptAt: NOW },
    });
    fake.forgetIdempotencyKeys();

    await kit.sender.sendDue(NOW);

    expect((await outboxOf(pro))[0]).toMatchObject({ status: 'sent' });
    expect(fake.requestsTo(METER_PATH).filter((r) => r.body.identifier === row?.identifier)).toHaveLength(2);
    expect(fake.meterTotal(customer, env.STRIPE_METER_EVENT_NAME)).toBe(1234);
  });

  it('retries transient failures with exponential backoff and fails a permanent 4xx for good', async () => {
    fake.failNext(METER_PATH, 503);
    await kit.sender.sendDue(NOW);
    let [row] = await outboxOf(pro);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.nextAttemptAt).toEqual(new Date(NOW.getTime() + 1000));
    expect(row?.lastError).toContain('503');

    // Not due yet: nothing is sent before next_attempt_at.
    const before = fake.requestsTo(METER_PATH).length;
    await kit.sender.sendDue(new Date(NOW.getTime() + 999));
    expect(fake.requestsTo(METER_PATH)).toHaveLength(before);

    const second = new Date(NOW.getTime() + 1000);
    fake.failNext(METER_PATH, 429);
    await kit.sender.sendDue(second);
    [row] = await outboxOf(pro);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row?.nextAttemptAt).toEqual(new Date(second.getTime() + 2000));

    fake.failNext(METER_PATH, 400);
    await kit.sender.sendDue(new Date(second.getTime() + 2000));
    [row] = await outboxOf(pro);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row?.lastError).toContain('400');
    expect(fake.meterTotal(customer, env.STRIPE_METER_EVENT_NAME)).toBe(0);

    // A failed row is left alone.
    await kit.sender.sendDue(new Date(second.getTime() + HOUR_MS));
    expect((await outboxOf(pro))[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('keeps a row waiting while its tenant has no Stripe customer', async () => {
    await prisma.tenant.update({ where: { id: pro }, data: { stripeCustomerId: null } });
    await kit.sender.sendDue(NOW);
    expect((await outboxOf(pro))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'The tenant has no Stripe customer yet.',
    });

    await prisma.tenant.update({ where: { id: pro }, data: { stripeCustomerId: customer } });
    await kit.sender.sendDue(new Date(NOW.getTime() + 1000));
    expect((await outboxOf(pro))[0]).toMatchObject({ status: 'sent' });
    expect(fake.meterTotal(customer, env.STRIPE_METER_EVENT_NAME)).toBe(1234);
  });
});
