import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, randomBase62, type BillingOverview, type BillingSubscriptionView } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { startFakeStripe, stripeGatewayEnv, type FakeStripe } from './support/fake-stripe';

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

async function tenant(options: { customer: boolean }) {
  const created = await harness.tenantWithOwner();
  const customer = options.customer ? `cus_billing_${randomBase62(12)}` : null;
  if (customer)
    await harness.prisma.tenant.update({
      where: { id: created.tenantId },
      data: { stripeCustomerId: customer },
    });
  return { ...created, customer, billingPath: `/api/tenants/${created.slug}/billing` };
}

describe('GET /api/tenants/:slug/billing', () => {
  it("shows the tier, the customer's readiness and how the tenant's usage is reaching Stripe", async () => {
    const { tenantId, owner, billingPath } = await tenant({ customer: false });
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    const outboxRow = (status: 'pending' | 'sent' | 'failed', createdAt: Date, lastError: string | null) => ({
      id: newId('obx'),
      tenantId,
      identifier: `${tenantId}:test_meter:${randomBase62(8)}`,
      eventName: 'test_meter',
      value: 10n,
      windowStart: hourAgo,
      windowEnd: hourAgo,
      payload: {},
      status,
      createdAt,
      lastError,
      sentAt: status === 'sent' ? hourAgo : null,
    });
    await harness.prisma.billingOutbox.createMany({
      data: [
        outboxRow('pending', hourAgo, 'Stripe 503 api_error: down'), // overdue
        outboxRow('pending', new Date(), null),
        outboxRow('failed', hourAgo, 'Stripe 400 invalid_request_error: too old'),
        outboxRow('sent', hourAgo, null),
      ],
    });

    const response = await owner.client.get<BillingOverview>(billingPath);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      enabled: true,
      tierId: 'free',
      customerReady: false,
      subscribableTiers: ['pro', 'enterprise'],
      subscription: null,
      usageReporting: {
        pending: 2,
        pendingOverdue: 1,
        failed: 1,
        lastSentAt: hourAgo.toISOString(),
        lastError: expect.stringMatching(/^Stripe (503|400)/),
      },
    });
    await harness.prisma.billingOutbox.deleteMany({ where: { tenantId } });
  });
});

describe('PUT /api/tenants/:slug/billing/subscription', () => {
  it("subscribes the tenant to the tier's metered price, mirrors it, grants the tier and audits both", async () => {
    const { tenantId, customer, owner, billingPath } = await tenant({ customer: true });

    const response = await owner.client.request<BillingSubscriptionView>(
      'PUT',
      `${billingPath}/subscription`,
      {
        body: { tierId: 'pro' },
      },
    );

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'active', tierId: 'pro', cancelAtPeriodEnd: false });
    const [request] = fake.requestsTo('/v1/subscriptions').filter((r) => r.body.customer === customer);
    expect(request?.body).toMatchObject({
      customer,
      items: { 0: { price: 'price_pro_test' } },
      metadata: { tenant_id: tenantId, tier_id: 'pro' },
    });
    expect(request?.idempotencyKey).toBe(`llmguard-subscription-${tenantId}-pro-first`);
    const overview = await owner.client.get<BillingOverview>(billingPath);
    expect(overview.body).toMatchObject({ tierId: 'pro', customerReady: true, subscription: response.body });
    const audit = await harness.prisma.auditLogEntry.findMany({
      where: { tenantId },
      orderBy: { sequence: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorType, entry.actorId])).toEqual([
      ['tenant.created', 'user', owner.id],
      ['subscription.created', 'user', owner.id],
      ['tenant.tier_changed', 'user', owner.id],
    ]);

    // A second subscription while this one lives would bill twice.
    const again = await owner.client.request('PUT', `${billingPath}/subscription`, {
      body: { tierId: 'enterprise' },
    });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('conflict');
  });

  it('names the field when the tier is not sold through Stripe', async () => {
    const { owner, billingPath } = await tenant({ customer: true });
    const response = await owner.client.request('PUT', `${billingPath}/subscription`, {
      body: { tierId: 'free' },
    });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.[0]).toMatchObject({ location: 'body.tierId' });
    const missing = await owner.client.request('PUT', `${billingPath}/subscription`, { body: {} });
    expect(missing.status).toBe(400);
    expect(errorOf(missing).errors?.[0]?.location).toBe('body.tierId');
  });

  it('answers 409 until the billing worker has made the Stripe customer', async () => {
    const { owner, billingPath } = await tenant({ customer: false });
    const response = await owner.client.request('PUT', `${billingPath}/subscription`, {
      body: { tierId: 'pro' },
    });
    expect(response.status).toBe(409);
    const session = await owner.client.post(`${billingPath}/portal-sessions`);
    expect(session.status).toBe(409);
  });

  it('answers 502 and changes nothing when Stripe fails', async () => {
    const { tenantId, owner, billingPath } = await tenant({ customer: true });
    fake.failNext('/v1/subscriptions', 500, 2); // the SDK retries once
    const response = await owner.client.request('PUT', `${billingPath}/subscription`, {
      body: { tierId: 'pro' },
    });
    expect(response.status).toBe(502);
    expect(errorOf(response).code).toBe('upstream_error');
    expect(await harness.prisma.subscription.count({ where: { tenantId } })).toBe(0);
  });
});

