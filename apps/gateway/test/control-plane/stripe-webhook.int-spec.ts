import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBase62 } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { startFakeStripe, stripeGatewayEnv, type FakeStripe } from './support/fake-stripe';
import {
  deliver,
  invoiceObject,
  signatureFor,
  stripeEvent,
  subscriptionObject,
} from './support/stripe-events';

let harness: ControlPlaneHarness;
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  harness = await startControlPlane(stripeGatewayEnv(fake));
});

afterAll(async () => {
  await harness?.close();
  await fake?.close();
});

/** A tenant with its Stripe customer, as the billing worker leaves it. */
async function tenantWithCustomer() {
  const tenant = await harness.tenantWithOwner();
  const customer = `cus_wh_${randomBase62(12)}`;
  await harness.prisma.tenant.update({
    where: { id: tenant.tenantId },
    data: { stripeCustomerId: customer },
  });
  return { ...tenant, customer };
}

const tierOf = async (tenantId: string) =>
  (await harness.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } })).tierId;

const auditActions = async (tenantId: string) =>
  (
    await harness.prisma.auditLogEntry.findMany({
      where: { tenantId, actorType: 'system' },
      orderBy: { sequence: 'asc' },
    })
  ).map((entry) => entry.action);

describe('POST /api/billing/stripe/webhook: signatures', () => {
  it('refuses an unsigned, a tampered and a foreign-signed delivery with 400 and records nothing', async () => {
    const { customer } = await tenantWithCustomer();
    const event = stripeEvent(
      'customer.subscription.created',
      subscriptionObject({ id: `sub_${randomBase62(12)}`, customer, status: 'active' }),
    );
    const tampered = { ...event, type: 'invoice.paid' };
    const responses = [
      await deliver(harness.gateway.controlPlaneUrl, event, null),
      await deliver(harness.gateway.controlPlaneUrl, tampered, signatureFor(JSON.stringify(event))),
      await deliver(
        harness.gateway.controlPlaneUrl,
        event,
        signatureFor(JSON.stringify(event), 'whsec_someone_else'),
      ),
      await deliver(harness.gateway.controlPlaneUrl, event, 't=1,v1=deadbeef'),
    ];
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(errorOf(response as never).code).toBe('invalid_request');
    }
    expect(await harness.prisma.stripeWebhookEvent.count({ where: { id: event.id } })).toBe(0);
  });
});

describe('POST /api/billing/stripe/webhook: subscriptions', () => {
  it('mirrors a subscription and copies its tier to the tenant while it is active, once per event id', async () => {
    const { tenantId, customer } = await tenantWithCustomer();
    const subscriptionId = `sub_${randomBase62(12)}`;
    const created = stripeEvent(
      'customer.subscription.created',
      subscriptionObject({ id: subscriptionId, customer, status: 'active', price: 'price_enterprise_test' }),
    );

    const first = await deliver(harness.gateway.controlPlaneUrl, created);
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } });
    const row = await harness.prisma.subscription.findUniqueOrThrow({
      where: { stripeSubscriptionId: subscriptionId },
    });
    expect(row).toMatchObject({
      tenantId,
      status: 'active',
      tierId: 'enterprise',
      stripePriceIds: ['price_enterprise_test'],
      currentPeriodStart: new Date(Date.UTC(2026, 10, 1)),
      cancelAtPeriodEnd: false,
    });
    expect(await tierOf(tenantId)).toBe('enterprise');

    // Stripe redelivers the same event: acknowledged, nothing changes twice.
    const again = await deliver(harness.gateway.controlPlaneUrl, created);
    expect(again).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await auditActions(tenantId)).toEqual(['subscription.created', 'tenant.tier_changed']);
  });

  it('drops the tenant back to free when the subscription ends, and ignores an older event arriving late', async () => {
    const { tenantId, customer } = await tenantWithCustomer();
    const id = `sub_${randomBase62(12)}`;
    const now = Math.floor(Date.now() / 1000);
    await deliver(
      harness.gateway.controlPlaneUrl,
      stripeEvent(
        'customer.subscription.created',
        subscriptionObject({ id, customer, status: 'active' }),
        now - 60,
      ),
    );
    expect(await tierOf(tenantId)).toBe('pro');

    const deleted = stripeEvent(
      'customer.subscription.deleted',
      subscriptionObject({ id, customer, status: 'canceled' }),
      now,
    );
    expect((await deliver(harness.gateway.controlPlaneUrl, deleted)).status).toBe(200);
    expect(await tierOf(tenantId)).toBe('free');

    // An update sent before the deletion but delivered after it must not bring the subscription back.
    const late = stripeEvent(
      'customer.subscription.updated',
      subscriptionObject({ id, customer, status: 'active', cancelAtPeriodEnd: true }),
      now - 30,
    );
    expect((await deliver(harness.gateway.controlPlaneUrl, late)).status).toBe(200);
    const row = await harness.prisma.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: id } });
    expect(row).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: false });
    expect(await tierOf(tenantId)).toBe('free');
  });

  it('acknowledges events for customers it does not know without storing anything', async () => {
    const id = `sub_${randomBase62(12)}`;
    const event = stripeEvent(
      'customer.subscription.created',
      subscriptionObject({ id, customer: 'cus_not_ours', status: 'active' }),
    );
    expect((await deliver(harness.gateway.controlPlaneUrl, event)).status).toBe(200);
    expect(await harness.prisma.subscription.count({ where: { stripeSubscriptionId: id } })).toBe(0);
  });

  it('answers 400 naming the field when a signed subscription lacks what the mirror needs, so Stripe retries', async () => {
    const { customer } = await tenantWithCustomer();
    const broken = stripeEvent('customer.subscription.updated', {
      id: 'sub_broken',
      customer,
      status: 'active',
    });
    const response = await deliver(harness.gateway.controlPlaneUrl, broken);
    expect(response.status).toBe(400);
    expect(errorOf(response as never).code).toBe('validation_failed');
    expect(JSON.stringify(response.body)).toContain('body.items');
    expect(await harness.prisma.stripeWebhookEvent.count({ where: { id: broken.id } })).toBe(0);
  });
});

