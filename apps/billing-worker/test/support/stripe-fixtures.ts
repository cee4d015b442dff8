import { Test } from '@nestjs/testing';
import type { PrismaClient } from '@llmguard/db';
import { newId, randomBase62, type BillingWorkerEnv } from '@llmguard/shared';
import {
  createWorkerClients,
  WorkerClientsModule,
  type WorkerClients,
} from '../../src/clients/worker-clients';
import { BillingOutboxRepository } from '../../src/stripe/billing-outbox.repository';
import { MeterEventSender } from '../../src/stripe/meter-event.sender';
import { StripeCustomerSync } from '../../src/stripe/stripe-customer.sync';
import { stripeProvider } from '../../src/stripe/stripe.client';
import { UsageHourCloser } from '../../src/stripe/usage-hour.closer';
import type { FakeStripe } from './fake-stripe';
import { testWorkerEnv } from './usage-fixtures';

/**
 * Worker settings pointing the Stripe SDK at the fake. Each suite gets its own meter event name, so its watermark
 * and outbox identifiers start fresh in the shared test database.
 */
export function stripeWorkerEnv(fake: FakeStripe, overrides: Record<string, string> = {}): BillingWorkerEnv {
  return testWorkerEnv({
    STRIPE_SECRET_KEY: 'sk_test_fake',
    STRIPE_API_BASE_URL: fake.url,
    STRIPE_TIER_PRICES: 'pro:price_pro_test,enterprise:price_enterprise_test',
    STRIPE_METER_EVENT_NAME: `test_cost_${randomBase62(8).toLowerCase()}`,
    ...overrides,
  });
}

export async function ensureTiers(prisma: PrismaClient): Promise<void> {
  for (const id of ['free', 'pro', 'enterprise']) {
    await prisma.slaTier.upsert({
      where: { id },
      update: {},
      create: {
        id,
        name: id,
        availabilityTargetBasisPoints: 9900,
        latencyP95TargetMs: 5000,
        ttftP95TargetMs: 2000,
        creditPercent: 0,
      },
    });
  }
}

export async function createTenant(
  prisma: PrismaClient,
  tierId: string,
  stripeCustomerId: string | null = null,
): Promise<string> {
  const id = newId('tnt');
  const slug = `stripe-${randomBase62(10).toLowerCase()}`;
  await prisma.tenant.create({ data: { id, slug, name: slug, tierId, stripeCustomerId } });
  return id;
}

/** One rollup row (a key and model of a tenant in an hour). */
export async function addRollup(
  prisma: PrismaClient,
  tenantId: string,
  hourStart: Date,
  usage: { costMicros: number; inputTokens?: number; outputTokens?: number; model?: string },
): Promise<void> {
  await prisma.usageRollupHourly.create({
    data: {
      tenantId,
      apiKeyId: 'key_stripe_test',
      model: usage.model ?? 'demo-chat',
      hourStart,
      requests: 1,
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
      costMicros: usage.costMicros,
    },
  });
}

/** The Stripe services wired by Nest, without BullMQ: tests call them with a chosen clock. */
export type StripeKit = {
  clients: WorkerClients;
  customers: StripeCustomerSync;
  closer: UsageHourCloser;
  sender: MeterEventSender;
  close(): Promise<void>;
};

export async function stripeKit(env: BillingWorkerEnv): Promise<StripeKit> {
  const clients = createWorkerClients(env);
  const module = await Test.createTestingModule({
    imports: [WorkerClientsModule.forClients(clients)],
    providers: [
      stripeProvider,
      StripeCustomerSync,
      UsageHourCloser,
      BillingOutboxRepository,
      MeterEventSender,
    ],
  }).compile();
  return {
    clients,
    customers: module.get(StripeCustomerSync),
    closer: module.get(UsageHourCloser),
    sender: module.get(MeterEventSender),
    async close() {
      await module.close();
      await clients.close();
    },
  };
}

/** Removes what a suite wrote for its meter and tenants (the outbox references tenants). */
export async function deleteStripeTestData(
  prisma: PrismaClient,
  env: BillingWorkerEnv,
  tenantIds: string[],
): Promise<void> {
  await prisma.billingOutbox.deleteMany({ where: { eventName: env.STRIPE_METER_EVENT_NAME } });
  await prisma.billingReportWatermark.deleteMany({ where: { eventName: env.STRIPE_METER_EVENT_NAME } });
  await prisma.billingOutbox.deleteMany({ where: { tenantId: { in: tenantIds } } });
  await prisma.usageRollupHourly.deleteMany({ where: { tenantId: { in: tenantIds } } });
  await prisma.tenant.deleteMany({ where: { id: { in: tenantIds } } });
}