describe('Stripe-hosted pages', () => {
  it('opens Checkout in setup mode with return URLs built from the portal URL, never from the request', async () => {
    const { slug, customer, owner, billingPath } = await tenant({ customer: true });

    const response = await owner.client.post<{ url: string }>(`${billingPath}/checkout-sessions`, {
      success_url: 'https://evil.example/',
    });

    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/cs_/);
    const request = fake.requestsTo('/v1/checkout/sessions').find((r) => r.body.customer === customer);
    expect(request?.body).toMatchObject({
      mode: 'setup',
      currency: 'usd',
      success_url: `http://127.0.0.1:3000/${slug}/settings/billing?setup=done`,
      cancel_url: `http://127.0.0.1:3000/${slug}/settings/billing`,
    });
  });

  it('opens the Billing Portal for the tenant’s customer', async () => {
    const { slug, customer, owner, billingPath } = await tenant({ customer: true });
    const response = await owner.client.post<{ url: string }>(`${billingPath}/portal-sessions`);
    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/bps_/);
    const request = fake.requestsTo('/v1/billing_portal/sessions').find((r) => r.body.customer === customer);
    expect(request?.body.return_url).toBe(`http://127.0.0.1:3000/${slug}/settings/billing`);
  });

  it('stay open to a suspended tenant, so it can pay, while its other changes are refused', async () => {
    const { tenantId, owner, billingPath } = await tenant({ customer: true });
    await harness.prisma.tenant.update({ where: { id: tenantId }, data: { status: 'suspended' } });
    expect((await owner.client.post(`${billingPath}/portal-sessions`)).status).toBe(201);
    expect((await owner.client.post(`${billingPath}/checkout-sessions`)).status).toBe(201);
    const subscribe = await owner.client.request('PUT', `${billingPath}/subscription`, {
      body: { tierId: 'pro' },
    });
    expect(subscribe.status).toBe(403);
    expect(errorOf(subscribe).code).toBe('tenant_suspended');
  });
});

describe('with Stripe off', () => {
  it('shows billing as disabled and answers 503 to what needs Stripe', async () => {
    const plain = await startControlPlane();
    try {
      const { slug, owner } = await plain.tenantWithOwner();
      const overview = await owner.client.get<BillingOverview>(`/api/tenants/${slug}/billing`);
      expect(overview.body).toMatchObject({ enabled: false, subscribableTiers: [] });
      const session = await owner.client.post(`/api/tenants/${slug}/billing/portal-sessions`);
      expect(session.status).toBe(503);
      const webhook = await fetch(new URL('/api/billing/stripe/webhook', plain.gateway.controlPlaneUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
        body: '{}',
      });
      expect(webhook.status).toBe(503);
    } finally {
      await plain.close();
    }
  });
});