describe('POST /api/billing/stripe/webhook: invoices, and GET …/billing/invoices', () => {
  it('mirrors invoices and lists them newest period first, in bounded pages', async () => {
    const { tenantId, customer, slug, owner } = await tenantWithCustomer();
    const subscription = `sub_${randomBase62(12)}`;
    await deliver(
      harness.gateway.controlPlaneUrl,
      stripeEvent(
        'customer.subscription.created',
        subscriptionObject({ id: subscription, customer, status: 'active' }),
      ),
    );
    const october = Date.UTC(2026, 9, 1) / 1000;
    const november = Date.UTC(2026, 10, 1) / 1000;
    const octoberInvoice = `in_${randomBase62(12)}`;
    await deliver(
      harness.gateway.controlPlaneUrl,
      stripeEvent(
        'invoice.finalized',
        invoiceObject({
          id: octoberInvoice,
          customer,
          subscription,
          status: 'open',
          total: 4_200,
          periodStart: october,
        }),
      ),
    );
    await deliver(
      harness.gateway.controlPlaneUrl,
      stripeEvent(
        'invoice.paid',
        invoiceObject({
          id: octoberInvoice,
          customer,
          subscription,
          status: 'paid',
          total: 4_200,
          periodStart: october,
          paidAt: october + 31 * 86_400,
        }),
      ),
    );
    await deliver(
      harness.gateway.controlPlaneUrl,
      stripeEvent(
        'invoice.created',
        invoiceObject({
          id: `in_${randomBase62(12)}`,
          customer,
          subscription,
          status: 'draft',
          total: 900,
          periodStart: november,
        }),
      ),
    );

    const firstPage = await owner.client.get<{ data: Record<string, unknown>[]; nextCursor: string | null }>(
      `/api/tenants/${slug}/billing/invoices`,
      { query: { limit: 1 } },
    );
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.data.map((invoice) => invoice.status)).toEqual(['draft']);
    const secondPage = await owner.client.get<{ data: Record<string, unknown>[]; nextCursor: string | null }>(
      `/api/tenants/${slug}/billing/invoices`,
      { query: { limit: 1, cursor: firstPage.body.nextCursor ?? '' } },
    );
    expect(secondPage.body).toEqual({
      data: [
        expect.objectContaining({
          stripeInvoiceId: octoberInvoice,
          status: 'paid',
          currency: 'usd',
          subtotal: 4_100,
          tax: 100,
          total: 4_200,
          amountPaid: 4_200,
          periodStart: new Date(october * 1000).toISOString(),
          paidAt: new Date((october + 31 * 86_400) * 1000).toISOString(),
          hostedInvoiceUrl: `https://invoice.stripe.test/${octoberInvoice}`,
        }),
      ],
      nextCursor: null,
    });
    expect(
      (await harness.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: octoberInvoice } }))
        .stripeSubscriptionId,
    ).toBe(subscription);
    expect(await harness.prisma.invoice.count({ where: { tenantId } })).toBe(2);

    const tooBig = await owner.client.get(`/api/tenants/${slug}/billing/invoices`, { query: { limit: 101 } });
    expect(tooBig.status).toBe(400);
    expect(errorOf(tooBig).errors?.[0]?.location).toBe('query.limit');
  });
});
