import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeHostOptions } from '@llmguard/shared';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe';

/**
 * The fake Stripe refuses what Stripe refuses, so a wrong call in our code fails its tests instead of production.
 * The official SDK encodes the bodies, as it does in the worker and the gateway.
 */
let fake: FakeStripe;
let stripe: Stripe;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = new Stripe('sk_test_fake', { ...stripeHostOptions(fake.url), maxNetworkRetries: 0 });
});

afterAll(async () => {
  await fake.close();
});

/** The Stripe error a call was refused with (the SDK throws it). */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.fail('Stripe accepted the request'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  const { statusCode, type, code, param } = error as Stripe.errors.StripeInvalidRequestError;
  return { statusCode, type, code, param };
}

/** Posts a raw form body, for shapes the SDK's types would not let through. */
async function post(path: string, form: Record<string, string>) {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_fake', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
}

describe('fake Stripe: our normal calls are accepted', () => {
  it('accepts a customer, a subscription, checkout and portal sessions and a meter event as our code sends them', async () => {
    const customer = await stripe.customers.create(
      { description: 'LLMGuard tenant t1', metadata: { tenant_id: 't1' } },
      { idempotencyKey: 'fake-spec-customer' },
    );
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_test' }],
      metadata: { tenant_id: 't1', tier_id: 'pro' },
    });
    const checkout = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: 'http://portal.test/acme/settings/billing?setup=done',
      cancel_url: 'http://portal.test/acme/settings/billing',
      metadata: { tenant_id: 't1' },
    });
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://portal.test/acme/settings/billing',
    });
    const meterEvent = await stripe.billing.meterEvents.create({
      event_name: 'llmguard_tokens',
      identifier: 'fake-spec-event-1',
      timestamp: now() - 3600,
      payload: { stripe_customer_id: customer.id, value: '42' },
    });

    expect(subscription.items.data[0]?.price.id).toBe('price_pro_test');
    expect(checkout.url).toMatch(/^https:\/\//);
    expect(portal.url).toMatch(/^https:\/\//);
    expect(meterEvent.identifier).toBe('fake-spec-event-1');
    expect(fake.meterTotal(customer.id, 'llmguard_tokens')).toBe(42);
  });
});

describe('fake Stripe: requests Stripe would refuse', () => {
  it('refuses a missing required parameter, naming it', async () => {
    expect(
      await refusal(
        stripe.checkout.sessions.create({
          mode: 'setup',
          customer: 'cus_x',
          success_url: 'http://portal.test/done',
        }),
      ),
    ).toEqual({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      code: 'parameter_missing',
      param: 'currency',
    });
    expect(
      await refusal(stripe.subscriptions.create({ customer: 'cus_x', items: [{ quantity: 1 }] })),
    ).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'items[0][price]' });
    expect(
      await refusal(
        stripe.billing.meterEvents.create({ event_name: 'llmguard_tokens', payload: { value: '1' } }),
      ),
    ).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'payload[stripe_customer_id]' });
  });

  it('refuses an unknown parameter with the Stripe error body', async () => {
    const answer = await post('/v1/billing_portal/sessions', {
      customer: 'cus_x',
      retrun_url: 'http://x.test',
    });
    expect(answer).toEqual({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'parameter_unknown',
          param: 'retrun_url',
          message: 'Received unknown parameter: retrun_url',
        },
      },
    });
  });

  it('refuses malformed meter events: a fractional value, a long identifier, a timestamp out of the window', async () => {
    const event = (overrides: Partial<Stripe.Billing.MeterEventCreateParams>) =>
      stripe.billing.meterEvents.create({
        event_name: 'llmguard_tokens',
        payload: { stripe_customer_id: 'cus_x', value: '1' },
        ...overrides,
      });
    expect(await refusal(event({ payload: { stripe_customer_id: 'cus_x', value: '1.5' } }))).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'payload[value]',
    });
    expect(await refusal(event({ identifier: 'i'.repeat(101) }))).toMatchObject({ param: 'identifier' });
    expect(await refusal(event({ timestamp: now() - 36 * 86_400 }))).toMatchObject({ param: 'timestamp' });
    expect(await refusal(event({ timestamp: now() + 600 }))).toMatchObject({ param: 'timestamp' });
    expect(fake.meterTotal('cus_x', 'llmguard_tokens')).toBe(0);
  });

  it('keeps no idempotent answer for a refused request, so the corrected retry goes through', async () => {
    const key = 'fake-spec-retry';
    await refusal(
      stripe.customers.create({ metadata: { tenant_id: 't2' }, nmae: 'x' } as never, { idempotencyKey: key }),
    );
    const customer = await stripe.customers.create(
      { metadata: { tenant_id: 't2' } },
      { idempotencyKey: key },
    );
    expect(customer.id).toMatch(/^cus_/);
  });
});
